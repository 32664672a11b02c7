import { getDb } from "~/db";
import { auth } from "~/server/auth/config";
import { handleDemoSetup } from "~/server/services/demo/setup-route";

export const dynamic = "force-dynamic";

/**
 * Demo only (404 unless PSA_RELAY_MODE=demo): configures ticketing for the demo partners. Needs the
 * sandbox admin token (`npm run demo` sends it) or a signed-in admin of a demo partner (their own
 * partner only) — see server/services/demo/setup-route.ts.
 */
export const POST = (req: Request) => handleDemoSetup(req, { session: () => auth(), db: getDb });
