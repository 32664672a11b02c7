import { z } from "zod";

import { getRun, listRuns } from "~/server/services/billing/runs";
import {
  approve,
  approveAllPending,
  getAuditTrail,
  getBillingOverview,
  getCustomerBilling,
  getOrphans,
  getPendingChanges,
  getReconciliation,
  getUnmapped,
  getUsageChart,
  reject,
  syncNow,
} from "~/server/services/billing/views";
import {
  auditCursorSchema,
  changeIdsSchema,
  customerIdSchema,
  pageSchema,
  pendingFiltersSchema,
  reconciliationFiltersSchema,
  USAGE_CHART_DAYS,
} from "~/server/services/billing/views-format";

import { revertRun } from "~/server/services/billing/revert";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

const runIdSchema = z.object({ runId: z.uuid({ error: "This sync run does not exist." }) });
const customerInput = z.object({ customerId: customerIdSchema });
const pageInput = z.object({ page: pageSchema }).default({ page: 1 });

/** The Billing page: Sync now and run progress, approvals, reconciliation, orphans, unmapped, usage, audit trail. */
export const billingRouter = createTRPCRouter({
  /** Billing on/off, write mode, PSA, mapped customers, pending count, the last run; `canEdit` for admins. */
  overview: partnerProcedure.query(async ({ ctx }) => ({
    ...(await getBillingOverview(ctx.db, { partnerId: ctx.partner.id })),
    canEdit: ctx.user.role === "admin",
    timeZone: ctx.partner.timeZone,
  })),

  /** Sync now: one customer (checked to be the partner's) or every mapped customer; poll `run` for progress. */
  syncNow: adminProcedure
    .input(z.object({ customerId: customerIdSchema.nullish() }).default({}))
    .mutation(({ ctx, input }) => syncNow(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id, customerId: input.customerId })),

  /** Writes back the quantities a finished run replaced (checked against the PSA first); poll `run` for progress. */
  revertRun: adminProcedure
    .input(runIdSchema)
    .mutation(({ ctx, input }) => revertRun(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id, runId: input.runId })),

  run: partnerProcedure.input(runIdSchema).query(({ ctx, input }) => getRun(ctx.db, { partnerId: ctx.partner.id, runId: input.runId })),

  runs: partnerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 }))
    .query(({ ctx, input }) => listRuns(ctx.db, { partnerId: ctx.partner.id, limit: input.limit })),

  /** A page of changes waiting for approval, filtered by customer (search or id) and item. */
  pending: partnerProcedure
    .input(z.object({ filters: pendingFiltersSchema.default({}), page: pageSchema }))
    .query(({ ctx, input }) => getPendingChanges(ctx.db, { partnerId: ctx.partner.id, filters: input.filters, page: input.page })),

  approve: adminProcedure
    .input(z.object({ changeIds: changeIdsSchema }))
    .mutation(({ ctx, input }) => approve(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id, changeIds: input.changeIds })),

  /** Approves every pending change of the partner (at most DECISION_CAP per call; `remaining` says how many are left). */
  approveAllPending: adminProcedure.mutation(({ ctx }) => approveAllPending(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id })),

  reject: adminProcedure
    .input(z.object({ changeIds: changeIdsSchema }))
    .mutation(({ ctx, input }) => reject(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id, changeIds: input.changeIds })),

  /** Vendor vs PSA quantity per customer and item (50 a page), totals, per-item differences and failed customers. */
  reconciliation: partnerProcedure
    .input(z.object({ filters: reconciliationFiltersSchema.default({ status: "all" }), page: pageSchema }))
    .query(({ ctx, input }) => getReconciliation(ctx.db, { partnerId: ctx.partner.id, filters: input.filters, page: input.page })),

  orphans: partnerProcedure.input(pageInput).query(({ ctx, input }) => getOrphans(ctx.db, { partnerId: ctx.partner.id, page: input.page })),

  unmapped: partnerProcedure.input(pageInput).query(({ ctx, input }) => getUnmapped(ctx.db, { partnerId: ctx.partner.id, page: input.page })),

  usageChart: partnerProcedure
    .input(
      z
        .object({
          itemCode: reconciliationFiltersSchema.shape.itemCode,
          days: z.literal([...USAGE_CHART_DAYS], { error: "Pick a period from the list." }).default(90),
        })
        .default({ days: 90 }),
    )
    .query(({ ctx, input }) =>
      getUsageChart(ctx.db, { partnerId: ctx.partner.id, itemCode: input.itemCode, days: input.days, timeZone: ctx.partner.timeZone }),
    ),

  /** One customer's billing: mapping, last result, lines, orphans, pending count. NOT_FOUND when not the partner's. */
  customer: partnerProcedure.input(customerInput).query(({ ctx, input }) => getCustomerBilling(ctx.db, { partnerId: ctx.partner.id, customerId: input.customerId })),

  /** A customer's audit trail, newest first (keyset pages). */
  audit: partnerProcedure
    .input(z.object({ customerId: customerIdSchema, cursor: auditCursorSchema.nullish() }))
    .query(({ ctx, input }) => getAuditTrail(ctx.db, { partnerId: ctx.partner.id, customerId: input.customerId, cursor: input.cursor })),
});
