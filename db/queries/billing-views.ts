import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import {
  billableItems,
  billingChanges,
  billingCustomerState,
  billingItemMappings,
  billingLines,
  customerMappings,
  customers,
  psaConnections,
  usage,
} from "~/db/schema";

import { likePattern } from "./customers";

/**
 * Reads behind the Billing page: the partner's PSA and mapped customers, the reconciliation of
 * what the last sync saw (billing_lines), orphans, unmapped customers and items, usage over time
 * and a customer's billing header (pending changes and the audit trail: billing-approvals.ts).
 * Every function takes the partner id and puts it first in WHERE; joins repeat the partner id so
 * a row of another partner can never ride along.
 */

export type ReconciliationStatusFilter = "all" | "differences" | "failed" | "pending_approval" | "in_sync";
export type ReconciliationFilters = {
  search?: string;
  itemCode?: string;
  customerId?: string;
  status?: ReconciliationStatusFilter;
};

// --- the partner's billing state -------------------------------------------------------------

/** The provider of the partner's PSA connection, or null when none is saved. */
export async function findConnectionProvider(db: DbOrTx, input: { partnerId: string }) {
  const [row] = await db
    .select({ provider: psaConnections.provider, status: psaConnections.status })
    .from(psaConnections)
    .where(eq(psaConnections.partnerId, input.partnerId));
  return row ?? null;
}

/** Customers with a Customer Map mapping (what "Sync all" syncs) and how many of them have a contract. */
export async function countMappedCustomers(db: DbOrTx, input: { partnerId: string }) {
  const [row] = await db
    .select({
      mapped: count(),
      withContract: sql<number>`count(${customerMappings.psaContractId})::int`.mapWith(Number),
    })
    .from(customerMappings)
    .where(eq(customerMappings.partnerId, input.partnerId));
  return { mapped: row?.mapped ?? 0, withContract: row?.withContract ?? 0 };
}

// --- reconciliation ----------------------------------------------------------------------------

/** PSA quantity after the last sync's writes (0 when the PSA has no contract service / addition). */
const psaQuantityNow = sql`coalesce(${billingLines.psaQuantityAfter}, ${billingLines.psaQuantity}, 0)`;
/** vendor − PSA; the same rule as `lineDifference` in server/services/billing/views.ts. */
const differenceSql = sql`(coalesce(${billingLines.vendorQuantity}, 0) - ${psaQuantityNow})`;
/** difference × the PSA's unit price; null when the PSA has no price. */
const differenceValueSql = sql`(${differenceSql} * ${billingLines.unitPrice})`;

const lineCustomerJoin = and(eq(customers.partnerId, billingLines.partnerId), eq(customers.id, billingLines.customerId));
const lineStateJoin = and(eq(billingCustomerState.partnerId, billingLines.partnerId), eq(billingCustomerState.customerId, billingLines.customerId));
// At most one open change per (customer, item) (billing_changes_open_key), so this join never multiplies rows.
const linePendingJoin = and(
  eq(billingChanges.partnerId, billingLines.partnerId),
  eq(billingChanges.customerId, billingLines.customerId),
  eq(billingChanges.itemCode, billingLines.itemCode),
  eq(billingChanges.status, "pending_approval"),
);

/** The WHERE of the reconciliation filters, partner first. */
function reconciliationConditions(partnerId: string, f: ReconciliationFilters): (SQL | undefined)[] {
  const term = f.search?.trim();
  const where: (SQL | undefined)[] = [
    eq(billingLines.partnerId, partnerId),
    eq(billingLines.kind, "mapped"),
    f.customerId ? eq(billingLines.customerId, f.customerId) : undefined,
    f.itemCode ? eq(billingLines.itemCode, f.itemCode) : undefined,
    term ? or(ilike(customers.name, likePattern(term)), ilike(customers.vendorCustomerId, likePattern(term))) : undefined,
  ];
  switch (f.status ?? "all") {
    case "differences":
      where.push(sql`${differenceSql} <> 0`);
      break;
    case "failed":
      where.push(or(eq(billingLines.status, "failed"), eq(billingCustomerState.lastStatus, "failed")));
      break;
    case "pending_approval":
      where.push(eq(billingLines.status, "pending_approval"));
      break;
    case "in_sync":
      where.push(inArray(billingLines.status, ["in_sync", "applied"]), sql`${differenceSql} = 0`);
      break;
    case "all":
      break;
  }
  return where;
}

