import { and, desc, eq, inArray, notExists, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { getRunRow } from "~/db/queries/billing";
import { billingChanges, billingCustomerState, billingLines, billingRuns, type BillingRunStats, customerMappings, customers } from "~/db/schema";
import { billingRunRequested } from "~/inngest/events";
import { sendEvents } from "~/inngest/send";
import { AppError } from "~/server/errors/app-error";

/**
 * Billing runs: "Sync now" (one customer or all), the schedule, event rules, reprocess and the
 * application of approved changes each make a billing_runs row and hand it to the job queue
 * (`billing/run.requested`); the row's stats are the progress the Billing page shows.
 */
export type BillingRun = typeof billingRuns.$inferSelect;
export type BillingTrigger = BillingRun["trigger"];

export const emptyStats = (customers = 0): BillingRunStats => ({
  customers,
  done: 0,
  inSync: 0,
  applied: 0,
  pendingApproval: 0,
  failed: 0,
  skipped: 0,
  writes: 0,
});

/** At most this many changes per approve / reject request. */
export const DECISION_CAP = 2_000;

/** Hands a run to the job queue; a run that cannot be queued is marked failed with what to do. */
export async function queueRun(db: DbOrTx, run: BillingRun): Promise<BillingRun> {
  try {
    await sendEvents([{ name: billingRunRequested.name, id: `billing-run-${run.id}`, data: { partnerId: run.partnerId, runId: run.id } }]);
  } catch (err) {
    const message = `The sync could not be queued (${err instanceof Error ? err.message : String(err)}). Try again in a minute.`;
    const [failed] = await db
      .update(billingRuns)
      .set({ status: "failed", message, finishedAt: new Date() })
      .where(eq(billingRuns.id, run.id))
      .returning();
    return failed!;
  }
  return run;
}

/**
 * Queues a sync. `customerIds` null = every mapped customer; given ids must be the partner's
 * (NOT_FOUND otherwise). Manual syncs and reprocess force past the 12-hour throttle.
 */
export async function startSync(
  db: DbOrTx,
  input: { partnerId: string; userId?: string | null; customerIds: string[] | null; trigger: BillingTrigger; force?: boolean },
): Promise<BillingRun> {
  let ids: string[] | null = null;
  if (input.customerIds) {
    const unique = [...new Set(input.customerIds)];
    const own = await db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.partnerId, input.partnerId), inArray(customers.id, unique)));
    if (own.length !== unique.length || unique.length === 0) throw new AppError("NOT_FOUND", "This customer does not exist. Open it from the Billing page.");
    ids = unique;
  }
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customerMappings)
    .where(and(eq(customerMappings.partnerId, input.partnerId), ids ? inArray(customerMappings.customerId, ids) : undefined))) as [{ n: number }];
  return queueRun(db, await createRun(db, { ...input, customerIds: ids, customers: n }));
}

/** Inserts a queued sync run without handing it to the job queue (the caller executes it). */
export async function createRun(
  db: DbOrTx,
  input: { partnerId: string; userId?: string | null; customerIds: string[] | null; trigger: BillingTrigger; force?: boolean; customers: number },
): Promise<BillingRun> {
  const [run] = await db
    .insert(billingRuns)
    .values({
      partnerId: input.partnerId,
      trigger: input.trigger,
      force: input.force ?? (input.trigger === "manual" || input.trigger === "reprocess"),
      customerIds: input.customerIds,
      stats: emptyStats(input.customers),
      startedByUserId: input.userId ?? null,
    })
    .returning();
  return run!;
}

/**
 * Approves pending changes (ids not the partner's or no longer pending are ignored) and queues
 * their application. Returns the run, or null when nothing was pending.
 */
