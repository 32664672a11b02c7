import { and, asc, eq, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { eventOutcomes, events } from "~/db/schema";

/** The outcomes shown on an event (Event Log detail), and the reset that precedes a reprocess. */

export async function listEventOutcomes(db: DbOrTx, input: { partnerId: string; eventId: number }) {
  return db
    .select({
      id: eventOutcomes.id,
      action: eventOutcomes.action,
      status: eventOutcomes.status,
      detail: eventOutcomes.detail,
      psaTicketId: eventOutcomes.psaTicketId,
      psaTicketNumber: eventOutcomes.psaTicketNumber,
      message: eventOutcomes.message,
      hint: eventOutcomes.hint,
      attempts: eventOutcomes.attempts,
      createdAt: eventOutcomes.createdAt,
      updatedAt: eventOutcomes.updatedAt,
    })
    .from(eventOutcomes)
    .where(and(eq(eventOutcomes.partnerId, input.partnerId), eq(eventOutcomes.eventId, input.eventId)))
    .orderBy(asc(eventOutcomes.action));
}

/**
 * Puts the partner's given events back to the start of processing: their outcomes pending (the
 * attempts are kept), the event `received` with outcome status pending. Ids of other partners are
 * ignored. Returns the ids that were reset.
 */
export async function resetEventsForReprocess(db: DbOrTx, input: { partnerId: string; eventIds: number[] }): Promise<number[]> {
  if (input.eventIds.length === 0) return [];
  const rows = await db
    .update(events)
    .set({ status: "received", outcomeStatus: "pending", processedAt: null, processingError: null })
    .where(and(eq(events.partnerId, input.partnerId), inArray(events.id, input.eventIds)))
    .returning({ id: events.id });
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await db
      .update(eventOutcomes)
      .set({ status: "pending", updatedAt: sql`now()` })
      .where(and(eq(eventOutcomes.partnerId, input.partnerId), inArray(eventOutcomes.eventId, ids)));
  }
  return ids.sort((x, y) => x - y);
}