const reconciliationFields = {
  lineId: billingLines.id,
  customerId: billingLines.customerId,
  customerName: customers.name,
  vendorCustomerId: customers.vendorCustomerId,
  itemCode: billingLines.itemCode,
  itemName: billableItems.name,
  unit: billableItems.unit,
  psaContractId: billingLines.psaContractId,
  psaServiceName: billingLines.psaServiceName,
  vendorQuantity: billingLines.vendorQuantity,
  psaQuantity: billingLines.psaQuantity,
  psaQuantityAfter: billingLines.psaQuantityAfter,
  lessIncluded: billingLines.lessIncluded,
  unitPrice: billingLines.unitPrice,
  difference: sql<number>`${differenceSql}`.mapWith(Number),
  differenceValue: sql<number | null>`${differenceValueSql}`.mapWith(Number),
  status: billingLines.status,
  checkedAt: billingLines.checkedAt,
  lastSyncedAt: billingCustomerState.lastSyncedAt,
  customerStatus: billingCustomerState.lastStatus,
  lastMessage: billingCustomerState.lastMessage,
  lastHint: billingCustomerState.lastHint,
  pendingChangeId: billingChanges.id,
  pendingReason: billingChanges.reason,
};

/** Rows of the reconciliation (one per customer and mapped item) in customer, item order. */
export async function listReconciliationLines(db: DbOrTx, input: { partnerId: string; filters: ReconciliationFilters; limit: number; offset?: number }) {
  return db
    .select(reconciliationFields)
    .from(billingLines)
    .innerJoin(customers, lineCustomerJoin)
    .leftJoin(billableItems, eq(billableItems.code, billingLines.itemCode))
    .leftJoin(billingCustomerState, lineStateJoin)
    .leftJoin(billingChanges, linePendingJoin)
    .where(and(...reconciliationConditions(input.partnerId, input.filters)))
    .orderBy(asc(customers.name), asc(customers.id), asc(billableItems.name), asc(billingLines.itemCode), asc(billingLines.id))
    .limit(input.limit)
    .offset(input.offset ?? 0);
}

export type ReconciliationRow = Awaited<ReturnType<typeof listReconciliationLines>>[number];

/** Count, rows with a difference and the summed value of the differences, for the whole filter. */
export async function reconciliationTotals(db: DbOrTx, input: { partnerId: string; filters: ReconciliationFilters }) {
  const [row] = await db
    .select({
      rows: count(),
      withDifference: sql<number>`coalesce(sum(case when ${differenceSql} <> 0 then 1 else 0 end), 0)::int`.mapWith(Number),
      differenceValue: sql<number>`coalesce(sum(${differenceValueSql}), 0)`.mapWith(Number),
      unpriced: sql<number>`coalesce(sum(case when ${differenceSql} <> 0 and ${billingLines.unitPrice} is null then 1 else 0 end), 0)::int`.mapWith(Number),
    })
    .from(billingLines)
    .innerJoin(customers, lineCustomerJoin)
    .leftJoin(billingCustomerState, lineStateJoin)
    .where(and(...reconciliationConditions(input.partnerId, input.filters)));
  return row ?? { rows: 0, withDifference: 0, differenceValue: 0, unpriced: 0 };
}

/** The difference and its value summed per item, for the whole filter (the bar chart). */
export async function reconciliationByItem(db: DbOrTx, input: { partnerId: string; filters: ReconciliationFilters }) {
  return db
    .select({
      itemCode: billingLines.itemCode,
      itemName: billableItems.name,
      unit: billableItems.unit,
      difference: sql<number>`coalesce(sum(${differenceSql}), 0)`.mapWith(Number),
      differenceValue: sql<number>`coalesce(sum(${differenceValueSql}), 0)`.mapWith(Number),
    })
    .from(billingLines)
    .innerJoin(customers, lineCustomerJoin)
    .leftJoin(billableItems, eq(billableItems.code, billingLines.itemCode))
    .leftJoin(billingCustomerState, lineStateJoin)
    .where(and(...reconciliationConditions(input.partnerId, input.filters)))
    .groupBy(billingLines.itemCode, billableItems.name, billableItems.unit)
    .orderBy(asc(billableItems.name));
}

