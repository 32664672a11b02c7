import { handlePutUsage } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** PUT /api/v1/usage — see server/services/ingest/API.md. */
export async function PUT(req: Request): Promise<Response> {
  return handlePutUsage(req);
}
