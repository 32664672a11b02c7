import { apiKeysRouter } from "./routers/api-keys";
import { billingRouter } from "./routers/billing";
import { billingSettingsRouter } from "./routers/billing-settings";
import { customerMapRouter } from "./routers/customer-map";
import { customersRouter } from "./routers/customers";
import { eventsRouter } from "./routers/events";
import { integrationRouter } from "./routers/integration";
import { notificationsRouter } from "./routers/notifications";
import { overviewRouter } from "./routers/overview";
import { sandboxRouter } from "./routers/sandbox";
import { sessionRouter } from "./routers/session";
import { ticketSettingsRouter } from "./routers/ticket-settings";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  overview: overviewRouter,
  customers: customersRouter,
  customerMap: customerMapRouter,
  events: eventsRouter,
  apiKeys: apiKeysRouter,
  integration: integrationRouter,
  sandbox: sandboxRouter,
  ticketSettings: ticketSettingsRouter,
  notifications: notificationsRouter,
  billingSettings: billingSettingsRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
