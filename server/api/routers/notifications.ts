import { z } from "zod";

import {
  createRule,
  deleteRule,
  listRules,
  ruleInputSchema,
  ruleUpdateSchema,
  setRuleEnabled,
  updateRule,
} from "~/server/services/notifications/rules";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

const ruleId = z.uuid({ error: "id is not a valid rule id." });

export const notificationsRouter = createTRPCRouter({
  /** The partner's rules, the event types seen so far, and whether ticketing can happen. */
  list: partnerProcedure.query(({ ctx }) => listRules(ctx.db, ctx.partner.id)),

  create: adminProcedure.input(ruleInputSchema).mutation(({ ctx, input }) => createRule(ctx.db, ctx.partner.id, input)),

  update: adminProcedure.input(ruleUpdateSchema).mutation(({ ctx, input }) => updateRule(ctx.db, ctx.partner.id, input)),

  /** Switches a rule on or off. */
  setEnabled: adminProcedure
    .input(z.object({ id: ruleId, enabled: z.boolean({ error: "enabled must be true or false." }) }))
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.db, ctx.partner.id, input)),

  delete: adminProcedure
    .input(z.object({ id: ruleId }))
    .mutation(async ({ ctx, input }) => {
      await deleteRule(ctx.db, ctx.partner.id, input.id);
      return { id: input.id };
    }),
});
