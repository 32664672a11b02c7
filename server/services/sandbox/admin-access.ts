import { eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { users } from "~/db/schema";
import { autotaskSandboxAdminEnabled, autotaskSandboxEnabled, handleAutotaskSandbox, isAutotaskAdminPath } from "~/server/sandbox/autotask";
import { adminRefusal, bearerToken, hasSandboxAdminToken, type SandboxAdminAccess, TOKEN_ACCESS } from "~/server/sandbox/common/admin-access";
import {
  connectWiseSandboxAdminEnabled,
  connectWiseSandboxEnabled,
  handleConnectWiseSandbox,
  isConnectWiseAdminPath,
} from "~/server/sandbox/connectwise";

import { checkSameSite, configuredOrigins } from "~/server/security/origins";

import { sandboxOwnership } from "./ownership";

/** Only the signed-in user's id is trusted; role, partner and status are read from the database. */
export type SessionLike = { user?: { id?: string | null } | null } | null;

/**
 * Who is calling a demo/test admin surface (the sandboxes' `_admin`, `/api/demo/setup`): a script
 * with the sandbox admin token, or a signed-in, active admin (with the partner's tenants). Anything
 * else is answered here: 401 without a valid token or session, 403 for a technician or a cross-site
 * request riding on the session cookie (415 for a change that is not application/json).
 */
export async function resolveSandboxAdminAccess(db: DbOrTx, req: Request, session: () => Promise<SessionLike>): Promise<SandboxAdminAccess | Response> {
  if (bearerToken(req) !== null) {
    return hasSandboxAdminToken(req) ? TOKEN_ACCESS : adminRefusal(401, "The sandbox admin token is not valid: use sandboxAdminToken from .data/demo.json.");
  }
  const userId = (await session())?.user?.id;
  if (!userId) return adminRefusal(401);
  // A session rides on the browser's cookie: the same cross-site rule as the portal's own API.
  const site = checkSameSite(req, configuredOrigins());
  if (!site.ok) return Response.json({ error: site.message }, { status: site.status, headers: { "cache-control": "no-store" } });
  const [user] = await db.select({ partnerId: users.partnerId, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
  if (!user || user.disabledAt) return adminRefusal(401);
  if (user.role !== "admin") return adminRefusal(403);
  return { kind: "partner", partnerId: user.partnerId, owns: await sandboxOwnership(db, user.partnerId) };
}

export type SandboxRouteDeps = { session: () => Promise<SessionLike>; db: () => Promise<DbOrTx> };

/**
 * The portal's `/sandbox/{autotask|connectwise}/…` routes: 404 unless the sandbox is served; the
 * PSA-API surface as it is (the connectors authenticate with the tenant's API credentials); the
 * `_admin` surface (demo and test modes only) for the token or the owning partner's admin.
 */
export async function serveSandboxRoute(provider: "autotask" | "connectwise", req: Request, deps: SandboxRouteDeps): Promise<Response> {
  const sandbox =
    provider === "autotask"
      ? { enabled: autotaskSandboxEnabled, adminEnabled: autotaskSandboxAdminEnabled, isAdmin: isAutotaskAdminPath, handle: handleAutotaskSandbox }
      : { enabled: connectWiseSandboxEnabled, adminEnabled: connectWiseSandboxAdminEnabled, isAdmin: isConnectWiseAdminPath, handle: handleConnectWiseSandbox };
  if (!sandbox.enabled()) return new Response("Not found", { status: 404 });
  if (!sandbox.isAdmin(new URL(req.url).pathname)) return sandbox.handle(req);
  if (!sandbox.adminEnabled()) return new Response("Not found", { status: 404 });
  const access = await resolveSandboxAdminAccess(await deps.db(), req, deps.session);
  if (access instanceof Response) return access;
  return sandbox.handle(req, { adminAccess: access });
}
