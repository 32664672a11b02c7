import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { InlineRunner, resetInlineRunner, setInlineRunner } from "~/inngest/inline";
import { billingChanges, billingCustomerState, billingLines, billingRuns, customerMappings } from "~/db/schema";
import { createCustomer, createPartner, createUsage, createUser } from "~/db/seed/factories";
import { AppError } from "~/server/errors/app-error";
import { createTestDatabase } from "~/server/testing/test-db";

import {
  approve,
  approveAllPending,
  getAuditTrail,
  getBillingOverview,
  getCustomerBilling,
  getPendingChanges,
  getReconciliation,
  getUsageChart,
  reconciliationCsv,
  reject,
  syncNow,
} from "./views";

/**
 * The Billing page's service on a real database: ids from another partner are NOT_FOUND, decisions
 * go through the engine's runs API (its job is not run here: the inline runner has no functions),
 * and the CSV holds what the reconciliation shows.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setInlineRunner(new InlineRunner({ functions: [], logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() } }));
});
afterAll(async () => {
  resetInlineRunner();
  await handle?.close();
});

const SERVERS = "local_backup_servers";
const MAILBOXES = "email_security_mailboxes";

async function world() {
  const db = handle.db;
  const partner = await createPartner(db, { timeZone: "Europe/Berlin" });
  const admin = await createUser(db, { partnerId: partner.id, name: "Ada Admin" });
  const contoso = await createCustomer(db, { partnerId: partner.id, name: "Contoso, Ltd", vendorCustomerId: "V-CON" });
  const formula = await createCustomer(db, { partnerId: partner.id, name: "=Acme+1", vendorCustomerId: "V-EVIL" });
  const failedEarly = await createCustomer(db, { partnerId: partner.id, name: "Tailspin", vendorCustomerId: "V-TAI" });
  for (const c of [contoso, formula, failedEarly]) {
    await db.insert(customerMappings).values({ partnerId: partner.id, customerId: c.id, psaCompanyId: c.vendorCustomerId, psaCompanyName: c.name, psaContractId: "k" });
  }
  await db.insert(billingLines).values([
    { partnerId: partner.id, customerId: contoso.id, kind: "mapped", itemCode: SERVERS, vendorQuantity: 12, psaQuantity: 10, unitPrice: 19.99, status: "pending_approval" },
    { partnerId: partner.id, customerId: formula.id, kind: "mapped", itemCode: MAILBOXES, vendorQuantity: 5, psaQuantity: 5, unitPrice: 2, status: "in_sync" },
  ]);
  await db.insert(billingCustomerState).values([
    { partnerId: partner.id, customerId: contoso.id, lastSyncedAt: new Date("2025-02-01T10:00:00Z"), lastStatus: "pending_approval" },
    { partnerId: partner.id, customerId: formula.id, lastSyncedAt: new Date("2025-02-01T09:30:00Z"), lastStatus: "in_sync" },
    { partnerId: partner.id, customerId: failedEarly.id, lastSyncedAt: new Date("2025-02-01T11:00:00Z"), lastStatus: "failed", lastMessage: "Agreement 7 is cancelled.", lastHint: "Reopen it in ConnectWise." },
  ]);
  const pending = (customerId: string, itemCode: string, current: number, next: number, unitPrice: number | null) => ({
    partnerId: partner.id,
    customerId,
    itemCode,
    psaContractId: "k",
    psaServiceId: "s",
    currentQuantity: current,
    newQuantity: next,
    unitPrice,
    effectiveDate: "2025-02-01",
    status: "pending_approval" as const,
    reason: "approval mode",
  });
  const changes = await db
    .insert(billingChanges)
    .values([pending(contoso.id, SERVERS, 10, 12, 19.99), pending(contoso.id, MAILBOXES, 0, 3, null), pending(formula.id, SERVERS, 8, 4, 10)])
    .returning();

  const other = await createPartner(db);
  const otherAdmin = await createUser(db, { partnerId: other.id });
  const foreign = await createCustomer(db, { partnerId: other.id, name: "Foreign" });
  const [foreignChange] = await db.insert(billingChanges).values({ ...pending(foreign.id, SERVERS, 1, 2, 1), partnerId: other.id }).returning();
  return { partner, admin, contoso, formula, failedEarly, changes, other, otherAdmin, foreign, foreignChange: foreignChange! };
}

let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  w = await world();
});

async function appError(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const statusOf = async (id: string) => (await handle.db.select({ s: billingChanges.status }).from(billingChanges).where(eq(billingChanges.id, id)))[0]?.s;

describe("overview", () => {
  it("shows defaults when nothing was saved, the mapped customers, what waits and the last run", async () => {
    const overview = await getBillingOverview(handle.db, { partnerId: w.partner.id });
    expect(overview.settings).toMatchObject({ enabled: false, writeMode: "approve", thresholdPercent: 10, currencyCode: "USD", saved: false });
    expect(overview).toMatchObject({ provider: null, mappedCustomers: 3, customersWithContract: 3, pendingCount: 3, lastRun: null, undecidedItems: 7 });
    expect((await getBillingOverview(handle.db, { partnerId: w.other.id })).pendingCount).toBe(1);
  });
});

describe("pending changes", () => {
  it("adds the change in percent and its value at the PSA price", async () => {
    const page = await getPendingChanges(handle.db, { partnerId: w.partner.id, filters: {}, page: 1 });
    expect(page.total).toBe(3);
    const byKey = new Map(page.items.map((c) => [`${c.customerName}/${c.itemCode}`, c]));
    expect(byKey.get(`Contoso, Ltd/${SERVERS}`)).toMatchObject({ delta: 2, changePercent: 20, changeValue: 39.98 });
    expect(byKey.get(`Contoso, Ltd/${MAILBOXES}`)).toMatchObject({ delta: 3, changePercent: null, changeValue: null });
    expect(page.items.find((c) => c.customerId === w.formula.id)).toMatchObject({ delta: -4, changePercent: -50, changeValue: -40 });
  });

  it("refuses another partner's customer as a filter", async () => {
    expect((await appError(getPendingChanges(handle.db, { partnerId: w.partner.id, filters: { customerId: w.foreign.id }, page: 1 }))).code).toBe("NOT_FOUND");
  });
});

describe("decisions", () => {
  it("refuses any id that is not the partner's and changes nothing", async () => {
    const mixed = [w.changes[0]!.id, w.foreignChange.id];
    expect((await appError(approve(handle.db, { partnerId: w.partner.id, userId: w.admin.id, changeIds: mixed }))).code).toBe("NOT_FOUND");
    expect((await appError(reject(handle.db, { partnerId: w.partner.id, userId: w.admin.id, changeIds: mixed }))).code).toBe("NOT_FOUND");
    expect(await statusOf(w.changes[0]!.id)).toBe("pending_approval");
    expect(await statusOf(w.foreignChange.id)).toBe("pending_approval");
  });

  it("rejects, then counts an already decided change as skipped", async () => {
    const id = w.changes[2]!.id;
    expect(await reject(handle.db, { partnerId: w.partner.id, userId: w.admin.id, changeIds: [id] })).toEqual({ rejected: 1, skipped: 0 });
    expect(await statusOf(id)).toBe("rejected");
    expect(await reject(handle.db, { partnerId: w.partner.id, userId: w.admin.id, changeIds: [id] })).toEqual({ rejected: 0, skipped: 1 });
    const approved = await approve(handle.db, { partnerId: w.partner.id, userId: w.admin.id, changeIds: [id] });
    expect(approved).toMatchObject({ approved: 0, skipped: 1, run: null });
  });

  it("approves one change and queues the run that applies it", async () => {
    const id = w.changes[0]!.id;
    const result = await approve(handle.db, { partnerId: w.partner.id, userId: w.admin.id, changeIds: [id, id] });
    expect(result).toMatchObject({ approved: 1, skipped: 0 });
    expect(result.run).toMatchObject({ partnerId: w.partner.id, trigger: "approval", changeIds: [id], status: "queued" });
    expect(await statusOf(id)).toBe("approved");
  });

  it("approves all the partner's pending changes, never another partner's", async () => {
    const result = await approveAllPending(handle.db, { partnerId: w.partner.id, userId: w.admin.id });
    expect(result).toMatchObject({ approved: 1, remaining: 0 });
    expect(result.run?.changeIds).toEqual([w.changes[1]!.id]);
    expect(await statusOf(w.foreignChange.id)).toBe("pending_approval");
    expect(await approveAllPending(handle.db, { partnerId: w.partner.id, userId: w.admin.id })).toMatchObject({ approved: 0, run: null, remaining: 0 });
    const overview = await getBillingOverview(handle.db, { partnerId: w.partner.id });
    expect(overview).toMatchObject({ pendingCount: 0, inFlightCount: 2 });
    expect(overview.lastRun?.id).toBe(result.run?.id);
  });
});

describe("sync now", () => {
  it("queues a manual, forced sync of one of the partner's customers", async () => {
    const run = await syncNow(handle.db, { partnerId: w.partner.id, userId: w.admin.id, customerId: w.contoso.id });
    expect(run).toMatchObject({ partnerId: w.partner.id, trigger: "manual", force: true, customerIds: [w.contoso.id] });
    expect(run.stats.customers).toBe(1);
  });

  it("queues a sync of every mapped customer", async () => {
    const run = await syncNow(handle.db, { partnerId: w.partner.id, userId: w.admin.id });
    expect(run).toMatchObject({ customerIds: null });
    expect(run.stats.customers).toBe(3);
  });

  it("refuses another partner's customer and queues nothing for it", async () => {
    expect((await appError(syncNow(handle.db, { partnerId: w.partner.id, userId: w.admin.id, customerId: w.foreign.id }))).code).toBe("NOT_FOUND");
    expect(await handle.db.select().from(billingRuns).where(eq(billingRuns.partnerId, w.other.id))).toEqual([]);
  });
});

describe("reconciliation and CSV", () => {
  it("adds the message to each line and lists the customers whose sync failed", async () => {
    const rec = await getReconciliation(handle.db, { partnerId: w.partner.id, filters: { status: "all" }, page: 1 });
    expect(rec.total).toBe(2);
    expect(rec.items[0]).toMatchObject({ customerName: "=Acme+1", difference: 0, message: null });
    expect(rec.items[1]).toMatchObject({ customerName: "Contoso, Ltd", difference: 2, differenceValue: 39.98, psaQuantityNow: 10, message: "Waits for approval." });
    expect(rec.totals).toMatchObject({ rows: 2, withDifference: 1, differenceValue: 39.98 });
    expect(rec.failedCustomers.items.map((f) => f.customerName)).toEqual(["Tailspin"]);
    expect((await getReconciliation(handle.db, { partnerId: w.partner.id, filters: { status: "differences" }, page: 1 })).failedCustomers.total).toBe(0);
  });

  it("exports the filter as CSV with escaped names, partner-time stamps and failed customers without lines", async () => {
    const { csv, rows, truncated } = await reconciliationCsv(handle.db, { partnerId: w.partner.id, filters: { status: "all" }, timeZone: "Europe/Berlin" });
    expect(truncated).toBe(false);
    expect(rows).toBe(3);
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("customer,vendor customer id,item,vendor qty,psa qty,difference,unit price,difference value,last sync,status,message");
    expect(lines[1]).toBe(`'=Acme+1,V-EVIL,"Email security, mailboxes",5,5,0,2,0,2025-02-01T10:30:00+01:00,In sync,`);
    expect(lines[2]).toBe('"Contoso, Ltd",V-CON,"Local backup, servers",12,10,2,19.99,39.98,2025-02-01T11:00:00+01:00,Waits for approval,Waits for approval.');
    expect(lines[3]).toBe("Tailspin,V-TAI,,,,,,,2025-02-01T12:00:00+01:00,Failed,Agreement 7 is cancelled. Reopen it in ConnectWise.");
    expect(lines[4]).toBe("");

    const onlyDifferences = await reconciliationCsv(handle.db, { partnerId: w.partner.id, filters: { status: "differences" }, timeZone: "UTC" });
    expect(onlyDifferences.rows).toBe(1);
    const foreign = await reconciliationCsv(handle.db, { partnerId: w.other.id, filters: { status: "all" }, timeZone: "UTC" });
    expect(foreign.rows).toBe(0);
    expect(foreign.csv).not.toMatch(/Contoso|Tailspin/);
  });
});

describe("customer, audit trail and usage", () => {
  it("shows one customer's billing and refuses another partner's", async () => {
    const view = await getCustomerBilling(handle.db, { partnerId: w.partner.id, customerId: w.contoso.id });
    expect(view.customer).toMatchObject({ name: "Contoso, Ltd", lastStatus: "pending_approval" });
    expect(view.lines.map((l) => l.itemCode)).toEqual([SERVERS]);
    expect((await appError(getCustomerBilling(handle.db, { partnerId: w.partner.id, customerId: w.foreign.id }))).code).toBe("NOT_FOUND");
    expect((await appError(getAuditTrail(handle.db, { partnerId: w.partner.id, customerId: w.foreign.id }))).code).toBe("NOT_FOUND");
  });

  it("lists rejected entries in the audit trail", async () => {
    const trail = await getAuditTrail(handle.db, { partnerId: w.partner.id, customerId: w.formula.id });
    expect(trail.items.map((e) => [e.status, e.decidedByName])).toEqual([["rejected", "Ada Admin"]]);
  });

  it("charts the first item with usage by default and refuses an unknown item", async () => {
    const now = new Date("2025-03-10T12:00:00Z");
    await createUsage(handle.db, { partnerId: w.partner.id, customerId: w.contoso.id, itemCode: SERVERS, quantity: 3, period: "2025-03-01" });
    await createUsage(handle.db, { partnerId: w.partner.id, customerId: w.formula.id, itemCode: SERVERS, quantity: 2, period: "2025-03-01" });
    await createUsage(handle.db, { partnerId: w.partner.id, customerId: w.formula.id, itemCode: SERVERS, quantity: 50, period: "2024-01-01" });
    const chart = await getUsageChart(handle.db, { partnerId: w.partner.id, days: 90, timeZone: "Europe/Berlin", now });
    expect(chart).toMatchObject({ itemCode: SERVERS, since: "2024-12-10", points: [{ period: "2025-03-01", quantity: 5, customers: 2 }] });
    expect(chart.items.find((i) => i.code === SERVERS)?.hasUsage).toBe(true);
    expect(chart.items).toHaveLength(7);
    const empty = await getUsageChart(handle.db, { partnerId: w.other.id, days: 90, timeZone: "UTC", now });
    expect(empty).toMatchObject({ itemCode: null, points: [] });
    expect((await appError(getUsageChart(handle.db, { partnerId: w.partner.id, itemCode: "no_such_item", days: 30, timeZone: "UTC" }))).code).toBe("NOT_FOUND");
  });
});
