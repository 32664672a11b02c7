import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  billingChanges,
  billingCustomerState,
  billingItemMappings,
  billingLines,
  billingRuns,
  customerMappings,
} from "~/db/schema";
import { createAccount, createCustomer, createPartner, createUsage, createUser } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { countPendingChanges, findOwnChangeIds, listAuditTrail, listPendingChangeIds, listPendingChanges } from "./billing-approvals";
import {
  countMappedCustomers,
  getCustomerBillingHeader,
  isOwnCustomer,
  listFailedCustomers,
  listItemsWithUsage,
  listOrphanLines,
  listReconciliationLines,
  listUnbillableCustomers,
  listUndecidedItems,
  reconciliationByItem,
  reconciliationTotals,
  usagePerPeriod,
} from "./billing-views";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const SERVERS = "local_backup_servers";
const MAILBOXES = "email_security_mailboxes";
const GB = "online_backup_gb_standard";

type LineInput = Partial<typeof billingLines.$inferInsert> & { customerId: string };
type ChangeInput = Partial<typeof billingChanges.$inferInsert> & { customerId: string; itemCode: string };

/**
 * One partner's billing world: Contoso (a difference up and one waiting for approval), Fabrikam
 * (in sync, one applied), Northwind (failed, with lines), Tailspin (failed before any line), an
 * orphan, an unmapped customer with usage, one mapped without a contract, and a second partner
 * with look-alike rows that must never show.
 */
