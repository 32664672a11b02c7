import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { auth } from "~/server/auth/config";
import { checkSameSite, configuredOrigins } from "~/server/security/origins";

export const dynamic = "force-dynamic";

/** The most procedures one batched request may carry (the browser's batch link stays well below). */
const MAX_BATCH_SIZE = 20;

const handler = async (req: Request) => {
  // Cookie-authenticated: refuse cross-site callers and non-JSON changes before anything runs.
  const site = checkSameSite(req, configuredOrigins());
  if (!site.ok) {
    return Response.json(
      { error: { code: site.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "FORBIDDEN", message: site.message } },
      { status: site.status, headers: { "cache-control": "no-store" } },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async () => createTRPCContext({ session: await auth() }),
    onError({ path, error }) {
      // Unexpected failures only (the answer says nothing of them); expected ones are the caller's to show.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`[trpc] ${path ?? "<no-path>"}: ${error.cause?.name ?? error.name}: ${error.message.slice(0, 300)}`);
      }
    },
  });
};

export { handler as GET, handler as POST };
