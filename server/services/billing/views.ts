import { tz } from "@date-fns/tz";
import { format, subDays } from "date-fns";

import type { DbOrTx } from "~/db";
import {
  type AuditCursor,
  countChangesInFlight,
  countPendingChanges,
  findOwnChangeIds,
  listAuditTrail,
  listPendingChangeIds,
  listPendingChanges,
  type PendingFilters,
} from "~/db/queries/billing-approvals";
import {
  countMappedCustomers,
  findConnectionProvider,
  getCustomerBillingHeader,
  isOwnCustomer,
  listFailedCustomers,
  listItemsWithUsage,
  listOrphanLines,
  listReconciliationLines,
  listUnbillableCustomers,
  listUndecidedItems,
  reconciliationByItem,
  type ReconciliationRow,
  reconciliationTotals,
  usagePerPeriod,
} from "~/db/queries/billing-views";
import { findBillingSettings, listBillableItems } from "~/db/queries/billing-settings";
import { AppError } from "~/server/errors/app-error";

import { defaultBillingSettings } from "./settings-rules";
import { approveChanges, type BillingRun, DECISION_CAP, listRuns, rejectChanges, startSync } from "./runs";
import {
  AUDIT_PAGE_SIZE,
  changePercent,
  CSV_ROW_CAP,
  differenceValue,
  lineMessage,
  lineStatusLabel,
  PENDING_PAGE_SIZE,
  psaQuantityNow,
  RECONCILIATION_CSV_HEADER,
  RECONCILIATION_PAGE_SIZE,
  type ReconciliationFilters,
  round,
  SIDE_LIST_PAGE_SIZE,
  toCsv,
} from "./views-format";

/**
 * The Billing page's service: the overview, Sync now, approvals, the reconciliation (and its CSV),
 * orphans, unmapped customers and items, usage charts and a customer's audit trail. Reads go
 * through db/queries/billing-views; writes go through the engine's runs.ts API. Every id a client
 * sends is checked to be the partner's (NOT_FOUND otherwise).
 */

type Scope = { partnerId: string };
type Actor = Scope & { userId: string };

const CUSTOMER_NOT_FOUND = "This customer does not exist. Open it from the Billing page.";

async function requireCustomer(db: DbOrTx, input: Scope & { customerId: string }) {
  if (!(await isOwnCustomer(db, input))) throw new AppError("NOT_FOUND", CUSTOMER_NOT_FOUND);
}

// --- overview and runs -----------------------------------------------------------------------------

/** Billing on/off and write mode, the PSA, how many customers a "Sync all" covers, what waits, the last run, the billable items. */
export async function getBillingOverview(db: DbOrTx, input: Scope) {
  const [saved, connection, mapped, pendingCount, inFlight, [lastRun], undecided, items] = await Promise.all([
    findBillingSettings(db, input),
    findConnectionProvider(db, input),
    countMappedCustomers(db, input),
    countPendingChanges(db, input),
    countChangesInFlight(db, input),
    listRuns(db, { partnerId: input.partnerId, limit: 1 }),
    listUndecidedItems(db, input),
    listBillableItems(db),
  ]);
  const settings = saved
    ? {
        enabled: saved.enabled,
        writeMode: saved.writeMode,
        thresholdPercent: saved.thresholdPercent,
        billingDay: saved.billingDay,
        updateInvoiceDescriptions: saved.updateInvoiceDescriptions,
        currencyCode: saved.currencyCode,
      }
    : defaultBillingSettings();
  return {
    settings: { ...settings, saved: Boolean(saved) },
    provider: connection?.provider ?? null,
    connectionStatus: connection?.status ?? null,
    mappedCustomers: mapped.mapped,
    customersWithContract: mapped.withContract,
    pendingCount,
    inFlightCount: inFlight,
    undecidedItems: undecided.length,
    lastRun: lastRun ?? null,
    decisionCap: DECISION_CAP,
    /** Every billable item (filters and chart pickers). */
    items: items.map((i) => ({ code: i.code, name: i.name, unit: i.unit })),
  };
}

/** Queues "Sync now" for one customer (checked to be the partner's) or for every mapped customer. */
export async function syncNow(db: DbOrTx, input: Actor & { customerId?: string | null }): Promise<BillingRun> {
  if (input.customerId) await requireCustomer(db, { partnerId: input.partnerId, customerId: input.customerId });
  return startSync(db, {
    partnerId: input.partnerId,
    userId: input.userId,
    customerIds: input.customerId ? [input.customerId] : null,
    trigger: "manual",
  });
}

// --- approvals -------------------------------------------------------------------------------------