async function world() {
  const db = handle.db;
  const partner = await createPartner(db);
  const admin = await createUser(db, { partnerId: partner.id, name: "Ada Admin" });
  const contoso = await createCustomer(db, { partnerId: partner.id, name: "Contoso", vendorCustomerId: "V-CON" });
  const fabrikam = await createCustomer(db, { partnerId: partner.id, name: "Fabrikam", vendorCustomerId: "V-FAB" });
  const northwind = await createCustomer(db, { partnerId: partner.id, name: "Northwind", vendorCustomerId: "V-NOR" });
  const tailspin = await createCustomer(db, { partnerId: partner.id, name: "Tailspin", vendorCustomerId: "V-TAI" });
  const unmapped = await createCustomer(db, { partnerId: partner.id, name: "Adatum", vendorCustomerId: "V-ADA" });
  const noUsage = await createCustomer(db, { partnerId: partner.id, name: "Bellows", vendorCustomerId: "V-BEL" });
  const noContract = await createCustomer(db, { partnerId: partner.id, name: "Coho", vendorCustomerId: "V-COH" });

  for (const c of [contoso, fabrikam, northwind, tailspin]) {
    await db.insert(customerMappings).values({ partnerId: partner.id, customerId: c.id, psaCompanyId: `co-${c.name}`, psaCompanyName: c.name, psaContractId: `k-${c.name}` });
  }
  await db.insert(customerMappings).values({ partnerId: partner.id, customerId: noContract.id, psaCompanyId: "co-coho", psaCompanyName: "Coho PSA" });
  await createUsage(db, { partnerId: partner.id, customerId: unmapped.id, itemCode: SERVERS, quantity: 2, period: "2025-01-01" });
  await db.insert(billingItemMappings).values([
    { partnerId: partner.id, itemCode: SERVERS, psaServiceId: "s1", psaServiceName: "Local Backup - Server", unitPrice: 25 },
    { partnerId: partner.id, itemCode: MAILBOXES, psaServiceId: "s2", psaServiceName: "Email Security", unitPrice: 1.5 },
    { partnerId: partner.id, itemCode: GB, psaServiceId: null },
  ]);

  const line = (l: LineInput) => ({ partnerId: partner.id, kind: "mapped" as const, psaContractId: "k", status: "in_sync", ...l });
  await db.insert(billingLines).values([
    line({ customerId: contoso.id, itemCode: SERVERS, vendorQuantity: 12, psaQuantity: 10, psaQuantityAfter: 12, unitPrice: 25, status: "applied" }),
    line({ customerId: contoso.id, itemCode: MAILBOXES, vendorQuantity: 40, psaQuantity: 30, unitPrice: 1.5, status: "pending_approval" }),
    line({ customerId: fabrikam.id, itemCode: SERVERS, vendorQuantity: 3, psaQuantity: 3, unitPrice: 25 }),
    line({ customerId: fabrikam.id, itemCode: MAILBOXES, vendorQuantity: 7, psaQuantity: null, unitPrice: null, status: "not_in_psa" }),
    line({ customerId: northwind.id, itemCode: SERVERS, vendorQuantity: 2, psaQuantity: 5, unitPrice: 20, status: "failed" }),
    { partnerId: partner.id, customerId: fabrikam.id, kind: "orphan" as const, psaContractId: "k-Fabrikam", psaServiceId: "s9", psaServiceName: "Legacy Backup", psaContractServiceId: "cs9", psaQuantity: 4, unitPrice: 10, status: "orphan" },
  ]);
  const lastSyncedAt = new Date("2025-02-01T10:00:00Z");
  await db.insert(billingCustomerState).values([
    { partnerId: partner.id, customerId: contoso.id, lastSyncedAt, lastStatus: "pending_approval" },
    { partnerId: partner.id, customerId: fabrikam.id, lastSyncedAt, lastStatus: "in_sync" },
    { partnerId: partner.id, customerId: northwind.id, lastSyncedAt, lastStatus: "failed", lastMessage: "Contract k is not a Recurring Service contract.", lastHint: "Change the contract type in Autotask." },
    { partnerId: partner.id, customerId: tailspin.id, lastSyncedAt: new Date("2025-02-02T10:00:00Z"), lastStatus: "failed", lastMessage: "Agreement cancelled.", lastHint: "Reopen the agreement." },
  ]);

  const change = (c: ChangeInput) => ({
    partnerId: partner.id,
    psaContractId: "k",
    psaServiceId: "s",
    currentQuantity: 1,
    newQuantity: 2,
    effectiveDate: "2025-02-01",
    status: "pending_approval" as const,
    ...c,
  });
  const [pendingContoso] = await db
    .insert(billingChanges)
    .values(change({ customerId: contoso.id, itemCode: MAILBOXES, currentQuantity: 30, newQuantity: 40, unitPrice: 1.5, reason: "change of 33% is over the 10% threshold" }))
    .returning();
  const [pendingFabrikam] = await db
    .insert(billingChanges)
    .values(change({ customerId: fabrikam.id, itemCode: MAILBOXES, currentQuantity: 0, newQuantity: 7, reason: "approval mode", createdAt: new Date("2025-01-01T00:00:00Z") }))
    .returning();

  const other = await createPartner(db);
  const foreign = await createCustomer(db, { partnerId: other.id, name: "Contoso Foreign", vendorCustomerId: "V-CON-F" });
  await db.insert(customerMappings).values({ partnerId: other.id, customerId: foreign.id, psaCompanyId: "x", psaCompanyName: "X", psaContractId: "kx" });
  await db.insert(billingLines).values([
    { partnerId: other.id, customerId: foreign.id, kind: "mapped", itemCode: SERVERS, vendorQuantity: 99, psaQuantity: 1, unitPrice: 5, status: "failed" },
    { partnerId: other.id, customerId: foreign.id, kind: "orphan", psaServiceName: "Foreign orphan", psaQuantity: 1, status: "orphan" },
  ]);
  await db.insert(billingCustomerState).values({ partnerId: other.id, customerId: foreign.id, lastStatus: "failed", lastMessage: "Foreign failure" });
  const [foreignChange] = await db
    .insert(billingChanges)
    .values({ partnerId: other.id, customerId: foreign.id, itemCode: SERVERS, psaContractId: "kx", psaServiceId: "s", currentQuantity: 1, newQuantity: 99, effectiveDate: "2025-02-01", status: "pending_approval" })
    .returning();
  await createUsage(db, { partnerId: other.id, customerId: foreign.id, itemCode: SERVERS, quantity: 1000, period: "2025-01-10" });

  return { partner, admin, contoso, fabrikam, northwind, tailspin, unmapped, noUsage, noContract, pendingContoso: pendingContoso!, pendingFabrikam: pendingFabrikam!, other, foreign, foreignChange: foreignChange! };
}

type World = Awaited<ReturnType<typeof world>>;
let w: World;
beforeAll(async () => {
  w = await world();
});

const rec = (filters: Parameters<typeof listReconciliationLines>[1]["filters"], partnerId = w.partner.id) =>
  listReconciliationLines(handle.db, { partnerId, filters, limit: 100 });

