import { and, asc, eq, inArray, ne, or, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { events } from "~/db/schema";

/**
 * The processing state of stored vendor events (received → dispatched → processed | failed), as the
 * background jobs see it. Per-event queries are scoped by partner; the set-based ones used by the
 * dispatcher and the sweeper are system-wide by design and carry the partner id in each row key.
 */

export type EventRef = { partnerId: string; eventId: number };

/** Marks the event processed unless it already is; null when nothing changed (processed or absent). */
export async function markEventProcessed(db: DbOrTx, { partnerId, eventId }: EventRef) {
  const [row] = await db
    .update(events)
    .set({ status: "processed", processedAt: sql`now()`, processingError: null })
    .where(and(eq(events.partnerId, partnerId), eq(events.id, eventId), ne(events.status, "processed")))
    .returning({ id: events.id, processedAt: events.processedAt });
  return row ?? null;
}

/** Marks the event failed with the reason, unless it was processed meanwhile. */
export async function markEventFailed(db: DbOrTx, { partnerId, eventId, error }: EventRef & { error: string }) {
  const [row] = await db
    .update(events)
    .set({ status: "failed", processingError: error })
    .where(and(eq(events.partnerId, partnerId), eq(events.id, eventId), ne(events.status, "processed")))
    .returning({ id: events.id });
  return row ?? null;
}

/** markEventFailed for many events of one partner, in one statement. */
export async function markEventsFailed(db: DbOrTx, { partnerId, eventIds, error }: { partnerId: string; eventIds: number[]; error: string }): Promise<number> {
  if (eventIds.length === 0) return 0;
  const rows = await db
    .update(events)
    .set({ status: "failed", processingError: error })
    .where(and(eq(events.partnerId, partnerId), inArray(events.id, eventIds), ne(events.status, "processed")))
    .returning({ id: events.id });
  return rows.length;
}

export async function getEventStatus(db: DbOrTx, { partnerId, eventId }: EventRef) {
  const [row] = await db
    .select({ status: events.status, processedAt: events.processedAt })
    .from(events)
    .where(and(eq(events.partnerId, partnerId), eq(events.id, eventId)));
  return row ?? null;
}

/**
 * received → dispatched for the given events, in one statement. Rows already past `received`
 * (a fast job may have processed them) are left alone. Returns how many rows changed.
 */
export async function markEventsDispatched(db: DbOrTx, refs: EventRef[]): Promise<number> {
  if (refs.length === 0) return 0;
  const idsByPartner = new Map<string, number[]>();
  for (const r of refs) {
    const ids = idsByPartner.get(r.partnerId);
    if (ids) ids.push(r.eventId);
    else idsByPartner.set(r.partnerId, [r.eventId]);
  }
  // One condition per partner (usually one: an ingest request), each id kept with its own partner.
  const perPartner = [...idsByPartner].map(([partnerId, ids]) => and(eq(events.partnerId, partnerId), inArray(events.id, ids)));
  const rows = await db
    .update(events)
    .set({ status: "dispatched" })
    .where(and(or(...perPartner), eq(events.status, "received")))
    .returning({ id: events.id });
  return rows.length;
}

/** Position in the (receivedAt, id) order; receivedAt is kept as Postgres text so no precision is lost. */
export type StaleCursor = { receivedAt: string; id: number };

/**
 * Events of every partner still in `status` that were received before `before`, oldest first,
 * after `cursor`. Served by the partial index events_unfinished_idx.
 */
export async function listStaleEvents(
  db: DbOrTx,
  input: { status: "received" | "dispatched"; before: Date; after?: StaleCursor; limit: number },
) {
  const conditions = [eq(events.status, input.status), sql`${events.receivedAt} < ${input.before.toISOString()}::timestamptz`];
  if (input.after) {
    conditions.push(sql`(${events.receivedAt}, ${events.id}) > (${input.after.receivedAt}::timestamptz, ${input.after.id}::bigint)`);
  }
  return db
    .select({ partnerId: events.partnerId, eventId: events.id, receivedAt: sql<string>`${events.receivedAt}::text` })
    .from(events)
    .where(and(...conditions))
    .orderBy(asc(events.receivedAt), asc(events.id))
    .limit(input.limit);
}

/** Events of every partner not processed yet (received or dispatched): the processing backlog. */
export async function countUnfinishedEvents(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(events)
    .where(sql`${events.status} in ('received', 'dispatched')`);
  return row?.n ?? 0;
}
