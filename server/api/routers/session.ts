import { createTRPCRouter, partnerProcedure } from "../trpc";

export const sessionRouter = createTRPCRouter({
  /** The signed-in user and their partner, as the server resolved them. */
  me: partnerProcedure.query(({ ctx }) => ({ user: ctx.user, partner: ctx.partner })),
});
