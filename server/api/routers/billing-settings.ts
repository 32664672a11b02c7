import { createTRPCRouter } from "../trpc";

export const billingSettingsRouter = createTRPCRouter({});
