import { handlePutCustomers } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** PUT /api/v1/customers — see server/services/ingest/API.md. */
export async function PUT(req: Request): Promise<Response> {
  return handlePutCustomers(req);
}
