import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, createElement, type ReactNode } from "react";

import { makeQueryClient } from "~/components/trpc/query-client";
import { auth } from "~/server/auth/config";

import { appRouter, createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/**
 * tRPC for server components: the same procedures, called in-process with the session of the
 * request. Data fetched through `trpc` lands in the request's QueryClient and is handed to the
 * client components by <HydrateClient>.
 */
/** The request's session, read once per request (each read checks the session row: see server/auth/sessions.ts). */
export const getSession = cache(() => auth());

const createContext = cache(async () => createTRPCContext({ session: await getSession() }));

/** One QueryClient per request. */
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/** A direct caller, for server components that need a value rather than a cached query. */
export const caller = createCaller(createContext);

/** The signed-in user and partner (throws UNAUTHORIZED without an active session), once per request. */
export const getMe = cache(() => caller.session.me());

export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}

/** True for the errors a page shows as 404: not this partner's, or not a valid id at all. */
export function isNotFound(error: unknown): boolean {
  return error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST");
}
