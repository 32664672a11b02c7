import { and, eq, inArray, notInArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { customerMappings, events, ticketConditions } from "~/db/schema";

/**
 * Set-based reads for the triage of a batch of stored events (server/services/events/batch.ts):
 * one statement per kind of fact, whatever the batch size. Every query takes the partner id and
 * puts it first in WHERE.
 */

/** The partner's events among `eventIds` that are not processed yet, oldest first. */
export async function listEventsToProcess(db: DbOrTx, { partnerId, eventIds }: { partnerId: string; eventIds: number[] }) {
  if (eventIds.length === 0) return [];
  return db
    .select({
      id: events.id,
      customerId: events.customerId,
      accountId: events.accountId,
      type: events.type,
      severity: events.severity,
      occurredAt: events.occurredAt,
      message: events.message,
      details: events.details,
    })
    .from(events)
    .where(and(eq(events.partnerId, partnerId), inArray(events.id, eventIds), sql`${events.status} <> 'processed'`))
    .orderBy(events.occurredAt, events.id);
}

/** Which of the customers are mapped to a PSA company. */
export async function listMappedCustomerIds(db: DbOrTx, { partnerId, customerIds }: { partnerId: string; customerIds: string[] }) {
  if (customerIds.length === 0) return [];
  const rows = await db
    .select({ customerId: customerMappings.customerId })
    .from(customerMappings)
    .where(and(eq(customerMappings.partnerId, partnerId), inArray(customerMappings.customerId, customerIds)));
  return rows.map((r) => r.customerId);
}

/** The conditions with these correlation keys. */
export async function listConditionsByKeys(db: DbOrTx, { partnerId, keys }: { partnerId: string; keys: string[] }) {
  if (keys.length === 0) return [];
  return db
    .select({
      correlationKey: ticketConditions.correlationKey,
      state: ticketConditions.state,
      psaTicketId: ticketConditions.psaTicketId,
      psaTicketNumber: ticketConditions.psaTicketNumber,
      lastSeverity: ticketConditions.lastSeverity,
      lastDetailHash: ticketConditions.lastDetailHash,
    })
    .from(ticketConditions)
    .where(and(eq(ticketConditions.partnerId, partnerId), inArray(ticketConditions.correlationKey, keys)));
}

/**
 * Conditions (customer, account, type) of the given accounts that have events not yet processed,
 * other than `exceptIds`, and whether one of those is a warning or error. The status filter is
 * the predicate of events_unfinished_idx, which holds only the few unfinished rows.
 */
export async function listUnfinishedConditions(
  db: DbOrTx,
  { partnerId, accountIds, exceptIds }: { partnerId: string; accountIds: string[]; exceptIds: number[] },
) {
  if (accountIds.length === 0) return [];
  return db
    .select({
      customerId: events.customerId,
      accountId: events.accountId,
      type: events.type,
      nonOk: sql<boolean>`bool_or(${events.severity} <> 'ok')`.mapWith(Boolean),
    })
    .from(events)
    .where(
      and(
        eq(events.partnerId, partnerId),
        sql`${events.status} in ('received', 'dispatched')`,
        inArray(events.accountId, accountIds),
        exceptIds.length > 0 ? notInArray(events.id, exceptIds) : undefined,
      ),
    )
    .groupBy(events.customerId, events.accountId, events.type);
}
