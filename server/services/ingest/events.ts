import type { Db } from "~/db";
import * as q from "~/db/queries/ingest";
import { dispatchVendorEvents } from "~/inngest/dispatch";

import { type Batch, type Issue, unknownReferences } from "./batch";
import { retryOnConflict } from "./retry";
import type { EventInput } from "./schemas";

export type EventResult = { id: string; status: "accepted" | "duplicate" };
export type IngestEventsResult = { accepted: number; duplicates: number; results: EventResult[] };

/**
 * POST /api/v1/events. The whole batch is validated first (every unknown account is named) and
 * stored atomically (one statement) together with the accounts' and customers' "last event".
 * A vendor event id seen before — or repeated in the batch — is acknowledged as a duplicate and
 * neither stored nor dispatched again. Newly stored events are handed to background work after
 * commit; dispatch never fails the request (the sweeper re-dispatches events left `received`).
 */
export async function ingestEvents(
  db: Db,
  { partnerId, batch }: { partnerId: string; batch: Batch<EventInput> },
): Promise<IngestEventsResult> {
  const known = await q.findAccountsByNumbers(db, {
    partnerId,
    accountNumbers: [...new Set(batch.items.map((e) => e.accountNumber))],
  });
  const accountOf = new Map(known.map((a) => [a.accountNumber, a]));
  const issues: Issue[] = [];
  batch.items.forEach((e, i) => {
    if (!accountOf.has(e.accountNumber)) {
      issues.push({
        path: batch.pathOf(i, "accountNumber"),
        message: `Unknown account number ${JSON.stringify(e.accountNumber)}. PUT /api/v1/accounts first.`,
      });
    }
  });
  if (issues.length > 0) throw unknownReferences(issues);

  // The first occurrence of each vendor id is the candidate; repeats in the batch are duplicates.
  const firstIndexOf = new Map<string, number>();
  batch.items.forEach((e, i) => {
    if (!firstIndexOf.has(e.id)) firstIndexOf.set(e.id, i);
  });
  const rows: q.NewEventRow[] = [...firstIndexOf.values()].map((i) => {
    const e = batch.items[i]!;
    const account = accountOf.get(e.accountNumber)!;
    return {
      vendorEventId: e.id,
      accountId: account.id,
      customerId: account.customerId,
      type: e.type,
      severity: e.severity,
      occurredAt: new Date(e.occurredAt),
      message: e.message ?? null,
      details: e.details ?? {},
    };
  });

  const inserted = await retryOnConflict(() => q.storeEvents(db, { partnerId, rows }));

  if (inserted.length > 0) {
    await dispatchVendorEvents(inserted.map((s) => ({ partnerId, eventId: s.id })));
  }

  const acceptedIds = new Set(inserted.map((s) => s.vendorEventId));
  const results: EventResult[] = batch.items.map((e, i) => ({
    id: e.id,
    status: firstIndexOf.get(e.id) === i && acceptedIds.has(e.id) ? "accepted" : "duplicate",
  }));
  return { accepted: inserted.length, duplicates: results.length - inserted.length, results };
}
