import { and, eq, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { getBillingSettingsRow } from "~/db/queries/billing";
import { type EventRef, getCustomerMappingRow, getEventForTicket, syncOutcomeStatus } from "~/db/queries/tickets";
import { billingCustomerState, eventOutcomes, notificationRules } from "~/db/schema";
import { firstMatchingRule } from "~/server/services/notifications/match";

import { THROTTLE_SKIP, throttleAllows } from "./plan";
import { createRun } from "./runs";
import { type BillingDeps, BillingRetryableError, executeRun } from "./sync";

/**
 * "Synchronize with <PSA>" rules: an event a billing rule matches syncs its customer's billing
 * (at most every 12 hours per customer; a reprocessed event forces it). The result is the event's
 * billing outcome in the Event Log.
 */
export type BillingOutcome = {
  eventId: number;
  status: "pending" | "succeeded" | "failed" | "skipped";
  detail: string;
  message: string | null;
  hint: string | null;
};

export const BILLING_SKIP = {
  off: "billing sync is off: turn it on in the billing settings on Integration Setup",
  unmapped: "customer not mapped: map it on the Customer Map",
  throttled: THROTTLE_SKIP,
  busy: "skipped: another sync of this customer is running",
} as const;

async function saveOutcome(db: DbOrTx, ref: EventRef, o: Omit<BillingOutcome, "eventId"> & { ruleId: string | null }) {
  const values = { status: o.status, ruleId: o.ruleId, detail: o.detail, message: o.message, hint: o.hint, psaTicketId: null, psaTicketNumber: null };
  await db
    .insert(eventOutcomes)
    .values({ partnerId: ref.partnerId, eventId: ref.eventId, action: "billing", attempts: 1, ...values })
    .onConflictDoUpdate({
      target: [eventOutcomes.eventId, eventOutcomes.action],
      set: { ...values, attempts: sql`${eventOutcomes.attempts} + 1`, updatedAt: sql`now()` },
      setWhere: eq(eventOutcomes.partnerId, ref.partnerId),
    });
  await syncOutcomeStatus(db, { partnerId: ref.partnerId, eventIds: [ref.eventId] });
}

/** Marks a pending billing outcome failed (the job gave up after its last retry). */
export async function failPendingBillingOutcome(db: DbOrTx, ref: EventRef & { message: string; hint?: string }) {
  const rows = await db
    .update(eventOutcomes)
    .set({ status: "failed", message: ref.message, hint: ref.hint ?? null, updatedAt: sql`now()` })
    .where(and(eq(eventOutcomes.partnerId, ref.partnerId), eq(eventOutcomes.eventId, ref.eventId), eq(eventOutcomes.action, "billing"), eq(eventOutcomes.status, "pending")))
    .returning({ id: eventOutcomes.id });
  if (rows.length > 0) await syncOutcomeStatus(db, { partnerId: ref.partnerId, eventIds: [ref.eventId] });
}

/** Runs the billing action of one event; null when no billing rule matches it (no outcome recorded). */
export async function handleBillingForEvent(db: DbOrTx, ref: EventRef, deps: BillingDeps): Promise<BillingOutcome | null> {
  // Most partners' events have no billing rule: one indexed query decides that before the event is read.
  const rules = await db
    .select()
    .from(notificationRules)
    .where(and(eq(notificationRules.partnerId, ref.partnerId), eq(notificationRules.action, "billing"), eq(notificationRules.enabled, true)))
    .orderBy(notificationRules.createdAt, notificationRules.id);
  if (rules.length === 0) return null;
  const event = await getEventForTicket(db, ref);
  if (!event) return null;
  const rule = firstMatchingRule(rules, "billing", { type: event.type, severity: event.severity });
  if (!rule) return null;
  const done = async (o: Omit<BillingOutcome, "eventId">) => {
    await saveOutcome(db, ref, { ...o, ruleId: rule.id });
    return { eventId: ref.eventId, ...o };
  };
  const settings = await getBillingSettingsRow(db, ref.partnerId);
  if (!settings?.enabled) return done({ status: "skipped", detail: BILLING_SKIP.off, message: null, hint: null });
  const mapping = await getCustomerMappingRow(db, { partnerId: ref.partnerId, customerId: event.customerId });
  if (!mapping) return done({ status: "skipped", detail: BILLING_SKIP.unmapped, message: null, hint: null });

  // An outcome recorded before means this is a reprocess (or a retry of this job): it forces the sync.
  const [before] = await db
    .select({ id: eventOutcomes.id, attempts: eventOutcomes.attempts })
    .from(eventOutcomes)
    .where(and(eq(eventOutcomes.partnerId, ref.partnerId), eq(eventOutcomes.eventId, ref.eventId), eq(eventOutcomes.action, "billing")));
  const force = !!before;
  const [state] = await db
    .select({ lastSyncedAt: billingCustomerState.lastSyncedAt })
    .from(billingCustomerState)
    .where(and(eq(billingCustomerState.partnerId, ref.partnerId), eq(billingCustomerState.customerId, event.customerId)));
  const now = deps.now?.() ?? new Date();
  if (!throttleAllows(state?.lastSyncedAt ?? null, now, force)) {
    const last = state!.lastSyncedAt!;
    return done({ status: "skipped", detail: BILLING_SKIP.throttled, message: `Last synchronized ${last.toISOString().replace("T", " ").slice(0, 16)} UTC; the next sync of this customer can run 12 hours after that. Reprocess the event or use Sync now to force it.`, hint: null });
  }
  await saveOutcome(db, ref, { status: "pending", detail: "synchronizing", message: null, hint: null, ruleId: rule.id });
  const run = await createRun(db, { partnerId: ref.partnerId, customerIds: [event.customerId], trigger: before ? "reprocess" : "event", force: true, customers: 1 });
  let result;
  try {
    result = await executeRun(db, { partnerId: ref.partnerId, runId: run.id }, deps);
  } catch (err) {
    if (err instanceof BillingRetryableError) {
      await db.update(eventOutcomes).set({ message: `${err.message} Retrying automatically.` }).where(and(eq(eventOutcomes.partnerId, ref.partnerId), eq(eventOutcomes.eventId, ref.eventId), eq(eventOutcomes.action, "billing")));
    }
    throw err;
  }
  const [after] = await db
    .select({ status: billingCustomerState.lastStatus, message: billingCustomerState.lastMessage, hint: billingCustomerState.lastHint, runId: billingCustomerState.lastRunId })
    .from(billingCustomerState)
    .where(and(eq(billingCustomerState.partnerId, ref.partnerId), eq(billingCustomerState.customerId, event.customerId)));
  const contract = mapping.psaContractName ?? mapping.psaContractId ?? "no contract";
  if (result.status === "failed" || !after || after.runId !== run.id) {
    if (result.stats.skipped > 0) return done({ status: "skipped", detail: BILLING_SKIP.busy, message: null, hint: null });
    return done({ status: "failed", detail: "sync failed", message: result.message ?? after?.message ?? "The billing sync failed.", hint: after?.hint ?? "Check the billing settings on Integration Setup, then reprocess the event." });
  }
  switch (after.status) {
    case "failed":
      return done({ status: "failed", detail: `sync failed (${contract})`, message: after.message, hint: after.hint });
    case "pending_approval":
      return done({ status: "succeeded", detail: `changes wait for approval (${contract})`, message: after.message, hint: "Approve or reject them on the Billing page." });
    case "applied":
      return done({ status: "succeeded", detail: `synchronized (${contract})`, message: after.message, hint: null });
    case "in_sync":
      return done({ status: "succeeded", detail: `in sync (${contract})`, message: after.message, hint: null });
    default:
      return done({ status: "skipped", detail: BILLING_SKIP.busy, message: after.message, hint: null });
  }
}
