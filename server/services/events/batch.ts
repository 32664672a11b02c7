import type { DbOrTx } from "~/db";
import { markEventsFailed } from "~/db/queries/event-processing";
import { listNotificationRules } from "~/db/queries/notification-rules";
import { listConditionsByKeys, listEventsToProcess, listMappedCustomerIds, listUnfinishedConditions } from "~/db/queries/ticket-triage";
import { getTicketSettingsRow, listTicketRules, recordDecidedTicketOutcomes } from "~/db/queries/tickets";
import { firstMatchingRule } from "~/server/services/notifications/match";
import { keyOf, type TriageCondition, triageTicketEvents } from "~/server/services/tickets/triage";

import { MAX_PROCESSING_ERROR_LENGTH } from "./process";

/**
 * Processing of a batch of stored vendor events of one partner, set-based: a handful of statements
 * whatever the batch size. Events whose ticket action needs no PSA (ticketing off, no rule, customer
 * not mapped, nothing to close, an identical repeat of an open ticket — see tickets/triage.ts) get
 * their ticket outcome and are marked processed here; the others are returned for the per-event
 * ticket job (lifecycle, retries, idempotent create), which marks them processed itself. Events a
 * billing rule matches are returned for the billing job.
 */
export type BatchSummary = {
  /** Events decided and marked processed here. */
  processed: number;
  /** Ids that are not the partner's, or already processed: left alone. */
  ignored: number;
  /** Events whose ticket action needs the PSA, oldest first (one ticket job each). */
  ticket: number[];
  /** Events a "Synchronize with PSA" rule matches (one billing job each). */
  billing: number[];
};

export async function processVendorEventBatch(db: DbOrTx, input: { partnerId: string; eventIds: number[] }): Promise<BatchSummary> {
  const { partnerId } = input;
  const ids = [...new Set(input.eventIds)];
  const rows = await listEventsToProcess(db, { partnerId, eventIds: ids });
  if (rows.length === 0) return { processed: 0, ignored: ids.length, ticket: [], billing: [] };

  const settings = await getTicketSettingsRow(db, { partnerId });
  const ticketRules = settings?.queueId ? await listTicketRules(db, { partnerId }) : [];
  const ticketing = Boolean(settings?.queueId) && ticketRules.some((r) => r.enabled);
  // Mapping and condition facts matter only when a ticket rule can act on the events.
  const mapped = ticketing
    ? new Set(await listMappedCustomerIds(db, { partnerId, customerIds: [...new Set(rows.map((r) => r.customerId))] }))
    : new Set<string>();
  const candidates = rows.filter((r) => mapped.has(r.customerId));
  const conditions = new Map<string, TriageCondition>();
  const busyKeys = new Map<string, { nonOk: boolean }>();
  if (candidates.length > 0) {
    const keys = [...new Set(candidates.map((r) => keyOf(partnerId, r)))];
    for (const c of await listConditionsByKeys(db, { partnerId, keys })) conditions.set(c.correlationKey, c);
    const unfinished = await listUnfinishedConditions(db, {
      partnerId,
      accountIds: [...new Set(candidates.map((r) => r.accountId))],
      exceptIds: rows.map((r) => r.id),
    });
    for (const u of unfinished) {
      const key = keyOf(partnerId, u);
      busyKeys.set(key, { nonOk: (busyKeys.get(key)?.nonOk ?? false) || u.nonOk });
    }
  }

  const triage = triageTicketEvents({
    partnerId,
    events: rows,
    queueId: settings?.queueId ?? null,
    rules: ticketRules,
    mappedCustomerIds: mapped,
    conditions,
    busyKeys,
  });
  // Outcomes first, then the events processed: a crash in between leaves them unfinished, and the sweep redoes them.
  const processed = await recordDecidedTicketOutcomes(db, { partnerId, outcomes: triage.decided });

  const billingRules = (await listNotificationRules(db, { partnerId })).filter((r) => r.action === "billing" && r.enabled);
  const billing =
    billingRules.length === 0
      ? []
      : rows.filter((r) => firstMatchingRule(billingRules, "billing", { type: r.type, severity: r.severity })).map((r) => r.id);

  const order = new Map(rows.map((r, i) => [r.id, i]));
  const ticket = [...triage.psa].sort((a, b) => order.get(a)! - order.get(b)!);
  return { processed: processed.length, ignored: ids.length - rows.length, ticket, billing };
}

/** After the batch job's last retry: its unprocessed events are marked failed, reprocessable from the Event Log. */
export async function failVendorEventBatch(db: DbOrTx, input: { partnerId: string; eventIds: number[]; error: string }): Promise<number> {
  const message = input.error.trim() || "Processing failed for an unknown reason.";
  const error = message.length > MAX_PROCESSING_ERROR_LENGTH ? `${message.slice(0, MAX_PROCESSING_ERROR_LENGTH - 1)}…` : message;
  return markEventsFailed(db, { partnerId: input.partnerId, eventIds: [...new Set(input.eventIds)], error });
}