/** A page of pending changes with the change in percent and the value of the change at the PSA price. */
export async function getPendingChanges(db: DbOrTx, input: Scope & { filters: PendingFilters; page: number }) {
  if (input.filters.customerId) await requireCustomer(db, { partnerId: input.partnerId, customerId: input.filters.customerId });
  const { items, total } = await listPendingChanges(db, { partnerId: input.partnerId, ...input.filters, page: input.page, pageSize: PENDING_PAGE_SIZE });
  return {
    items: items.map((c) => {
      const delta = round(c.newQuantity - c.currentQuantity);
      return { ...c, delta, changePercent: changePercent(c.currentQuantity, c.newQuantity), changeValue: differenceValue(delta, c.unitPrice) };
    }),
    total,
    page: input.page,
    pageSize: PENDING_PAGE_SIZE,
  };
}

/** Every id must be one of the partner's changes (NOT_FOUND otherwise); changes no longer pending are counted as skipped. */
async function requireOwnChanges(db: DbOrTx, input: Scope & { changeIds: string[] }): Promise<string[]> {
  const ids = [...new Set(input.changeIds)];
  if (ids.length > DECISION_CAP) throw new AppError("BAD_REQUEST", `Decide on at most ${DECISION_CAP} changes at a time.`);
  const own = await findOwnChangeIds(db, { partnerId: input.partnerId, ids });
  if (own.length !== ids.length) throw new AppError("NOT_FOUND", "Some of these changes do not exist. Reload the Billing page and select them again.");
  return ids;
}

/** Approves the given pending changes and queues the run that writes them to the PSA. */
export async function approve(db: DbOrTx, input: Actor & { changeIds: string[] }) {
  const ids = await requireOwnChanges(db, input);
  const result = await approveChanges(db, { partnerId: input.partnerId, userId: input.userId, changeIds: ids });
  return { ...result, skipped: ids.length - result.approved };
}

/** Rejects the given pending changes: nothing is written to the PSA. */
export async function reject(db: DbOrTx, input: Actor & { changeIds: string[] }) {
  const ids = await requireOwnChanges(db, input);
  const result = await rejectChanges(db, { partnerId: input.partnerId, userId: input.userId, changeIds: ids });
  return { ...result, skipped: ids.length - result.rejected };
}

/** Approves the partner's pending changes, oldest first, at most DECISION_CAP per call; says how many remain. */
export async function approveAllPending(db: DbOrTx, input: Actor) {
  const ids = await listPendingChangeIds(db, { partnerId: input.partnerId, limit: DECISION_CAP });
  const result = await approveChanges(db, { partnerId: input.partnerId, userId: input.userId, changeIds: ids });
  return { ...result, remaining: await countPendingChanges(db, input) };
}

// --- reconciliation --------------------------------------------------------------------------------

function withMessage(row: ReconciliationRow) {
  return { ...row, psaQuantityNow: psaQuantityNow(row), message: lineMessage(row) };
}

/** A page of the reconciliation with the totals and per-item differences of the whole filter, and failed customers. */
export async function getReconciliation(db: DbOrTx, input: Scope & { filters: ReconciliationFilters; page: number }) {
  const scope = { partnerId: input.partnerId, filters: input.filters };
  const [rows, totals, byItem, failed] = await Promise.all([
    listReconciliationLines(db, { ...scope, limit: RECONCILIATION_PAGE_SIZE, offset: (input.page - 1) * RECONCILIATION_PAGE_SIZE }),
    reconciliationTotals(db, scope),
    reconciliationByItem(db, scope),
    input.filters.status === "all" || input.filters.status === "failed"
      ? listFailedCustomers(db, { partnerId: input.partnerId, search: input.filters.search, limit: SIDE_LIST_PAGE_SIZE })
      : Promise.resolve({ items: [], total: 0 }),
  ]);
  return {
    items: rows.map(withMessage),
    total: totals.rows,
    totals: { ...totals, differenceValue: round(totals.differenceValue, 2) },
    byItem: byItem.map((b) => ({ ...b, differenceValue: round(b.differenceValue, 2) })),
    failedCustomers: failed,
    page: input.page,
    pageSize: RECONCILIATION_PAGE_SIZE,
  };
}

export async function getOrphans(db: DbOrTx, input: Scope & { page: number }) {
  const result = await listOrphanLines(db, { partnerId: input.partnerId, page: input.page, pageSize: SIDE_LIST_PAGE_SIZE });
  return { ...result, page: input.page, pageSize: SIDE_LIST_PAGE_SIZE };
}

/** Customers the sync cannot bill (no mapping / no contract) and billable items nobody decided on. */
export async function getUnmapped(db: DbOrTx, input: Scope & { page: number }) {
  const [customers, items] = await Promise.all([
    listUnbillableCustomers(db, { partnerId: input.partnerId, page: input.page, pageSize: SIDE_LIST_PAGE_SIZE }),
    listUndecidedItems(db, input),
  ]);
  return { customers: { ...customers, page: input.page, pageSize: SIDE_LIST_PAGE_SIZE }, items };
}

