import { getDb } from "~/db";
import { auth } from "~/server/auth/config";
import { serveSandboxRoute } from "~/server/services/sandbox/admin-access";

/**
 * The ConnectWise Manage sandbox on the portal's own origin:
 * /sandbox/connectwise/login/companyinfo/{companyId}, /sandbox/connectwise/v4_6_release/apis/3.0/...
 * and /sandbox/connectwise/_admin/... (logic in server/sandbox/connectwise). Off (404) unless
 * PSA_RELAY_MODE is demo or test, or SANDBOX_ENABLED=1; `_admin` (demo and test only) needs the
 * sandbox admin token or a signed-in admin of the partner that owns the tenant.
 */
export const dynamic = "force-dynamic";

const handle = (req: Request) => serveSandboxRoute("connectwise", req, { session: () => auth(), db: getDb });

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
