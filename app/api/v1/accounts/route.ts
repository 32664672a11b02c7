import { handlePutAccounts } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** PUT /api/v1/accounts — see the "Ingest API" section of README.md and /api/v1/openapi.json. */
export async function PUT(req: Request): Promise<Response> {
  return handlePutAccounts(req);
}
