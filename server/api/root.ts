import { apiKeysRouter } from "./routers/api-keys";
import { customersRouter } from "./routers/customers";
import { eventsRouter } from "./routers/events";
import { integrationRouter } from "./routers/integration";
import { sandboxRouter } from "./routers/sandbox";
import { sessionRouter } from "./routers/session";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  customers: customersRouter,
  events: eventsRouter,
  apiKeys: apiKeysRouter,
  integration: integrationRouter,
  sandbox: sandboxRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
