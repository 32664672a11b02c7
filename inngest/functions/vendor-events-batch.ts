import { getDb } from "~/db";
import { failVendorEventBatch, processVendorEventBatch } from "~/server/services/events/batch";

import { inngest } from "../client";
import { billingEventRequested, ticketEventRequested, vendorEventReceived } from "../events";
import { safeErrorMessage } from "../safe-error";

/** Events per run: a few set-based statements handle them all. */
export const EVENT_BATCH_SIZE = 100;

/**
 * Processes stored vendor events in batches of one partner's events. Most events need no PSA work
 * (ticketing off, no rule, an OK event with nothing to close, ...): the batch step decides and
 * records them in a few statements and marks them processed. The rest fan out, one event each, to
 * vendor-event-received (the ticket lifecycle with its retries and idempotency) and, for events a
 * "Synchronize with PSA" rule matches, to billing-for-event. If the batch step fails through all its
 * retries, its events are marked failed with the reason, so the Event Log offers Reprocess.
 */
export const vendorEventsBatch = inngest.createFunction(
  {
    id: "vendor-events-batch",
    triggers: [vendorEventReceived],
    retries: 4,
    batchEvents: { maxSize: EVENT_BATCH_SIZE, timeout: "1s", key: "event.data.partnerId" },
    // One batch per partner at a time: a batch sees the previous one's decisions.
    concurrency: [{ limit: 1, key: "event.data.partnerId" }],
  },
  async ({ events, step }) => {
    const db = await getDb();
    // The batch key keeps one partner per run; group anyway so an event is only ever used with its own partner.
    const byPartner = new Map<string, { eventId: number; sourceId: string }[]>();
    for (const e of events) {
      const { partnerId, eventId } = e.data;
      const list = byPartner.get(partnerId) ?? [];
      list.push({ eventId, sourceId: e.id ?? `vendor-event-${eventId}` });
      byPartner.set(partnerId, list);
    }
    const totals = { events: events.length, processed: 0, ticket: 0, billing: 0, failed: 0 };
    for (const [partnerId, refs] of byPartner) {
      const eventIds = refs.map((r) => r.eventId);
      let summary;
      try {
        summary = await step.run("process-batch", () => processVendorEventBatch(db, { partnerId, eventIds }));
      } catch (err) {
        const reason = safeErrorMessage(err);
        totals.failed += await step.run("mark-failed", () =>
          failVendorEventBatch(db, { partnerId, eventIds, error: `${reason} Reprocess the event to try again.` }),
        );
        continue;
      }
      // Ids derive from the triggering event's id, so a resent batch never runs an event's job twice.
      const sourceOf = new Map(refs.map((r) => [r.eventId, r.sourceId]));
      const fanOut = [
        ...summary.ticket.map((eventId) => ticketEventRequested.create({ partnerId, eventId }, { id: `${sourceOf.get(eventId)}-ticket` })),
        ...summary.billing.map((eventId) => billingEventRequested.create({ partnerId, eventId }, { id: `${sourceOf.get(eventId)}-billing` })),
      ];
      if (fanOut.length > 0) await step.sendEvent("fan-out", fanOut);
      totals.processed += summary.processed;
      totals.ticket += summary.ticket.length;
      totals.billing += summary.billing.length;
    }
    return totals;
  },
);
