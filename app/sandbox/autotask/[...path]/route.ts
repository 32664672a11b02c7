import { getDb } from "~/db";
import { auth } from "~/server/auth/config";
import { serveSandboxRoute } from "~/server/services/sandbox/admin-access";

/**
 * The Autotask sandbox on the portal's own origin: /sandbox/autotask/atservicesrest/v1.0/… and
 * /sandbox/autotask/_admin/…. Off (404) unless PSA_RELAY_MODE is demo or test, or SANDBOX_ENABLED=1;
 * `_admin` (demo and test only) needs the sandbox admin token or a signed-in admin of the partner
 * that owns the tenant (server/services/sandbox/admin-access.ts).
 */
export const dynamic = "force-dynamic";

const handle = (req: Request) => serveSandboxRoute("autotask", req, { session: () => auth(), db: getDb });

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
