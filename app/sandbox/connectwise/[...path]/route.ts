import { connectWiseSandboxEnabled, handleConnectWiseSandbox } from "~/server/sandbox/connectwise";

/**
 * The ConnectWise Manage sandbox on the portal's own origin:
 * /sandbox/connectwise/login/companyinfo/{companyId}, /sandbox/connectwise/v4_6_release/apis/3.0/...
 * and /sandbox/connectwise/_admin/... (logic in server/sandbox/connectwise). Off (404) unless
 * PSA_RELAY_MODE is demo or test, or SANDBOX_ENABLED=1.
 */
export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  if (!connectWiseSandboxEnabled()) return new Response("Not Found", { status: 404 });
  return handleConnectWiseSandbox(req);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