describe("reconciliation lines", () => {
  it("lists mapped lines by customer and item with the difference and its value at the PSA price", async () => {
    const rows = await rec({});
    expect(rows.map((r) => `${r.customerName}/${r.itemCode}`)).toEqual([
      `Contoso/${MAILBOXES}`,
      `Contoso/${SERVERS}`,
      `Fabrikam/${MAILBOXES}`,
      `Fabrikam/${SERVERS}`,
      `Northwind/${SERVERS}`,
    ]);
    const byKey = new Map(rows.map((r) => [`${r.customerName}/${r.itemCode}`, r]));
    // After the sync wrote 12, the PSA holds what the vendor delivered.
    expect(byKey.get(`Contoso/${SERVERS}`)).toMatchObject({ difference: 0, differenceValue: 0, status: "applied", itemName: "Local backup, servers" });
    expect(byKey.get(`Contoso/${MAILBOXES}`)).toMatchObject({ difference: 10, differenceValue: 15, pendingChangeId: w.pendingContoso.id, pendingReason: expect.stringMatching(/33%/) });
    // No contract service: the PSA counts as 0; no price, no value.
    expect(byKey.get(`Fabrikam/${MAILBOXES}`)).toMatchObject({ difference: 7, differenceValue: null, psaQuantity: null });
    expect(byKey.get(`Northwind/${SERVERS}`)).toMatchObject({ difference: -3, differenceValue: -60, customerStatus: "failed", lastHint: "Change the contract type in Autotask." });
    expect(byKey.get(`Contoso/${SERVERS}`)!.lastSyncedAt).toEqual(new Date("2025-02-01T10:00:00Z"));
  });

  it("filters by customer search (name or vendor id, wildcards literal) and item", async () => {
    expect((await rec({ search: "fab" })).map((r) => r.customerName)).toEqual(["Fabrikam", "Fabrikam"]);
    expect((await rec({ search: "V-NOR" })).map((r) => r.customerName)).toEqual(["Northwind"]);
    expect(await rec({ search: "%" })).toEqual([]);
    expect((await rec({ itemCode: SERVERS })).map((r) => r.customerName)).toEqual(["Contoso", "Fabrikam", "Northwind"]);
    expect((await rec({ customerId: w.contoso.id })).every((r) => r.customerId === w.contoso.id)).toBe(true);
  });

  it("filters by status: differences only, failed, waiting for approval, in sync", async () => {
    const keys = async (status: "differences" | "failed" | "pending_approval" | "in_sync") =>
      (await rec({ status })).map((r) => `${r.customerName}/${r.itemCode}`);
    expect(await keys("differences")).toEqual([`Contoso/${MAILBOXES}`, `Fabrikam/${MAILBOXES}`, `Northwind/${SERVERS}`]);
    expect(await keys("failed")).toEqual([`Northwind/${SERVERS}`]);
    expect(await keys("pending_approval")).toEqual([`Contoso/${MAILBOXES}`]);
    expect(await keys("in_sync")).toEqual([`Contoso/${SERVERS}`, `Fabrikam/${SERVERS}`]);
  });

  it("pages with limit and offset in a stable order", async () => {
    const all = (await rec({})).map((r) => r.lineId);
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      pages.push(...(await listReconciliationLines(handle.db, { partnerId: w.partner.id, filters: {}, limit: 2, offset })).map((r) => r.lineId));
    }
    expect(pages).toEqual(all);
  });

  it("totals and per-item sums cover the whole filter", async () => {
    expect(await reconciliationTotals(handle.db, { partnerId: w.partner.id, filters: {} })).toEqual({ rows: 5, withDifference: 3, differenceValue: -45, unpriced: 1 });
    expect(await reconciliationTotals(handle.db, { partnerId: w.partner.id, filters: { status: "failed" } })).toMatchObject({ rows: 1, differenceValue: -60 });
    const byItem = await reconciliationByItem(handle.db, { partnerId: w.partner.id, filters: {} });
    expect(byItem).toEqual([
      { itemCode: MAILBOXES, itemName: "Email security, mailboxes", unit: "mailbox", difference: 17, differenceValue: 15 },
      { itemCode: SERVERS, itemName: "Local backup, servers", unit: "server", difference: -3, differenceValue: -60 },
    ]);
  });

  it("lists failed customers newest first, also those whose sync saw no lines", async () => {
    const failed = await listFailedCustomers(handle.db, { partnerId: w.partner.id, limit: 10 });
    expect(failed.total).toBe(2);
    expect(failed.items.map((f) => [f.customerName, f.hasLines])).toEqual([
      ["Tailspin", false],
      ["Northwind", true],
    ]);
    expect(failed.items[0]).toMatchObject({ lastMessage: "Agreement cancelled.", lastHint: "Reopen the agreement." });
    expect((await listFailedCustomers(handle.db, { partnerId: w.partner.id, search: "north", limit: 10 })).items.map((f) => f.customerName)).toEqual(["Northwind"]);
  });

  it("gives another partner none of these rows, whatever the filter", async () => {
    for (const filters of [{}, { customerId: w.contoso.id }, { search: "Contoso" }, { status: "failed" as const }, { itemCode: SERVERS }]) {
      const rows = await rec(filters, w.other.id);
      expect(rows.every((r) => r.customerId === w.foreign.id)).toBe(true);
    }
    expect(await rec({ customerId: w.foreign.id })).toEqual([]);
    expect((await reconciliationTotals(handle.db, { partnerId: w.other.id, filters: {} })).rows).toBe(1);
    const failed = await listFailedCustomers(handle.db, { partnerId: w.other.id, limit: 10 });
    expect(failed.items.map((f) => f.customerId)).toEqual([w.foreign.id]);
  });
});

