import { getOverview } from "~/server/services/overview/get";

import { createTRPCRouter, partnerProcedure } from "../trpc";

export const overviewRouter = createTRPCRouter({
  /** What needs the signed-in partner's attention now (technicians may read it). */
  get: partnerProcedure.query(({ ctx }) => getOverview(ctx.db, { partnerId: ctx.partner.id, timeZone: ctx.partner.timeZone })),
});