export async function approveChanges(db: DbOrTx, input: { partnerId: string; userId: string; changeIds: string[] }): Promise<{ approved: number; run: BillingRun | null }> {
  const ids = [...new Set(input.changeIds)];
  if (ids.length > DECISION_CAP) throw new AppError("BAD_REQUEST", `Approve at most ${DECISION_CAP} changes at a time.`);
  if (ids.length === 0) return { approved: 0, run: null };
  const approved = await db
    .update(billingChanges)
    .set({ status: "approved", decidedByUserId: input.userId, decidedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(billingChanges.partnerId, input.partnerId), inArray(billingChanges.id, ids), eq(billingChanges.status, "pending_approval")))
    .returning({ id: billingChanges.id, customerId: billingChanges.customerId });
  if (approved.length === 0) return { approved: 0, run: null };
  const [run] = await db
    .insert(billingRuns)
    .values({
      partnerId: input.partnerId,
      trigger: "approval",
      force: true,
      changeIds: approved.map((c) => c.id),
      stats: emptyStats(new Set(approved.map((c) => c.customerId)).size),
      startedByUserId: input.userId,
    })
    .returning();
  return { approved: approved.length, run: await queueRun(db, run!) };
}

/**
 * Rejects pending changes; nothing is written to the PSA, and their reconciliation lines show
 * "rejected" instead of waiting. Returns how many were rejected.
 */
export async function rejectChanges(db: DbOrTx, input: { partnerId: string; userId: string; changeIds: string[] }): Promise<{ rejected: number }> {
  const ids = [...new Set(input.changeIds)];
  if (ids.length > DECISION_CAP) throw new AppError("BAD_REQUEST", `Reject at most ${DECISION_CAP} changes at a time.`);
  if (ids.length === 0) return { rejected: 0 };
  const rows = await db
    .update(billingChanges)
    .set({ status: "rejected", decidedByUserId: input.userId, decidedAt: new Date(), updatedAt: new Date(), message: "Rejected: nothing was written to the PSA." })
    .where(and(eq(billingChanges.partnerId, input.partnerId), inArray(billingChanges.id, ids), eq(billingChanges.status, "pending_approval")))
    .returning({ id: billingChanges.id, customerId: billingChanges.customerId });
  const customerIds = [...new Set(rows.map((r) => r.customerId))];
  if (customerIds.length > 0) {
    // Their reconciliation lines no longer wait for approval: "rejected" (the difference stays) until the next sync proposes the change again.
    await db
      .update(billingLines)
      .set({ status: "rejected" })
      .where(
        and(
          eq(billingLines.partnerId, input.partnerId),
          inArray(billingLines.customerId, customerIds),
          eq(billingLines.status, "pending_approval"),
          notExists(
            db
              .select({ id: billingChanges.id })
              .from(billingChanges)
              .where(
                and(
                  eq(billingChanges.partnerId, billingLines.partnerId),
                  eq(billingChanges.customerId, billingLines.customerId),
                  eq(billingChanges.itemCode, billingLines.itemCode),
                  inArray(billingChanges.status, ["pending_approval", "approved", "applying"]),
                ),
              ),
          ),
        ),
      );
  }
  if (customerIds.length > 0) {
    // Customers left with nothing waiting say so, instead of "waits for approval".
    await db
      .update(billingCustomerState)
      .set({ lastStatus: "rejected", lastMessage: "Changes rejected: nothing was written to the PSA. The next sync proposes them again while the quantities differ.", lastHint: null })
      .where(
        and(
          eq(billingCustomerState.partnerId, input.partnerId),
          inArray(billingCustomerState.customerId, customerIds),
          eq(billingCustomerState.lastStatus, "pending_approval"),
          notExists(
            db
              .select({ id: billingChanges.id })
              .from(billingChanges)
              .where(
                and(
                  eq(billingChanges.partnerId, billingCustomerState.partnerId),
                  eq(billingChanges.customerId, billingCustomerState.customerId),
                  inArray(billingChanges.status, ["pending_approval", "approved", "applying"]),
                ),
              ),
          ),
        ),
      );
  }
  return { rejected: rows.length };
}

/** One run of the partner (progress); NOT_FOUND when it is not the partner's. */
export async function getRun(db: DbOrTx, input: { partnerId: string; runId: string }): Promise<BillingRun> {
  const run = await getRunRow(db, input);
  if (!run) throw new AppError("NOT_FOUND", "This sync run does not exist.");
  return run;
}

/** The partner's latest runs, newest first. */
export async function listRuns(db: DbOrTx, input: { partnerId: string; limit?: number }): Promise<BillingRun[]> {
  return db
    .select()
    .from(billingRuns)
    .where(eq(billingRuns.partnerId, input.partnerId))
    .orderBy(desc(billingRuns.createdAt))
    .limit(Math.min(input.limit ?? 20, 100));
}
