import { z } from "zod";

import { checkBillingSettings, getBillingSettingsView, listBillingCurrencies, listBillingServices, saveBillingSettings } from "~/server/services/billing/settings";
import { billingSettingsInputSchema } from "~/server/services/billing/settings-rules";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

export const billingSettingsRouter = createTRPCRouter({
  /** The settings (defaults when none saved), every billable item with its mapping, and the connection's provider. */
  get: partnerProcedure.query(async ({ ctx }) => ({
    ...(await getBillingSettingsView(ctx.db, ctx.partner.id)),
    canEdit: ctx.user.role === "admin",
    timeZone: ctx.partner.timeZone,
  })),

  /** "Retrieve services list": Autotask Services / ConnectWise catalog products, active first, by name. */
  services: partnerProcedure
    .input(z.object({ refresh: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => listBillingServices(ctx.db, ctx.partner.id, input ?? {})),

  /** The currencies the PSA offers, for the Currency select. */
  currencies: partnerProcedure.query(({ ctx }) => listBillingCurrencies(ctx.db, ctx.partner.id)),

  /** Step 1 of Save: every check against the PSA, nothing written. */
  check: adminProcedure.input(billingSettingsInputSchema).mutation(({ ctx, input }) => checkBillingSettings(ctx.db, ctx.partner.id, input)),

  save: adminProcedure
    .input(billingSettingsInputSchema)
    .mutation(({ ctx, input }) => saveBillingSettings(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id }, input)),
});
