import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import {
  accounts,
  billingChanges,
  billingCustomerState,
  billingSettings,
  customerMappings,
  customers,
  events,
  psaConnections,
  ticketConditions,
} from "~/db/schema";

/**
 * The Overview page's reads: what needs the partner's attention now. One statement of scalar
 * counts (each an indexed count scoped to the partner), the few open tickets to name, and the
 * last days of events by outcome. Every query takes the partner id and puts it first in WHERE.
 */
export type OverviewCounts = {
  failedDeliveries: number;
  pendingDeliveries: number;
  openTickets: number;
  approvalsWaiting: number;
  billingFailing: number;
  unmappedCustomers: number;
  mappedWithoutContract: number;
  mappedWithoutService: number;
  billingEnabled: boolean;
  psaProvider: "autotask" | "connectwise" | null;
  psaConnectionFailed: boolean;
};

type Rows<T> = T[] | { rows: T[] };
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : result.rows);

export async function overviewCounts(db: DbOrTx, { partnerId }: { partnerId: string }): Promise<OverviewCounts> {
  // Literals for the partial indexes' predicates (events_outcome_failed_idx / _pending_idx).
  const result = await db.execute(sql`select
    (select count(*) from ${events} where ${events.partnerId} = ${partnerId} and ${events.outcomeStatus} = 'failed')::int as "failedDeliveries",
    (select count(*) from ${events} where ${events.partnerId} = ${partnerId} and ${events.outcomeStatus} = 'pending')::int as "pendingDeliveries",
    (select count(*) from ${ticketConditions} where ${ticketConditions.partnerId} = ${partnerId} and ${ticketConditions.state} in ('open', 'creating'))::int as "openTickets",
    (select count(*) from ${billingChanges} where ${billingChanges.partnerId} = ${partnerId} and ${billingChanges.status} = 'pending_approval')::int as "approvalsWaiting",
    (select count(*) from ${billingCustomerState} where ${billingCustomerState.partnerId} = ${partnerId} and ${billingCustomerState.lastStatus} = 'failed')::int as "billingFailing",
    (select count(*) from ${customers} c where c.partner_id = ${partnerId}
       and not exists (select 1 from ${customerMappings} m where m.partner_id = c.partner_id and m.customer_id = c.id))::int as "unmappedCustomers",
    (select count(*) from ${customerMappings} where ${customerMappings.partnerId} = ${partnerId} and ${customerMappings.psaContractId} is null)::int as "mappedWithoutContract",
    (select count(*) from ${customerMappings} where ${customerMappings.partnerId} = ${partnerId} and ${customerMappings.psaContractId} is not null
       and ${customerMappings.psaContractServiceId} is null)::int as "mappedWithoutService",
    coalesce((select ${billingSettings.enabled} from ${billingSettings} where ${billingSettings.partnerId} = ${partnerId}), false) as "billingEnabled",
    (select ${psaConnections.provider}::text from ${psaConnections} where ${psaConnections.partnerId} = ${partnerId} limit 1) as "psaProvider",
    coalesce((select ${psaConnections.status} = 'failed' from ${psaConnections} where ${psaConnections.partnerId} = ${partnerId} limit 1), false) as "psaConnectionFailed"`);
  const [row] = rowsOf(result as unknown as Rows<OverviewCounts>);
  return {
    failedDeliveries: Number(row?.failedDeliveries ?? 0),
    pendingDeliveries: Number(row?.pendingDeliveries ?? 0),
    openTickets: Number(row?.openTickets ?? 0),
    approvalsWaiting: Number(row?.approvalsWaiting ?? 0),
    billingFailing: Number(row?.billingFailing ?? 0),
    unmappedCustomers: Number(row?.unmappedCustomers ?? 0),
    mappedWithoutContract: Number(row?.mappedWithoutContract ?? 0),
    mappedWithoutService: Number(row?.mappedWithoutService ?? 0),
    billingEnabled: Boolean(row?.billingEnabled),
    psaProvider: (row?.psaProvider as OverviewCounts["psaProvider"]) ?? null,
    psaConnectionFailed: Boolean(row?.psaConnectionFailed),
  };
}

/** The most recently opened tickets PSA Relay raised that are still open, with where they came from. */
export async function listOpenTickets(db: DbOrTx, { partnerId, limit }: { partnerId: string; limit: number }) {
  return db
    .select({
      id: ticketConditions.id,
      psaTicketNumber: ticketConditions.psaTicketNumber,
      state: ticketConditions.state,
      eventType: ticketConditions.eventType,
      lastSeverity: ticketConditions.lastSeverity,
      openedAt: ticketConditions.openedAt,
      customerName: customers.name,
      accountId: ticketConditions.accountId,
      accountNumber: accounts.accountNumber,
    })
    .from(ticketConditions)
    .innerJoin(customers, and(eq(customers.partnerId, partnerId), eq(customers.id, ticketConditions.customerId)))
    .innerJoin(accounts, and(eq(accounts.partnerId, partnerId), eq(accounts.id, ticketConditions.accountId)))
    .where(and(eq(ticketConditions.partnerId, partnerId), inArray(ticketConditions.state, ["open", "creating"])))
    .orderBy(sql`${ticketConditions.openedAt} desc nulls first`, asc(ticketConditions.id))
    .limit(limit);
}

/**
 * Events per day (partner time zone) and outcome status since `from`: the Overview's chart. Walks
 * events_partner_time_idx over the window only.
 */
export async function eventsByDayAndOutcome(db: DbOrTx, { partnerId, from, timeZone }: { partnerId: string; from: Date; timeZone: string }) {
  const day = sql<string>`to_char(${events.occurredAt} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  return db
    .select({ day, outcome: sql<string>`coalesce(${events.outcomeStatus}, 'none')`, count: sql<number>`count(*)::int` })
    .from(events)
    .where(and(eq(events.partnerId, partnerId), gte(events.occurredAt, from)))
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`, sql`2`);
}