/** Customers whose last sync failed (with or without lines), newest first: the message and what to change in the PSA. */
export async function listFailedCustomers(db: DbOrTx, input: { partnerId: string; search?: string; customerId?: string; limit: number }) {
  const term = input.search?.trim();
  const where = and(
    eq(billingCustomerState.partnerId, input.partnerId),
    eq(billingCustomerState.lastStatus, "failed"),
    input.customerId ? eq(billingCustomerState.customerId, input.customerId) : undefined,
    term ? or(ilike(customers.name, likePattern(term)), ilike(customers.vendorCustomerId, likePattern(term))) : undefined,
  );
  const join = and(eq(customers.partnerId, billingCustomerState.partnerId), eq(customers.id, billingCustomerState.customerId));
  const [total] = await db.select({ n: count() }).from(billingCustomerState).innerJoin(customers, join).where(where);
  const items = await db
    .select({
      customerId: billingCustomerState.customerId,
      customerName: customers.name,
      vendorCustomerId: customers.vendorCustomerId,
      lastSyncedAt: billingCustomerState.lastSyncedAt,
      lastMessage: billingCustomerState.lastMessage,
      lastHint: billingCustomerState.lastHint,
      hasLines: sql<boolean>`exists (select 1 from ${billingLines} where ${billingLines.partnerId} = ${billingCustomerState.partnerId} and ${billingLines.customerId} = ${billingCustomerState.customerId} and ${billingLines.kind} = 'mapped')`,
    })
    .from(billingCustomerState)
    .innerJoin(customers, join)
    .where(where)
    .orderBy(sql`${billingCustomerState.lastSyncedAt} desc nulls last`, asc(customers.name), asc(customers.id))
    .limit(input.limit);
  return { items, total: total?.n ?? 0 };
}

// --- orphans and unmapped ----------------------------------------------------------------------

