import type { Db } from "~/db";
import { adminRefusal } from "~/server/sandbox/common/admin-access";
import { resolveSandboxAdminAccess, type SessionLike } from "~/server/services/sandbox/admin-access";

import { configureDemoTicketing } from "./configure-ticketing";

/**
 * POST /api/demo/setup (demo mode only, else 404): configures ticketing for the demo partners
 * inside the portal process, where the sandboxes' state and (with PGlite) the database live.
 * `npm run demo` calls it with the sandbox admin token (every demo partner); a signed-in admin of a
 * demo partner may run it for their own partner only. Idempotent.
 */
export async function handleDemoSetup(req: Request, deps: { session: () => Promise<SessionLike>; db: () => Promise<Db> }): Promise<Response> {
  if (process.env.PSA_RELAY_MODE !== "demo") return new Response("Not found", { status: 404 });
  const db = await deps.db();
  const access = await resolveSandboxAdminAccess(db, req, deps.session);
  if (access instanceof Response) return access;
  const results = await configureDemoTicketing(db, {}, access.kind === "partner" ? { partnerId: access.partnerId } : undefined);
  if (access.kind === "partner" && results.length === 0) return adminRefusal(403, "Only an admin of a demo partner can set up the demo.");
  return Response.json({ results }, { headers: { "cache-control": "no-store" } });
}
