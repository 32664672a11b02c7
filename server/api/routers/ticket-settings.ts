import { z } from "zod";

import { ticketSettingsInputSchema } from "~/server/services/ticket-settings/rules";
import { getTicketSettingsView, loadTicketOptions, saveTicketSettings } from "~/server/services/ticket-settings/service";
import { sendTestTicket } from "~/server/services/ticket-settings/test-ticket";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

export const ticketSettingsRouter = createTRPCRouter({
  /** The settings (defaults when none saved), saved values the PSA no longer has, and the connection's provider. */
  get: partnerProcedure.query(async ({ ctx }) => ({
    ...(await getTicketSettingsView(ctx.db, ctx.partner.id)),
    canEdit: ctx.user.role === "admin",
    timeZone: ctx.partner.timeZone,
  })),

  /** Queues/boards, priorities, statuses (ConnectWise: of the chosen board) and companies, retrieved from the PSA. */
  options: partnerProcedure
    .input(z.object({ queueId: z.string().trim().max(64).nullish(), refresh: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => loadTicketOptions(ctx.db, ctx.partner.id, input ?? {})),

  save: adminProcedure
    .input(ticketSettingsInputSchema)
    .mutation(({ ctx, input }) => saveTicketSettings(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id }, input)),

  /** Creates one real ticket in the PSA with the saved settings and returns its number. */
  sendTestTicket: adminProcedure
    .input(z.object({ companyId: z.string().trim().max(64).nullish() }).optional())
    .mutation(({ ctx, input }) => sendTestTicket(ctx.db, { partnerId: ctx.partner.id, userName: ctx.user.name }, input ?? {})),
});
