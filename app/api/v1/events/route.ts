import { handlePostEvents } from "~/server/services/ingest/handlers";

export const dynamic = "force-dynamic";

/** POST /api/v1/events — see server/services/ingest/API.md. */
export async function POST(req: Request): Promise<Response> {
  return handlePostEvents(req);
}