describe("pending changes", () => {
  it("pages the partner's pending changes by customer with the item and the total", async () => {
    const page = await listPendingChanges(handle.db, { partnerId: w.partner.id, page: 1, pageSize: 1 });
    expect(page.total).toBe(2);
    expect(page.items.map((c) => c.customerName)).toEqual(["Contoso"]);
    expect(page.items[0]).toMatchObject({ itemName: "Email security, mailboxes", unit: "mailbox", currentQuantity: 30, newQuantity: 40, unitPrice: 1.5 });
    const second = await listPendingChanges(handle.db, { partnerId: w.partner.id, page: 2, pageSize: 1 });
    expect(second.items.map((c) => c.customerName)).toEqual(["Fabrikam"]);
  });

  it("filters by customer search, customer id and item", async () => {
    expect((await listPendingChanges(handle.db, { partnerId: w.partner.id, search: "V-FAB", page: 1, pageSize: 50 })).items.map((c) => c.id)).toEqual([w.pendingFabrikam.id]);
    expect((await listPendingChanges(handle.db, { partnerId: w.partner.id, customerId: w.contoso.id, page: 1, pageSize: 50 })).total).toBe(1);
    expect((await listPendingChanges(handle.db, { partnerId: w.partner.id, itemCode: SERVERS, page: 1, pageSize: 50 })).total).toBe(0);
  });

  it("collects ids oldest first up to the cap and checks ownership", async () => {
    expect(await listPendingChangeIds(handle.db, { partnerId: w.partner.id, limit: 10 })).toEqual([w.pendingFabrikam.id, w.pendingContoso.id]);
    expect(await listPendingChangeIds(handle.db, { partnerId: w.partner.id, limit: 1 })).toEqual([w.pendingFabrikam.id]);
    expect(await countPendingChanges(handle.db, { partnerId: w.partner.id })).toBe(2);
    expect((await findOwnChangeIds(handle.db, { partnerId: w.partner.id, ids: [w.pendingContoso.id, w.foreignChange.id] })).sort()).toEqual([w.pendingContoso.id]);
  });

  it("gives another partner none of them", async () => {
    const page = await listPendingChanges(handle.db, { partnerId: w.other.id, page: 1, pageSize: 50 });
    expect(page.items.map((c) => c.id)).toEqual([w.foreignChange.id]);
    expect((await listPendingChanges(handle.db, { partnerId: w.other.id, customerId: w.contoso.id, page: 1, pageSize: 50 })).total).toBe(0);
    expect(await listPendingChangeIds(handle.db, { partnerId: w.other.id, limit: 10 })).toEqual([w.foreignChange.id]);
    expect(await findOwnChangeIds(handle.db, { partnerId: w.other.id, ids: [w.pendingContoso.id] })).toEqual([]);
  });
});

