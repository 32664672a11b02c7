import { handlePostEvents } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** POST /api/v1/events — see the "Ingest API" section of README.md and /api/v1/openapi.json. */
export async function POST(req: Request): Promise<Response> {
  return handlePostEvents(req);
}
