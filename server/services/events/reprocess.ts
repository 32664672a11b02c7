import { randomUUID } from "node:crypto";

import type { DbOrTx } from "~/db";
import { resetEventsForReprocess } from "~/db/queries/event-outcomes";
import { countNewerEvents, type EventFilters, listMatchingEventIds } from "~/db/queries/events";
import { handOverVendorEvents } from "~/inngest/dispatch";
import { AppError } from "~/server/errors/app-error";

/**
 * Reprocessing runs an event's notifications again as a new attempt: the attempt that ends stays in
 * the outcome history, the event and its outcomes are reset (outcomes pending, job attempts kept) and the event is handed to the job queue under a fresh id, since the job
 * queue ignores an id it has seen. Never duplicating a ticket is the lifecycle's job: it finds the
 * condition's ticket by its correlation key.
 */

/** At most this many events per "Reprocess all matching" request. */
export const REPROCESS_CAP = 10_000;
/** Rows per UPDATE. */
const RESET_BATCH = 1_000;

export type ReprocessResult = {
  /** Events reset and queued. */
  reprocessed: number;
  /** Of those, how many could not be handed to the job queue now (the events sweep resends them). */
  notQueued: number;
};

/** Resets and re-dispatches the partner's given events; ids that are not the partner's are ignored. */
export async function reprocessEvents(db: DbOrTx, input: { partnerId: string; eventIds: number[]; userId?: string | null }): Promise<ReprocessResult> {
  const unique = [...new Set(input.eventIds)];
  const reset: number[] = [];
  for (let start = 0; start < unique.length; start += RESET_BATCH) {
    const batch = unique.slice(start, start + RESET_BATCH);
    reset.push(...(await resetEventsForReprocess(db, { partnerId: input.partnerId, eventIds: batch, userId: input.userId })));
  }
  if (reset.length === 0) return { reprocessed: 0, notQueued: 0 };
  const { failed } = await handOverVendorEvents(
    reset.map((eventId) => ({ partnerId: input.partnerId, eventId })),
    { db, idSuffix: `-reprocess-${randomUUID()}` },
  );
  return { reprocessed: reset.length, notQueued: failed };
}

/** Reprocesses one event; NOT_FOUND when it is not the partner's. */
export async function reprocessEvent(db: DbOrTx, input: { partnerId: string; eventId: number; userId?: string | null }): Promise<ReprocessResult> {
  const result = await reprocessEvents(db, { partnerId: input.partnerId, eventIds: [input.eventId], userId: input.userId });
  if (result.reprocessed === 0) throw new AppError("NOT_FOUND", "This event does not exist. Open it from the Event Log.");
  return result;
}

/** How many events match the filters, counted up to just past the cap. */
export async function countReprocessable(db: DbOrTx, input: { partnerId: string; filters: EventFilters }) {
  const { count } = await countNewerEvents(db, { partnerId: input.partnerId, filters: input.filters, cap: REPROCESS_CAP + 1 });
  return { count: Math.min(count, REPROCESS_CAP), overCap: count > REPROCESS_CAP, cap: REPROCESS_CAP };
}

/**
 * Reprocesses every event matching the filters. More than the cap is refused as a whole (rather
 * than silently doing part of it), with a message that says how to narrow it down.
 */
export async function reprocessMatching(db: DbOrTx, input: { partnerId: string; filters: EventFilters; userId?: string | null }): Promise<ReprocessResult> {
  const counted = await countReprocessable(db, input);
  if (counted.overCap) {
    throw new AppError(
      "BAD_REQUEST",
      `More than ${REPROCESS_CAP.toLocaleString("en-US")} events match these filters. Reprocess at most ${REPROCESS_CAP.toLocaleString("en-US")} at a time: narrow the time range or pick a customer, account or type.`,
    );
  }
  const eventIds = await listMatchingEventIds(db, { partnerId: input.partnerId, filters: input.filters, limit: REPROCESS_CAP });
  return reprocessEvents(db, { partnerId: input.partnerId, eventIds, userId: input.userId });
}
