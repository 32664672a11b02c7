"use client";

import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";
import superjson from "superjson";
import { z } from "zod";

import type { AppRouter } from "~/server/api/root";

import { makeQueryClient } from "./query-client";

// Zod 4 probes `new Function("")` to decide whether to compile its parsers; under the portal's CSP
// (no 'unsafe-eval') the probe is refused and reported as a violation. In the browser, skip it.
if (typeof window !== "undefined") z.config({ jitless: true });

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  // On the server every render gets its own client; in the browser one client lives for the tab.
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

function trpcUrl() {
  if (typeof window !== "undefined") return "/api/trpc";
  return `${process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`}/api/trpc`;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) => process.env.NODE_ENV === "development" && op.direction === "down" && op.result instanceof Error,
        }),
        // At most 10 procedures per request: the server refuses batches above 20.
        httpBatchLink({ url: trpcUrl(), transformer: superjson, maxItems: 10 }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
