import { getDb } from "~/db";
import { configureDemoTicketing } from "~/server/services/demo/configure-ticketing";

export const dynamic = "force-dynamic";

/**
 * Demo only (404 unless PSA_RELAY_MODE=demo): configures ticketing for the demo partners inside the
 * portal process, where the sandboxes' state and (with PGlite) the database live. `npm run demo`
 * calls it once the portal answers. Idempotent.
 */
export async function POST() {
  if (process.env.PSA_RELAY_MODE !== "demo") return new Response("Not found", { status: 404 });
  const results = await configureDemoTicketing(await getDb());
  return Response.json({ results }, { headers: { "cache-control": "no-store" } });
}
