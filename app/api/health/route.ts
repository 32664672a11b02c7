import { sql } from "drizzle-orm";

import { getDbHandle } from "~/db";
import { countUnfinishedEvents } from "~/db/queries/event-processing";
import { env, inngestServerConfigured } from "~/server/env";

export const dynamic = "force-dynamic";

/**
 * Liveness and wiring: which database driver and which job mode this process runs with.
 * 503 when the database cannot be reached (the demo command and load balancers wait on 200).
 * In demo and test modes it also reports the processing backlog (events not yet processed), which
 * the benchmarks wait on; production answers never include it.
 */
export async function GET() {
  const jobs = inngestServerConfigured() ? "inngest" : "inline";
  const headers = { "cache-control": "no-store" };
  try {
    const handle = await getDbHandle();
    await handle.db.execute(sql`select 1`);
    const backlog = env().PSA_RELAY_MODE === "production" ? {} : { unfinishedEvents: await countUnfinishedEvents(handle.db) };
    return Response.json({ ok: true, db: handle.driver, jobs, ...backlog }, { headers });
  } catch (err) {
    console.error(`[health] database unreachable: ${err instanceof Error ? err.message : String(err)}`);
    const db = process.env.DATABASE_URL ? "postgres" : "pglite";
    return Response.json({ ok: false, db, jobs, error: "The database is not reachable." }, { status: 503, headers });
  }
}
