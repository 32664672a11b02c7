import { handleGetOpenApi } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — the ingest API's OpenAPI 3.1 document. */
export async function GET(): Promise<Response> {
  return handleGetOpenApi();
}