/** The partner's date `days` ago (YYYY-MM-DD). */
export function sinceDate(days: number, timeZone: string, now = new Date()): string {
  return format(subDays(now, days), "yyyy-MM-dd", { in: tz(timeZone) });
}

/** Usage of one item summed per period over the last `days` (default: the first item with usage). */
export async function getUsageChart(db: DbOrTx, input: Scope & { itemCode?: string; days: number; timeZone: string; now?: Date }) {
  const since = sinceDate(input.days, input.timeZone, input.now);
  const [withUsage, all] = await Promise.all([listItemsWithUsage(db, { partnerId: input.partnerId, since }), listBillableItems(db)]);
  if (input.itemCode && !all.some((i) => i.code === input.itemCode)) {
    throw new AppError("NOT_FOUND", "This billable item does not exist. Pick one from the list.");
  }
  const itemCode = input.itemCode ?? withUsage[0]?.code ?? null;
  const points = itemCode ? await usagePerPeriod(db, { partnerId: input.partnerId, itemCode, since }) : [];
  return {
    since,
    days: input.days,
    itemCode,
    item: all.find((i) => i.code === itemCode) ?? null,
    items: all.map((i) => ({ ...i, hasUsage: withUsage.some((u) => u.code === i.code) })),
    points: points.map((p) => ({ ...p, quantity: round(p.quantity) })),
  };
}

// --- one customer ----------------------------------------------------------------------------------

/** A customer's billing: mapping, last result, the lines its last sync saw, orphans and how many changes wait. */
export async function getCustomerBilling(db: DbOrTx, input: Scope & { customerId: string }) {
  const header = await getCustomerBillingHeader(db, input);
  if (!header) throw new AppError("NOT_FOUND", CUSTOMER_NOT_FOUND);
  const [lines, orphans, pending] = await Promise.all([
    listReconciliationLines(db, { partnerId: input.partnerId, filters: { customerId: input.customerId }, limit: 500 }),
    listOrphanLines(db, { partnerId: input.partnerId, customerId: input.customerId, page: 1, pageSize: 200 }),
    listPendingChanges(db, { partnerId: input.partnerId, customerId: input.customerId, page: 1, pageSize: 1 }),
  ]);
  return { customer: header, lines: lines.map(withMessage), orphans: orphans.items, pendingCount: pending.total };
}

/** A page of the customer's audit trail, newest first. */
export async function getAuditTrail(db: DbOrTx, input: Scope & { customerId: string; cursor?: AuditCursor | null }) {
  await requireCustomer(db, input);
  return listAuditTrail(db, { partnerId: input.partnerId, customerId: input.customerId, cursor: input.cursor, limit: AUDIT_PAGE_SIZE });
}

// --- CSV export --------------------------------------------------------------------------------------

/**
 * The reconciliation of the filter as CSV (customer, item, quantities, difference and its value, last
 * sync, status, message), plus one row per failed customer whose sync saw no lines. At most CSV_ROW_CAP rows.
 */
export async function reconciliationCsv(db: DbOrTx, input: Scope & { filters: ReconciliationFilters; timeZone: string }) {
  const rows = await listReconciliationLines(db, { partnerId: input.partnerId, filters: input.filters, limit: CSV_ROW_CAP + 1 });
  const truncated = rows.length > CSV_ROW_CAP;
  const at = (d: Date | null) => (d ? format(d, "yyyy-MM-dd'T'HH:mm:ssXXX", { in: tz(input.timeZone) }) : null);
  const body: (string | number | null)[][] = rows.slice(0, CSV_ROW_CAP).map((r) => [
    r.customerName,
    r.vendorCustomerId,
    r.itemName ?? r.itemCode,
    r.vendorQuantity,
    psaQuantityNow(r),
    r.difference,
    r.unitPrice,
    r.differenceValue === null ? null : round(r.differenceValue, 2),
    at(r.lastSyncedAt ?? r.checkedAt),
    lineStatusLabel(r.status),
    lineMessage(r),
  ]);
  const wantsFailed = !input.filters.itemCode && (input.filters.status === "all" || input.filters.status === "failed");
  if (wantsFailed && !truncated) {
    const failed = await listFailedCustomers(db, { partnerId: input.partnerId, search: input.filters.search, limit: CSV_ROW_CAP - body.length });
    for (const c of failed.items.filter((f) => !f.hasLines)) {
      body.push([c.customerName, c.vendorCustomerId, null, null, null, null, null, null, at(c.lastSyncedAt), lineStatusLabel("failed"), lineMessage({ status: "failed", lastMessage: c.lastMessage, lastHint: c.lastHint })]);
    }
  }
  return { csv: toCsv(RECONCILIATION_CSV_HEADER, body), rows: body.length, truncated, date: format(new Date(), "yyyy-MM-dd", { in: tz(input.timeZone) }) };
}
