import { type DbOrTx, getDb } from "~/db";
import { type EventRef, markEventsDispatched } from "~/db/queries/event-processing";

import { vendorEventReceived } from "./events";
import { safeErrorMessage } from "./safe-error";
import { sendEvents } from "./send";

/**
 * Hands stored vendor events to the job queue: one `vendor/event.received` per event, sent in
 * batches, then the batch's rows go `received` → `dispatched` in one UPDATE. A failed hand-over is
 * logged and leaves the rows `received`; the events-sweep cron hands them over later.
 */

/** Events per send request (well under Inngest's payload limits) and per UPDATE. */
export const DISPATCH_BATCH_SIZE = 500;

/** Minutes during which re-dispatches of one event share an id, so Inngest runs at most one of them. */
const REDISPATCH_WINDOW_MS = 10 * 60_000;

export type HandOverResult = { dispatched: number; failed: number };

/** Called by the ingest API after its transaction committed. Never throws. */
export async function dispatchVendorEvents(items: { partnerId: string; eventId: number }[]): Promise<void> {
  await handOverVendorEvents(items);
}

/**
 * `redispatch`: the events were handed over before and their jobs were lost. They get a fresh event
 * id (Inngest ignores a repeated id for 24 hours), stable within a 10-minute window.
 * `idSuffix`: a reprocess — the events were reset to `received` and must run again, so each request
 * sends them under its own ids (e.g. `-reprocess-<uuid>`); the rows are marked dispatched as usual.
 */
export async function handOverVendorEvents(
  items: EventRef[],
  opts: { redispatch?: boolean; idSuffix?: string; db?: DbOrTx; logger?: Pick<Console, "warn"> } = {},
): Promise<HandOverResult> {
  const logger = opts.logger ?? console;
  const suffix = opts.redispatch ? `-redispatch-${Math.floor(Date.now() / REDISPATCH_WINDOW_MS)}` : (opts.idSuffix ?? "");
  let dispatched = 0;
  for (let start = 0; start < items.length; start += DISPATCH_BATCH_SIZE) {
    const batch = items.slice(start, start + DISPATCH_BATCH_SIZE);
    const events = batch.map((item) =>
      vendorEventReceived.create(
        { partnerId: item.partnerId, eventId: item.eventId },
        { id: `vendor-event-${item.eventId}${suffix}` },
      ),
    );
    let sent: EventRef[];
    try {
      const { dropped } = await sendEvents(events);
      const droppedIds = new Set(dropped);
      sent = batch.filter((_, i) => !droppedIds.has(events[i]!.id!));
    } catch (err) {
      logger.warn(
        `[jobs] could not hand ${items.length - start} event(s) to the job queue; they stay received and the events-sweep cron retries them: ${safeErrorMessage(err)}`,
      );
      return { dispatched, failed: items.length - dispatched };
    }
    dispatched += sent.length;
    if (!opts.redispatch && sent.length > 0) await markDispatched(opts.db, sent, logger);
    if (sent.length < batch.length) {
      // The inline queue is full: the rest would be dropped too.
      return { dispatched, failed: items.length - dispatched };
    }
  }
  return { dispatched, failed: 0 };
}

/** A failure here is harmless: the rows stay `received` and the sweeper resends them under the same ids. */
async function markDispatched(db: DbOrTx | undefined, refs: EventRef[], logger: Pick<Console, "warn">) {
  try {
    await markEventsDispatched(db ?? (await getDb()), refs);
  } catch (err) {
    logger.warn(`[jobs] ${refs.length} event(s) were sent but could not be marked dispatched: ${safeErrorMessage(err)}`);
  }
}
