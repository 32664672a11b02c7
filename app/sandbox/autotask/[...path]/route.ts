import { autotaskSandboxEnabled, handleAutotaskSandbox } from "~/server/sandbox/autotask";

/**
 * The Autotask sandbox on the portal's own origin: /sandbox/autotask/atservicesrest/v1.0/… and
 * /sandbox/autotask/_admin/…. Off (404) unless PSA_RELAY_MODE is demo or test, or SANDBOX_ENABLED=1.
 */
export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  if (!autotaskSandboxEnabled()) return new Response("Not found", { status: 404 });
  return handleAutotaskSandbox(req);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