/** PSA contract services / additions on mapped contracts that no item mapping explains. */
export async function listOrphanLines(db: DbOrTx, input: { partnerId: string; customerId?: string; page: number; pageSize: number }) {
  const where = and(
    eq(billingLines.partnerId, input.partnerId),
    eq(billingLines.kind, "orphan"),
    input.customerId ? eq(billingLines.customerId, input.customerId) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(billingLines).innerJoin(customers, lineCustomerJoin).where(where);
  const items = await db
    .select({
      lineId: billingLines.id,
      customerId: billingLines.customerId,
      customerName: customers.name,
      vendorCustomerId: customers.vendorCustomerId,
      psaContractId: billingLines.psaContractId,
      psaServiceId: billingLines.psaServiceId,
      psaServiceName: billingLines.psaServiceName,
      psaContractServiceId: billingLines.psaContractServiceId,
      psaQuantity: billingLines.psaQuantity,
      unitPrice: billingLines.unitPrice,
      checkedAt: billingLines.checkedAt,
    })
    .from(billingLines)
    .innerJoin(customers, lineCustomerJoin)
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id), asc(billingLines.psaServiceName), asc(billingLines.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return { items, total: total?.n ?? 0 };
}

/**
 * Customers the sync cannot bill: no Customer Map mapping, or a mapping without a contract.
 * Customers with usage come first (they are the ones missing from an invoice).
 */
export async function listUnbillableCustomers(db: DbOrTx, input: { partnerId: string; page: number; pageSize: number }) {
  const join = and(eq(customerMappings.partnerId, customers.partnerId), eq(customerMappings.customerId, customers.id));
  const where = and(eq(customers.partnerId, input.partnerId), or(isNull(customerMappings.id), isNull(customerMappings.psaContractId)));
  const hasUsage = sql<boolean>`exists (select 1 from ${usage} where ${usage.partnerId} = ${customers.partnerId} and ${usage.customerId} = ${customers.id})`;
  const [total] = await db.select({ n: count() }).from(customers).leftJoin(customerMappings, join).where(where);
  const items = await db
    .select({
      customerId: customers.id,
      customerName: customers.name,
      vendorCustomerId: customers.vendorCustomerId,
      psaCompanyName: customerMappings.psaCompanyName,
      hasUsage,
    })
    .from(customers)
    .leftJoin(customerMappings, join)
    .where(where)
    .orderBy(desc(hasUsage), asc(customers.name), asc(customers.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return {
    items: items.map(({ psaCompanyName, ...c }) => ({ ...c, reason: psaCompanyName ? ("no_contract" as const) : ("no_mapping" as const), psaCompanyName })),
    total: total?.n ?? 0,
  };
}

/** Billable items (from billable_items) the partner has not decided on: neither mapped nor "not billed". */
export async function listUndecidedItems(db: DbOrTx, input: { partnerId: string }) {
  return db
    .select({ code: billableItems.code, name: billableItems.name, unit: billableItems.unit })
    .from(billableItems)
    .leftJoin(billingItemMappings, and(eq(billingItemMappings.partnerId, input.partnerId), eq(billingItemMappings.itemCode, billableItems.code)))
    .where(isNull(billingItemMappings.id))
    .orderBy(asc(billableItems.name));
}

// --- usage over time -----------------------------------------------------------------------------

/** Items with usage since `since` (YYYY-MM-DD), by name. */
export async function listItemsWithUsage(db: DbOrTx, input: { partnerId: string; since: string }) {
  return db
    .select({ code: billableItems.code, name: billableItems.name, unit: billableItems.unit })
    .from(usage)
    .innerJoin(billableItems, eq(billableItems.code, usage.itemCode))
    .where(and(eq(usage.partnerId, input.partnerId), gte(usage.period, input.since)))
    .groupBy(billableItems.code, billableItems.name, billableItems.unit)
    .orderBy(asc(billableItems.name));
}

/** The item's usage summed over customers and accounts per period since `since`, oldest first. */
export async function usagePerPeriod(db: DbOrTx, input: { partnerId: string; itemCode: string; since: string }) {
  return db
    .select({ period: usage.period, quantity: sql<number>`sum(${usage.quantity})`.mapWith(Number), customers: sql<number>`count(distinct ${usage.customerId})::int`.mapWith(Number) })
    .from(usage)
    .where(and(eq(usage.partnerId, input.partnerId), eq(usage.itemCode, input.itemCode), gte(usage.period, input.since)))
    .groupBy(usage.period)
    .orderBy(asc(usage.period));
}

// --- one customer ----------------------------------------------------------------------------------

/** A customer of the partner with its Customer Map mapping and billing state, or null. */
export async function getCustomerBillingHeader(db: DbOrTx, input: { partnerId: string; customerId: string }) {
  const [row] = await db
    .select({
      id: customers.id,
      name: customers.name,
      vendorCustomerId: customers.vendorCustomerId,
      psaCompanyName: customerMappings.psaCompanyName,
      psaContractId: customerMappings.psaContractId,
      psaContractName: customerMappings.psaContractName,
      lastSyncedAt: billingCustomerState.lastSyncedAt,
      lastStatus: billingCustomerState.lastStatus,
      lastMessage: billingCustomerState.lastMessage,
      lastHint: billingCustomerState.lastHint,
      lastRunId: billingCustomerState.lastRunId,
    })
    .from(customers)
    .leftJoin(customerMappings, and(eq(customerMappings.partnerId, customers.partnerId), eq(customerMappings.customerId, customers.id)))
    .leftJoin(billingCustomerState, and(eq(billingCustomerState.partnerId, customers.partnerId), eq(billingCustomerState.customerId, customers.id)))
    .where(and(eq(customers.partnerId, input.partnerId), eq(customers.id, input.customerId)));
  return row ?? null;
}

/** Whether the customer is the partner's. */
export async function isOwnCustomer(db: DbOrTx, input: { partnerId: string; customerId: string }) {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.partnerId, input.partnerId), eq(customers.id, input.customerId)));
  return Boolean(row);
}
