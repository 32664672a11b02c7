import { handlePutAccounts } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** PUT /api/v1/accounts — see server/services/ingest/API.md. */
export async function PUT(req: Request): Promise<Response> {
  return handlePutAccounts(req);
}