describe("orphans and unmapped", () => {
  it("lists orphans of the partner only", async () => {
    const orphans = await listOrphanLines(handle.db, { partnerId: w.partner.id, page: 1, pageSize: 10 });
    expect(orphans.total).toBe(1);
    expect(orphans.items[0]).toMatchObject({ customerName: "Fabrikam", psaServiceName: "Legacy Backup", psaQuantity: 4, psaContractServiceId: "cs9" });
    expect((await listOrphanLines(handle.db, { partnerId: w.partner.id, customerId: w.contoso.id, page: 1, pageSize: 10 })).total).toBe(0);
    expect((await listOrphanLines(handle.db, { partnerId: w.other.id, page: 1, pageSize: 10 })).items.map((o) => o.psaServiceName)).toEqual(["Foreign orphan"]);
  });

  it("lists customers with no mapping or no contract, those with usage first", async () => {
    const result = await listUnbillableCustomers(handle.db, { partnerId: w.partner.id, page: 1, pageSize: 10 });
    expect(result.total).toBe(3);
    expect(result.items.map((c) => [c.customerName, c.reason, c.hasUsage])).toEqual([
      ["Adatum", "no_mapping", true],
      ["Bellows", "no_mapping", false],
      ["Coho", "no_contract", false],
    ]);
    expect((await listUnbillableCustomers(handle.db, { partnerId: w.partner.id, page: 2, pageSize: 2 })).items.map((c) => c.customerName)).toEqual(["Coho"]);
    expect((await listUnbillableCustomers(handle.db, { partnerId: w.other.id, page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("lists billable items nobody decided on (not billed counts as decided)", async () => {
    const undecided = (await listUndecidedItems(handle.db, { partnerId: w.partner.id })).map((i) => i.code);
    expect(undecided).not.toContain(SERVERS);
    expect(undecided).not.toContain(GB);
    expect(undecided).toContain("online_backup_gb_basic");
    expect(undecided).toHaveLength(4);
    expect(await listUndecidedItems(handle.db, { partnerId: w.other.id })).toHaveLength(7);
  });

  it("counts mapped customers and those with a contract", async () => {
    expect(await countMappedCustomers(handle.db, { partnerId: w.partner.id })).toEqual({ mapped: 5, withContract: 4 });
    expect(await countMappedCustomers(handle.db, { partnerId: w.other.id })).toEqual({ mapped: 1, withContract: 1 });
  });
});

describe("usage over time", () => {
  it("sums an item per period over customers and accounts since a date, for the partner only", async () => {
    const db = handle.db;
    const partner = await createPartner(db);
    const a = await createCustomer(db, { partnerId: partner.id });
    const b = await createCustomer(db, { partnerId: partner.id });
    const acc1 = await createAccount(db, { partnerId: partner.id, customerId: a.id });
    const acc2 = await createAccount(db, { partnerId: partner.id, customerId: a.id });
    await createUsage(db, { partnerId: partner.id, customerId: a.id, accountId: acc1.id, itemCode: GB, quantity: 10.5, period: "2025-03-01" });
    await createUsage(db, { partnerId: partner.id, customerId: a.id, accountId: acc2.id, itemCode: GB, quantity: 4.25, period: "2025-03-01" });
    await createUsage(db, { partnerId: partner.id, customerId: b.id, itemCode: GB, quantity: 5, period: "2025-03-01" });
    await createUsage(db, { partnerId: partner.id, customerId: b.id, itemCode: GB, quantity: 6, period: "2025-03-02" });
    await createUsage(db, { partnerId: partner.id, customerId: b.id, itemCode: GB, quantity: 100, period: "2024-01-01" });
    await createUsage(db, { partnerId: partner.id, customerId: b.id, itemCode: MAILBOXES, quantity: 3, period: "2025-03-02" });

    expect(await usagePerPeriod(db, { partnerId: partner.id, itemCode: GB, since: "2025-02-01" })).toEqual([
      { period: "2025-03-01", quantity: 19.75, customers: 2 },
      { period: "2025-03-02", quantity: 6, customers: 1 },
    ]);
    expect((await listItemsWithUsage(db, { partnerId: partner.id, since: "2025-02-01" })).map((i) => i.code)).toEqual([MAILBOXES, GB]);
    expect(await usagePerPeriod(db, { partnerId: w.other.id, itemCode: GB, since: "2025-02-01" })).toEqual([]);
    expect(await usagePerPeriod(db, { partnerId: w.partner.id, itemCode: SERVERS, since: "2000-01-01" })).toEqual([{ period: "2025-01-01", quantity: 2, customers: 1 }]);
  });
});

describe("a customer's header and audit trail", () => {
  it("reads the customer's mapping and last result, null for another partner's customer", async () => {
    expect(await getCustomerBillingHeader(handle.db, { partnerId: w.partner.id, customerId: w.northwind.id })).toMatchObject({
      name: "Northwind",
      psaContractId: "k-Northwind",
      lastStatus: "failed",
      lastHint: "Change the contract type in Autotask.",
    });
    expect(await getCustomerBillingHeader(handle.db, { partnerId: w.other.id, customerId: w.northwind.id })).toBeNull();
    expect(await isOwnCustomer(handle.db, { partnerId: w.partner.id, customerId: w.northwind.id })).toBe(true);
    expect(await isOwnCustomer(handle.db, { partnerId: w.other.id, customerId: w.northwind.id })).toBe(false);
  });

  it("lists applied, rejected, failed and superseded entries newest first, paging by (time, id) to the microsecond", async () => {
    const db = handle.db;
    const partner = await createPartner(db);
    const admin = await createUser(db, { partnerId: partner.id, name: "Ada Admin" });
    const customer = await createCustomer(db, { partnerId: partner.id, name: "Audit Co" });
    const [run] = await db.insert(billingRuns).values({ partnerId: partner.id, trigger: "manual", stats: { customers: 1, done: 1, inSync: 0, applied: 1, pendingApproval: 0, failed: 0, skipped: 0, writes: 1 } }).returning();
    const base = { partnerId: partner.id, customerId: customer.id, runId: run!.id, psaContractId: "k", psaServiceId: "s", effectiveDate: "2025-02-01" };
    const at = (s: string) => new Date(`2025-02-0${s}Z`);
    const inserted = await db
      .insert(billingChanges)
      .values([
        { ...base, itemCode: SERVERS, status: "applied", currentQuantity: 10, newQuantity: 12, unitPrice: 25, appliedAt: at("1T10:00:00"), appliedBy: "automatic (Sync now)", psaRecordRef: "ContractServiceAdjustment:123" },
        { ...base, itemCode: MAILBOXES, status: "rejected", currentQuantity: 30, newQuantity: 40, decidedAt: at("2T10:00:00"), decidedByUserId: admin.id, message: "Rejected: nothing was written to the PSA." },
        { ...base, itemCode: GB, status: "failed", currentQuantity: 1, newQuantity: 2, updatedAt: at("3T10:00:00"), message: "Autotask refused the adjustment." },
        { ...base, itemCode: SERVERS, status: "superseded", currentQuantity: 12, newQuantity: 13, updatedAt: at("4T10:00:00") },
        { ...base, itemCode: SERVERS, status: "pending_approval", currentQuantity: 12, newQuantity: 14 },
      ])
      .returning();
    // Two entries within the same millisecond: the keyset must neither skip nor repeat one.
    await db.insert(billingChanges).values([
      { ...base, itemCode: "local_backup_non_servers", status: "applied", currentQuantity: 1, newQuantity: 2, appliedAt: sql`'2025-02-05T10:00:00.000123Z'::timestamptz`, appliedBy: "approved by Ada Admin" },
      { ...base, itemCode: "email_archiving_mailboxes", status: "applied", currentQuantity: 1, newQuantity: 3, appliedAt: sql`'2025-02-05T10:00:00.000456Z'::timestamptz`, appliedBy: "approved by Ada Admin" },
    ]);

    const all = await listAuditTrail(db, { partnerId: partner.id, customerId: customer.id, limit: 50 });
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(6);
    expect(all.items.map((e) => e.status)).toEqual(["applied", "applied", "superseded", "failed", "rejected", "applied"]);
    expect(all.items.slice(0, 2).map((e) => e.at)).toEqual(["2025-02-05T10:00:00.000456Z", "2025-02-05T10:00:00.000123Z"]);
    expect(all.items.map((e) => e.id)).not.toContain(inserted[4]!.id);
    expect(all.items[4]).toMatchObject({ decidedByName: "Ada Admin", message: "Rejected: nothing was written to the PSA." });
    expect(all.items[5]).toMatchObject({ appliedBy: "automatic (Sync now)", psaRecordRef: "ContractServiceAdjustment:123", currentQuantity: 10, newQuantity: 12, unitPrice: 25, itemName: "Local backup, servers" });

    const paged: string[] = [];
    let cursor: { at: string; id: string } | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditTrail>> = await listAuditTrail(db, { partnerId: partner.id, customerId: customer.id, cursor, limit: 1 });
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((e) => e.id));

    expect((await listAuditTrail(db, { partnerId: partner.id, customerId: customer.id, limit: 50, statuses: ["applied"] })).items).toHaveLength(3);
    expect((await listAuditTrail(db, { partnerId: w.other.id, customerId: customer.id, limit: 50 })).items).toEqual([]);
  });
});
