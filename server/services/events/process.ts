import type { DbOrTx } from "~/db";
import { type EventRef, getEventStatus, markEventFailed, markEventProcessed } from "~/db/queries/event-processing";

/**
 * Processing of one stored vendor event. The vendor-event-received job calls these from its steps;
 * later areas (tickets, billing) add their own steps before the event is marked processed.
 */

/** Small, JSON-safe summary of what processing did; job steps return it as their result. */
export type ProcessEventSummary = {
  eventId: number;
  /** processed: done now; already-processed: nothing to do (a repeat); not-found: no such event for the partner. */
  outcome: "processed" | "already-processed" | "not-found";
};

/**
 * Marks the partner's event processed. Idempotent: an event that is already processed is left as it
 * was, and an id that belongs to another partner is never touched.
 */
export async function processVendorEvent(db: DbOrTx, ref: EventRef): Promise<ProcessEventSummary> {
  const updated = await markEventProcessed(db, ref);
  if (updated) return { eventId: ref.eventId, outcome: "processed" };
  const current = await getEventStatus(db, ref);
  return { eventId: ref.eventId, outcome: current ? "already-processed" : "not-found" };
}

/** Longest processing error kept on the event; the Event Log shows it to the partner. */
export const MAX_PROCESSING_ERROR_LENGTH = 1000;

/**
 * Records that processing gave up on the event (after the job's last retry). A processed event stays
 * processed. Returns false when nothing changed.
 */
export async function failVendorEvent(db: DbOrTx, ref: EventRef & { error: string }): Promise<boolean> {
  const message = ref.error.trim() || "Processing failed for an unknown reason.";
  const error =
    message.length > MAX_PROCESSING_ERROR_LENGTH ? `${message.slice(0, MAX_PROCESSING_ERROR_LENGTH - 1)}…` : message;
  return (await markEventFailed(db, { partnerId: ref.partnerId, eventId: ref.eventId, error })) !== null;
}
