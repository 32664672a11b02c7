import { and, eq, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { accounts, customerMappings, customers, eventOutcomeHistory, eventOutcomes, events, notificationRules, ticketConditions, ticketSettings } from "~/db/schema";

/**
 * Reads and writes of the ticket lifecycle (server/services/tickets). Every function takes the
 * partner id and puts it first in WHERE.
 */
export type EventRef = { partnerId: string; eventId: number };
export type TicketCondition = typeof ticketConditions.$inferSelect;
export type OutcomeStatus = (typeof eventOutcomes.$inferSelect)["status"];

/** The event with its customer's and account's names, or null when it is not the partner's. */
export async function getEventForTicket(db: DbOrTx, { partnerId, eventId }: EventRef) {
  const [row] = await db
    .select({
      id: events.id,
      customerId: events.customerId,
      accountId: events.accountId,
      type: events.type,
      severity: events.severity,
      occurredAt: events.occurredAt,
      message: events.message,
      details: events.details,
      customerName: customers.name,
      accountNumber: accounts.accountNumber,
      accountName: accounts.name,
    })
    .from(events)
    .innerJoin(customers, and(eq(customers.partnerId, partnerId), eq(customers.id, events.customerId)))
    .innerJoin(accounts, and(eq(accounts.partnerId, partnerId), eq(accounts.id, events.accountId)))
    .where(and(eq(events.partnerId, partnerId), eq(events.id, eventId)));
  return row ?? null;
}

export type TicketEvent = NonNullable<Awaited<ReturnType<typeof getEventForTicket>>>;

export async function listTicketRules(db: DbOrTx, { partnerId }: { partnerId: string }) {
  return db
    .select()
    .from(notificationRules)
    .where(and(eq(notificationRules.partnerId, partnerId), eq(notificationRules.action, "ticket")))
    .orderBy(notificationRules.createdAt, notificationRules.id);
}

export async function getTicketSettingsRow(db: DbOrTx, { partnerId }: { partnerId: string }) {
  const [row] = await db.select().from(ticketSettings).where(eq(ticketSettings.partnerId, partnerId));
  return row ?? null;
}

export async function getCustomerMappingRow(db: DbOrTx, { partnerId, customerId }: { partnerId: string; customerId: string }) {
  const [row] = await db
    .select()
    .from(customerMappings)
    .where(and(eq(customerMappings.partnerId, partnerId), eq(customerMappings.customerId, customerId)));
  return row ?? null;
}

export type ConditionIdentity = { partnerId: string; customerId: string; accountId: string; eventType: string; correlationKey: string };

/**
 * Commits the condition as "creating" before a new ticket is created: inserts it, or moves a closed
 * one whose ticket cannot be reopened (closed before `reopenCutoff`, or without a ticket) to
 * "creating". One statement, so racers are decided by the row lock. Returns whether this call
 * inserted the row (no ticket can exist for it yet), or null when nothing changed.
 */
export async function markConditionCreating(
  db: DbOrTx,
  input: ConditionIdentity & { eventId: number; severity: "warning" | "error"; detailHash: string; reopenCutoff: Date },
): Promise<{ inserted: boolean } | null> {
  const [row] = await db
    .insert(ticketConditions)
    .values({
      partnerId: input.partnerId,
      customerId: input.customerId,
      accountId: input.accountId,
      eventType: input.eventType,
      correlationKey: input.correlationKey,
      state: "creating",
      lastSeverity: input.severity,
      lastDetailHash: input.detailHash,
      lastEventId: input.eventId,
    })
    .onConflictDoUpdate({
      target: [ticketConditions.partnerId, ticketConditions.correlationKey],
      set: { state: "creating", lastEventId: input.eventId, updatedAt: sql`now()` },
      setWhere: and(
        eq(ticketConditions.partnerId, input.partnerId),
        eq(ticketConditions.state, "closed"),
        sql`not (${ticketConditions.psaTicketId} is not null and ${ticketConditions.closedAt} >= ${input.reopenCutoff.toISOString()}::timestamptz)`,
      ),
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return row ? { inserted: Boolean(row.inserted) } : null;
}

/** The condition, locked until the transaction ends (callers serialise work on one condition). */
export async function lockCondition(tx: DbOrTx, { partnerId, correlationKey }: { partnerId: string; correlationKey: string }) {
  const [row] = await tx
    .select()
    .from(ticketConditions)
    .where(and(eq(ticketConditions.partnerId, partnerId), eq(ticketConditions.correlationKey, correlationKey)))
    .for("update");
  return row ?? null;
}

export async function getCondition(db: DbOrTx, { partnerId, correlationKey }: { partnerId: string; correlationKey: string }) {
  const [row] = await db
    .select()
    .from(ticketConditions)
    .where(and(eq(ticketConditions.partnerId, partnerId), eq(ticketConditions.correlationKey, correlationKey)));
  return row ?? null;
}

export type ConditionPatch = Partial<
  Pick<
    TicketCondition,
    | "state"
    | "psaTicketId"
    | "psaTicketNumber"
    | "psaStatusId"
    | "psaAssigneeId"
    | "lastSeverity"
    | "lastDetailHash"
    | "lastEventId"
    | "openedAt"
    | "closedAt"
    | "reopenCount"
  >
>;

export async function updateCondition(db: DbOrTx, { partnerId, id }: { partnerId: string; id: string }, patch: ConditionPatch) {
  const [row] = await db
    .update(ticketConditions)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(ticketConditions.partnerId, partnerId), eq(ticketConditions.id, id)))
    .returning();
  return row ?? null;
}

export type OutcomeWrite = {
  status: OutcomeStatus;
  ruleId?: string | null;
  detail?: string | null;
  psaTicketId?: string | null;
  psaTicketNumber?: string | null;
  message?: string | null;
  hint?: string | null;
};

/** Starts an attempt: the ticket outcome becomes pending with attempts + 1. Returns the attempt number. */
export async function beginTicketAttempt(db: DbOrTx, { partnerId, eventId }: EventRef): Promise<number> {
  const [row] = await db
    .insert(eventOutcomes)
    .values({ partnerId, eventId, action: "ticket", status: "pending", attempts: 1 })
    .onConflictDoUpdate({
      target: [eventOutcomes.eventId, eventOutcomes.action],
      set: { status: "pending", attempts: sql`${eventOutcomes.attempts} + 1`, updatedAt: sql`now()` },
      setWhere: eq(eventOutcomes.partnerId, partnerId),
    })
    .returning({ attempts: eventOutcomes.attempts });
  return row?.attempts ?? 1;
}

/** Writes the ticket outcome of an event (insert or update) and keeps events.outcomeStatus in step. */
export async function saveTicketOutcome(db: DbOrTx, { partnerId, eventId }: EventRef, outcome: OutcomeWrite) {
  const values = {
    status: outcome.status,
    ruleId: outcome.ruleId ?? null,
    detail: outcome.detail ?? null,
    psaTicketId: outcome.psaTicketId ?? null,
    psaTicketNumber: outcome.psaTicketNumber ?? null,
    message: outcome.message ?? null,
    hint: outcome.hint ?? null,
  };
  await db
    .insert(eventOutcomes)
    .values({ partnerId, eventId, action: "ticket", attempts: 1, ...values })
    .onConflictDoUpdate({
      target: [eventOutcomes.eventId, eventOutcomes.action],
      set: { ...values, updatedAt: sql`now()` },
      setWhere: eq(eventOutcomes.partnerId, partnerId),
    });
  await syncOutcomeStatus(db, { partnerId, eventIds: [eventId] });
}

/**
 * Ticket outcomes decided without the PSA (server/services/events/batch.ts), for many events at
 * once: one INSERT of every outcome (an existing row counts one more attempt, as
 * beginTicketAttempt + saveTicketOutcome do), their attempt in event_outcome_history, then one
 * UPDATE that marks the events processed with what syncOutcomeStatus derives. The rows travel as one JSON parameter (see db/queries/ingest.ts). Returns
 * the ids of the events marked processed.
 */
export async function recordDecidedTicketOutcomes(
  db: DbOrTx,
  { partnerId, outcomes }: { partnerId: string; outcomes: (OutcomeWrite & { eventId: number })[] },
): Promise<number[]> {
  if (outcomes.length === 0) return [];
  const payload = JSON.stringify(
    outcomes.map((o) => ({ e: o.eventId, s: o.status, r: o.ruleId ?? null, d: o.detail ?? null, ti: o.psaTicketId ?? null, tn: o.psaTicketNumber ?? null, m: o.message ?? null, h: o.hint ?? null })),
  );
  await db.execute(sql`
    insert into ${eventOutcomes} as o (partner_id, event_id, action, attempts, status, rule_id, detail, psa_ticket_id, psa_ticket_number, message, hint)
    select ${partnerId}::uuid, x.e, 'ticket', 1, x.s, x.r, x.d, x.ti, x.tn, x.m, x.h
    from jsonb_to_recordset(${payload}::jsonb) as x(e bigint, s outcome_status, r uuid, d text, ti text, tn text, m text, h text)
    on conflict (event_id, action) do update
      set status = excluded.status, rule_id = excluded.rule_id, detail = excluded.detail, psa_ticket_id = excluded.psa_ticket_id,
          psa_ticket_number = excluded.psa_ticket_number, message = excluded.message, hint = excluded.hint,
          attempts = o.attempts + 1, updated_at = now()
      where o.partner_id = ${partnerId}::uuid`);
  const eventIds = outcomes.map((o) => o.eventId);
  await recordOutcomeHistory(db, { partnerId, eventIds });
  const rows = await db
    .update(events)
    .set({ status: "processed", processedAt: sql`now()`, processingError: null, outcomeStatus: outcomeStatusOf(partnerId), ticketNumbers: ticketNumbersOf(partnerId) })
    .where(and(eq(events.partnerId, partnerId), inArray(events.id, eventIds), sql`${events.status} <> 'processed'`))
    .returning({ id: events.id });
  return rows.map((r) => r.id);
}

/** Marks the events' pending ticket outcomes failed (the job gave up on them). */
export async function failPendingTicketOutcomes(db: DbOrTx, { partnerId, eventId, message, hint }: EventRef & { message: string; hint?: string }) {
  const rows = await db
    .update(eventOutcomes)
    .set({ status: "failed", message, hint: hint ?? null, updatedAt: sql`now()` })
    .where(
      and(eq(eventOutcomes.partnerId, partnerId), eq(eventOutcomes.eventId, eventId), eq(eventOutcomes.action, "ticket"), eq(eventOutcomes.status, "pending")),
    )
    .returning({ id: eventOutcomes.id });
  if (rows.length > 0) await syncOutcomeStatus(db, { partnerId, eventIds: [eventId] });
  return rows.length;
}

/**
 * Keeps what is derived from the events' outcomes in step; every writer of event_outcomes calls it
 * after writing (bulk writers with all their event ids at once):
 * - event_outcome_history: the current attempt's row (attempt = events.processing_run) is
 *   inserted or updated from the outcome, so every attempt's outcome is kept;
 * - events.outcomeStatus = summary of the event's outcomes: failed if any failed, else pending if
 *   any is pending, else succeeded if any succeeded, else skipped (null without outcomes);
 * - events.ticketNumbers = every ticket number any attempt recorded (the Event Log's search).
 */
export async function syncOutcomeStatus(db: DbOrTx, { partnerId, eventIds }: { partnerId: string; eventIds: number[] }) {
  if (eventIds.length === 0) return;
  await recordOutcomeHistory(db, { partnerId, eventIds });
  await db
    .update(events)
    .set({ outcomeStatus: outcomeStatusOf(partnerId), ticketNumbers: ticketNumbersOf(partnerId) })
    .where(and(eq(events.partnerId, partnerId), inArray(events.id, eventIds)));
}

/** The summary of the updated event's outcomes (see syncOutcomeStatus), for an UPDATE of events. */
function outcomeStatusOf(partnerId: string) {
  return sql<string | null>`(select case
        when bool_or(o.status = 'failed') then 'failed'
        when bool_or(o.status = 'pending') then 'pending'
        when bool_or(o.status = 'succeeded') then 'succeeded'
        when count(*) > 0 then 'skipped'
        else null end
        from ${eventOutcomes} o where o.partner_id = ${partnerId} and o.event_id = ${events.id})`;
}

/** Every ticket number any attempt of the updated event recorded (see syncOutcomeStatus), for an UPDATE of events. */
function ticketNumbersOf(partnerId: string) {
  return sql<string | null>`(select string_agg(distinct h.psa_ticket_number, ' ' order by h.psa_ticket_number)
        from ${eventOutcomeHistory} h where h.partner_id = ${partnerId} and h.event_id = ${events.id} and h.psa_ticket_number is not null)`;
}

/**
 * Copies the events' current outcomes into event_outcome_history as the attempt of their current
 * processing run (insert, or update of that run's row). One statement for any number of events.
 */
export async function recordOutcomeHistory(db: DbOrTx, { partnerId, eventIds }: { partnerId: string; eventIds: number[] }) {
  if (eventIds.length === 0) return;
  await db.execute(sql`
    insert into ${eventOutcomeHistory} (partner_id, event_id, action, attempt, triggered_by_user_id, status, detail,
      psa_ticket_id, psa_ticket_number, message, hint, retries, started_at, updated_at)
    select o.partner_id, o.event_id, o.action, e.processing_run, e.reprocessed_by_user_id, o.status, o.detail,
      o.psa_ticket_id, o.psa_ticket_number, o.message, o.hint, o.attempts, now(), now()
    from ${eventOutcomes} o
    join ${events} e on e.partner_id = o.partner_id and e.id = o.event_id
    where o.partner_id = ${partnerId} and o.event_id in ${eventIds}
    on conflict (event_id, action, attempt) do update set
      status = excluded.status, detail = excluded.detail, psa_ticket_id = excluded.psa_ticket_id,
      psa_ticket_number = excluded.psa_ticket_number, message = excluded.message, hint = excluded.hint,
      retries = excluded.retries, updated_at = now()
    where ${eventOutcomeHistory}.partner_id = excluded.partner_id`);
}

/** The partner's events among `eventIds` (ids of other partners are dropped). */
export async function listOwnEventIds(db: DbOrTx, { partnerId, eventIds }: { partnerId: string; eventIds: number[] }) {
  if (eventIds.length === 0) return [];
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.partnerId, partnerId), inArray(events.id, eventIds)));
  return rows.map((r) => r.id);
}

/** Reprocessing: every listed event gets a pending ticket outcome with its attempts reset. */
export async function resetTicketOutcomes(db: DbOrTx, { partnerId, eventIds }: { partnerId: string; eventIds: number[] }) {
  if (eventIds.length === 0) return;
  const values = { status: "pending" as const, detail: null, message: "Reprocessing requested.", hint: null, attempts: 0 };
  await db
    .insert(eventOutcomes)
    .values(eventIds.map((eventId) => ({ partnerId, eventId, action: "ticket" as const, ...values })))
    .onConflictDoUpdate({
      target: [eventOutcomes.eventId, eventOutcomes.action],
      set: { ...values, updatedAt: sql`now()` },
      setWhere: eq(eventOutcomes.partnerId, partnerId),
    });
  await syncOutcomeStatus(db, { partnerId, eventIds });
}

export async function getTicketOutcome(db: DbOrTx, { partnerId, eventId }: EventRef) {
  const [row] = await db
    .select()
    .from(eventOutcomes)
    .where(and(eq(eventOutcomes.partnerId, partnerId), eq(eventOutcomes.eventId, eventId), eq(eventOutcomes.action, "ticket")));
  return row ?? null;
}
