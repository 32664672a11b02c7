import { createTRPCRouter } from "../trpc";

export const billingRouter = createTRPCRouter({});
