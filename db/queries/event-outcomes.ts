import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { recordOutcomeHistory } from "~/db/queries/tickets";
import { eventOutcomeHistory, eventOutcomes, events, users } from "~/db/schema";

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

export type OutcomeAttempt = Awaited<ReturnType<typeof listOutcomeHistory>>[number];

/**
 * Every attempt's outcome of one event (Event Log detail), newest attempt first, with who asked
 * for it (null user on attempt 1: the original processing).
 */
export async function listOutcomeHistory(db: DbOrTx, input: { partnerId: string; eventId: number }) {
  return db
    .select({
      id: eventOutcomeHistory.id,
      action: eventOutcomeHistory.action,
      attempt: eventOutcomeHistory.attempt,
      status: eventOutcomeHistory.status,
      detail: eventOutcomeHistory.detail,
      psaTicketId: eventOutcomeHistory.psaTicketId,
      psaTicketNumber: eventOutcomeHistory.psaTicketNumber,
      message: eventOutcomeHistory.message,
      hint: eventOutcomeHistory.hint,
      retries: eventOutcomeHistory.retries,
      startedAt: eventOutcomeHistory.startedAt,
      updatedAt: eventOutcomeHistory.updatedAt,
      triggeredBy: { id: users.id, name: users.name, email: users.email },
    })
    .from(eventOutcomeHistory)
    .leftJoin(users, eq(users.id, eventOutcomeHistory.triggeredByUserId))
    .where(and(eq(eventOutcomeHistory.partnerId, input.partnerId), eq(eventOutcomeHistory.eventId, input.eventId)))
    .orderBy(desc(eventOutcomeHistory.attempt), asc(eventOutcomeHistory.action));
}

/**
 * The attempts of a page of events (the Event Log list), oldest attempt first per event, for
 * summarizeEventTickets.
 */
export async function listOutcomeHistoryForEvents(db: DbOrTx, input: { partnerId: string; eventIds: number[] }) {
  if (input.eventIds.length === 0) return [];
  return db
    .select({
      eventId: eventOutcomeHistory.eventId,
      action: eventOutcomeHistory.action,
      attempt: eventOutcomeHistory.attempt,
      status: eventOutcomeHistory.status,
      detail: eventOutcomeHistory.detail,
      psaTicketId: eventOutcomeHistory.psaTicketId,
      psaTicketNumber: eventOutcomeHistory.psaTicketNumber,
    })
    .from(eventOutcomeHistory)
    .where(and(eq(eventOutcomeHistory.partnerId, input.partnerId), inArray(eventOutcomeHistory.eventId, input.eventIds)))
    .orderBy(asc(eventOutcomeHistory.eventId), asc(eventOutcomeHistory.attempt), asc(eventOutcomeHistory.action));
}

/**
 * Puts the partner's given events back to the start of processing as a new attempt: the current
 * attempt's outcomes are kept in event_outcome_history, the event's processing run goes up by one
 * (remembering who asked), its outcomes become pending for that run (their result cleared, the job
 * attempt count kept) and the event is `received` with outcome status pending. Ids of other
 * partners are ignored. Returns the ids that were reset.
 */
export async function resetEventsForReprocess(
  db: DbOrTx,
  input: { partnerId: string; eventIds: number[]; userId?: string | null },
): Promise<number[]> {
  if (input.eventIds.length === 0) return [];
  // The attempt that is ending is kept as it stands (outcomes written without a history row too).
  await recordOutcomeHistory(db, { partnerId: input.partnerId, eventIds: input.eventIds });
  const rows = await db
    .update(events)
    .set({
      status: "received",
      outcomeStatus: "pending",
      processedAt: null,
      processingError: null,
      processingRun: sql`${events.processingRun} + 1`,
      reprocessedByUserId: input.userId ?? null,
    })
    .where(and(eq(events.partnerId, input.partnerId), inArray(events.id, input.eventIds)))
    .returning({ id: events.id });
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await db
      .update(eventOutcomes)
      .set({ status: "pending", detail: null, psaTicketId: null, psaTicketNumber: null, message: "Reprocessing requested.", hint: null, updatedAt: sql`now()` })
      .where(and(eq(eventOutcomes.partnerId, input.partnerId), inArray(eventOutcomes.eventId, ids)));
    // The new attempt shows as pending right away.
    await recordOutcomeHistory(db, { partnerId: input.partnerId, eventIds: ids });
  }
  return ids.sort((x, y) => x - y);
}
