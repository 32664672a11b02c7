import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { latestUsage } from "~/db/queries/billing";
import { billingChanges, billingCustomerState, billingLines, eventOutcomes, notificationRules, usage } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import type { PsaProvider } from "~/server/psa/types";
import { startTicketSandbox, type TicketSandbox } from "~/server/services/tickets/test-kit";
import { createTestDatabase } from "~/server/testing/test-db";

import { BILLING_SKIP, handleBillingForEvent } from "./event";
import { revertRun } from "./revert";
import { approveChanges, createRun, rejectChanges } from "./runs";
import { BillingRetryableError, executeRun } from "./sync";
import { billingDeps, ITEMS, psaQuantity, remapContract, runSync, setUsage, setupBilling, setWriteMode } from "./test-kit";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

// The fourth company has a Time and Materials contract in the Autotask sandbox.
const NAMES = ["Acme Dental Partners", "Blue Ocean Logistics", "Cobalt Engineering", "Dunmore Family Practice"];

describe.each<PsaProvider>(["autotask", "connectwise"])("billing sync through the %s sandbox", (provider) => {
  let sandbox: TicketSandbox;
  beforeAll(async () => {
    sandbox = await startTicketSandbox(provider);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  async function fresh(opts: Parameters<typeof setupBilling>[2] = { customerNames: NAMES.slice(0, 1) }) {
    const tenant = await sandbox.tenant(NAMES);
    const setup = await setupBilling(handle.db, tenant, opts);
    return { tenant, setup };
  }

  it("first sync writes increases, decreases and a missing contract service; a no-op sync writes nothing; the throttle skips", async () => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    const [a, b, c] = ITEMS;
    const heldA = await psaQuantity(tenant, setup, 0, a);
    const heldB = await psaQuantity(tenant, setup, 0, b);
    expect(await psaQuantity(tenant, setup, 0, c)).toBe(0);
    await setUsage(db, setup, 0, a, heldA + 5);
    await setUsage(db, setup, 0, b, Math.max(heldB - 1, 0) + 0.4); // 0.4 of a unit bills as a whole unit
    await setUsage(db, setup, 0, c, 7);
    const expectB = Math.max(heldB - 1, 0) + 1;

    const deps = billingDeps();
    const first = await runSync(db, setup, deps);
    expect(first.status).toBe("completed");
    expect(first.stats).toMatchObject({ customers: 1, done: 1, applied: 1, failed: 0 });
    const expectedWrites = 1 + (expectB !== heldB ? 1 : 0) + 1;
    expect(first.stats.writes).toBe(expectedWrites);
    expect(deps.requests.writes).toBe(expectedWrites);
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(heldA + 5);
    expect(await psaQuantity(tenant, setup, 0, b)).toBe(expectB);
    expect(await psaQuantity(tenant, setup, 0, c)).toBe(7);

    const audit = await db.select().from(billingChanges).where(and(eq(billingChanges.partnerId, setup.partnerId), eq(billingChanges.status, "applied")));
    expect(audit).toHaveLength(expectedWrites);
    const created = audit.find((x) => x.itemCode === c)!;
    expect(created).toMatchObject({ currentQuantity: 0, newQuantity: 7, psaContractServiceId: null });
    expect(created.appliedBy).toMatch(/^automatic \(Sync now by Ada Admin\)$/);
    expect(created.psaRecordRef).toMatch(provider === "autotask" ? /^ContractService(Adjustment)?:\d+$/ : /^Addition:\d+$/);
    const lines = await db.select().from(billingLines).where(eq(billingLines.partnerId, setup.partnerId));
    const mapped = lines.filter((l) => l.kind === "mapped");
    expect(mapped).toHaveLength(3);
    for (const l of mapped) expect(l.psaQuantityAfter).toBe(l.vendorQuantity);

    // Nothing changed: a forced sync reads and writes nothing.
    deps.requests.reset();
    const again = await runSync(db, setup, deps);
    expect(again.stats).toMatchObject({ inSync: 1, writes: 0 });
    expect(deps.requests.writes).toBe(0);
    const [state] = await db.select().from(billingCustomerState).where(eq(billingCustomerState.customerId, setup.customers[0]!.id));
    expect(state).toMatchObject({ lastStatus: "in_sync" });

    // Within 12 hours a scheduled (unforced) sync skips the customer without calling the PSA.
    deps.requests.reset();
    const throttled = await runSync(db, setup, deps, { force: false, trigger: "schedule" });
    expect(throttled.stats).toMatchObject({ skipped: 1, inSync: 0 });
    expect(deps.requests.reads + deps.requests.writes).toBeLessThanOrEqual(0);
  });

  it("approval mode stores the preview; approve applies it with an audit entry, reject writes nothing", async () => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    await setWriteMode(db, setup, "approve");
    const [a, b, c] = ITEMS;
    const heldA = await psaQuantity(tenant, setup, 0, a);
    await setUsage(db, setup, 0, a, heldA + 3);
    await setUsage(db, setup, 0, b, await psaQuantity(tenant, setup, 0, b));
    await setUsage(db, setup, 0, c, 2);
    const deps = billingDeps();
    const preview = await runSync(db, setup, deps);
    expect(preview.stats).toMatchObject({ pendingApproval: 1, writes: 0 });
    expect(deps.requests.writes).toBe(0);
    const pending = await db.select().from(billingChanges).where(and(eq(billingChanges.partnerId, setup.partnerId), eq(billingChanges.status, "pending_approval")));
    expect(pending.map((p) => [p.itemCode, p.currentQuantity, p.newQuantity]).sort()).toEqual([[a, heldA, heldA + 3], [c, 0, 2]].sort());
    expect(pending[0]!.reason).toMatch(/approval/);

    // A second preview of the same difference keeps the same proposal (no duplicate).
    await runSync(db, setup, deps);
    expect(await db.select().from(billingChanges).where(and(eq(billingChanges.partnerId, setup.partnerId), eq(billingChanges.status, "pending_approval")))).toHaveLength(2);

    const toApprove = pending.find((p) => p.itemCode === a)!;
    const toReject = pending.find((p) => p.itemCode === c)!;
    expect(await rejectChanges(db, { partnerId: setup.partnerId, userId: setup.adminId, changeIds: [toReject.id] })).toEqual({ rejected: 1 });
    // The rejected item's line stops waiting; the other one still waits for its decision.
    const lineStatus = async (itemCode: string) =>
      (await db.select().from(billingLines).where(and(eq(billingLines.partnerId, setup.partnerId), eq(billingLines.itemCode, itemCode))))[0]?.status;
    expect(await lineStatus(c)).toBe("rejected");
    expect(await lineStatus(a)).toBe("pending_approval");
    const { approved, run } = await approveChanges(db, { partnerId: setup.partnerId, userId: setup.adminId, changeIds: [toApprove.id, toReject.id] });
    expect(approved).toBe(1);
    deps.requests.reset();
    const applied = await executeRun(db, { partnerId: setup.partnerId, runId: run!.id }, deps);
    expect(applied.stats).toMatchObject({ applied: 1, writes: 1 });
    expect(deps.requests.writes).toBe(1);
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(heldA + 3);
    expect(await psaQuantity(tenant, setup, 0, c)).toBe(0);
    const [entry] = await db.select().from(billingChanges).where(eq(billingChanges.id, toApprove.id));
    expect(entry).toMatchObject({ status: "applied", appliedBy: "approved by Ada Admin", decidedByUserId: setup.adminId });
    expect(entry!.psaRecordRef).toBeTruthy();
    // Re-running the same approval run applies nothing twice.
    expect((await executeRun(db, { partnerId: setup.partnerId, runId: run!.id }, deps)).stats.writes).toBe(1);
    expect(deps.requests.writes).toBe(1);
  });

  it("rejecting every waiting change says so; an approval the PSA overtook is superseded, not written", async () => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    await setWriteMode(db, setup, "approve");
    const [a, b] = ITEMS;
    const heldA = await psaQuantity(tenant, setup, 0, a);
    const heldB = await psaQuantity(tenant, setup, 0, b);
    await setUsage(db, setup, 0, a, heldA + 2);
    await setUsage(db, setup, 0, b, heldB + 2);
    const deps = billingDeps();
    await runSync(db, setup, deps);
    const pending = await db.select().from(billingChanges).where(and(eq(billingChanges.partnerId, setup.partnerId), eq(billingChanges.status, "pending_approval")));
    const changeA = pending.find((p) => p.itemCode === a)!;
    const changeB = pending.find((p) => p.itemCode === b)!;

    // Someone changes A in the PSA after the preview; the approval then writes nothing for it.
    const c = setup.customers[0]!;
    await tenant.technician.applyQuantityChange({ contractId: c.contract.id, serviceId: setup.services.get(a)!.id, contractServiceId: changeA.psaContractServiceId, currentQuantity: heldA, newQuantity: heldA + 7, effectiveDate: changeA.effectiveDate });
    const { run } = await approveChanges(db, { partnerId: setup.partnerId, userId: setup.adminId, changeIds: [changeA.id] });
    deps.requests.reset();
    await executeRun(db, { partnerId: setup.partnerId, runId: run!.id }, deps);
    expect(deps.requests.writes).toBe(0);
    const [superseded] = await db.select().from(billingChanges).where(eq(billingChanges.id, changeA.id));
    expect(superseded).toMatchObject({ status: "superseded", message: expect.stringMatching(/changed from/) });
    const lineOf = async (itemCode: string) => (await db.select().from(billingLines).where(and(eq(billingLines.customerId, c.id), eq(billingLines.itemCode, itemCode))))[0]!;
    expect((await lineOf(a)).status).toBe("superseded");
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(heldA + 7);

    await rejectChanges(db, { partnerId: setup.partnerId, userId: setup.adminId, changeIds: [changeB.id] });
    expect((await lineOf(b)).status).toBe("rejected");
    const [state] = await db.select().from(billingCustomerState).where(eq(billingCustomerState.customerId, c.id));
    expect(state).toMatchObject({ lastStatus: "rejected", lastMessage: expect.stringMatching(/^Changes rejected/) });
  });

  it("reverting a run writes the replaced quantities back, once, and leaves a quantity the PSA changed since alone", async () => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    const [a, b, c] = ITEMS;
    const heldA = await psaQuantity(tenant, setup, 0, a);
    const heldB = await psaQuantity(tenant, setup, 0, b);
    await setUsage(db, setup, 0, a, heldA + 6);
    await setUsage(db, setup, 0, b, heldB + 1);
    await setUsage(db, setup, 0, c, 4);
    const deps = billingDeps();
    const first = await runSync(db, setup, deps);
    expect(first.stats.writes).toBe(3);
    // Someone changes B in the PSA after the run.
    const customer = setup.customers[0]!;
    await tenant.technician.applyQuantityChange({ contractId: customer.contract.id, serviceId: setup.services.get(b)!.id, currentQuantity: heldB + 1, newQuantity: heldB + 9, effectiveDate: new Date().toISOString().slice(0, 10) });

    const { reverting, skipped, run } = await revertRun(db, { partnerId: setup.partnerId, userId: setup.adminId, runId: first.runId });
    expect([reverting, skipped]).toEqual([3, 0]);
    deps.requests.reset();
    const reverted = await executeRun(db, { partnerId: setup.partnerId, runId: run.id }, deps);
    expect(reverted.stats.writes).toBe(2);
    expect(deps.requests.writes).toBe(2);
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(heldA);
    expect(await psaQuantity(tenant, setup, 0, b)).toBe(heldB + 9);
    expect(await psaQuantity(tenant, setup, 0, c)).toBe(0);
    const entries = await db.select().from(billingChanges).where(and(eq(billingChanges.partnerId, setup.partnerId), eq(billingChanges.runId, run.id)));
    expect(entries.map((e) => [e.itemCode, e.status]).sort()).toEqual([[a, "applied"], [b, "superseded"], [c, "applied"]].sort());
    expect(entries.find((e) => e.itemCode === a)).toMatchObject({ appliedBy: "reverted by Ada Admin", currentQuantity: heldA + 6, newQuantity: heldA });
    // The revert run itself, run again, writes nothing.
    expect((await executeRun(db, { partnerId: setup.partnerId, runId: run.id }, deps)).stats.writes).toBe(2);
    expect(deps.requests.writes).toBe(2);
    // While the vendor quantities differ, the next sync proposes the changes again (here: writes them, automatic mode).
    expect((await runSync(db, setup, deps)).stats.writes).toBe(3);
    // A run that wrote nothing cannot be reverted; another partner's run is not found.
    const noop = await runSync(db, setup, deps);
    expect(noop.stats.writes).toBe(0);
    await expect(revertRun(db, { partnerId: setup.partnerId, userId: setup.adminId, runId: noop.runId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const stranger = await createPartner(db);
    await expect(revertRun(db, { partnerId: stranger.id, userId: setup.adminId, runId: first.runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("threshold mode writes small changes and holds large ones", async () => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    await setWriteMode(db, setup, "threshold", 50);
    const [a, b] = ITEMS;
    const heldA = await psaQuantity(tenant, setup, 0, a);
    const heldB = await psaQuantity(tenant, setup, 0, b);
    expect(heldA).toBeGreaterThan(1);
    await setUsage(db, setup, 0, a, heldA + 1); // under 50%
    await setUsage(db, setup, 0, b, heldB * 3 + 4); // over
    const result = await runSync(db, setup, billingDeps());
    expect(result.stats).toMatchObject({ pendingApproval: 1, writes: 1 });
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(heldA + 1);
    expect(await psaQuantity(tenant, setup, 0, b)).toBe(heldB);
  });

  it("a misconfigured contract fails that customer with what to change; the others continue", async () => {
    const tenant = await sandbox.tenant(NAMES);
    const all = await tenant.technician.listContracts((await tenant.technician.listCompanies()).map((c) => c.id));
    const bad =
      provider === "autotask"
        ? all.find((c) => c.kind !== "recurring_service")
        : all.find((c) => c.status === "cancelled");
    expect(bad, "the sandbox seeds a misconfigured contract").toBeTruthy();
    const setup = await setupBilling(handle.db, tenant, { customerNames: NAMES.slice(0, 2) });
    await remapContract(handle.db, setup, 1, bad!);
    const [a] = ITEMS;
    const held = await psaQuantity(tenant, setup, 0, a);
    await setUsage(handle.db, setup, 0, a, held + 2);
    await setUsage(handle.db, setup, 1, a, 9);
    const result = await runSync(handle.db, setup, billingDeps());
    expect(result.stats).toMatchObject({ customers: 2, applied: 1, failed: 1 });
    const [state] = await handle.db.select().from(billingCustomerState).where(eq(billingCustomerState.customerId, setup.customers[1]!.id));
    expect(state!.lastStatus).toBe("failed");
    expect(state!.lastMessage).toMatch(provider === "autotask" ? /Recurring Service/ : /cancelled/);
    expect(state!.lastHint).toMatch(/Customer Map|Autotask|ConnectWise/);
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(held + 2);
  });

  it.each(["500", "timeout"] as const)("a write whose answer is lost after the PSA committed it (%s) is applied exactly once", async (mode) => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    const [a, b, c] = ITEMS;
    const held = await psaQuantity(tenant, setup, 0, a);
    await setUsage(db, setup, 0, a, held + 4);
    await setUsage(db, setup, 0, b, await psaQuantity(tenant, setup, 0, b));
    await setUsage(db, setup, 0, c, 3);
    const writePath = provider === "autotask" ? "ServiceAdjustments" : "/additions/";
    await tenant.setFaults({ failAfterCommitRate: 1, failAfterCommitMode: mode, hangMs: 3_000, pathContains: writePath });
    const deps = billingDeps({ connector: { maxRetries: 1, backoffBaseMs: 1, timeoutMs: 400 } });
    const run = await createRun(db, { partnerId: setup.partnerId, userId: setup.adminId, customerIds: null, trigger: "manual", customers: 1 });
    const firstAttempt = await executeRun(db, { partnerId: setup.partnerId, runId: run.id }, deps).then(
      (r) => r,
      (e: unknown) => e,
    );
    await tenant.setFaults({});
    if (firstAttempt instanceof BillingRetryableError) {
      // The job retries the run: it reads the PSA back and does not write again.
      const [open] = await db.select().from(billingChanges).where(and(eq(billingChanges.partnerId, setup.partnerId), eq(billingChanges.status, "applying")));
      expect(open).toBeTruthy();
      deps.requests.reset();
      const retried = await executeRun(db, { partnerId: setup.partnerId, runId: run.id }, deps);
      expect(retried.status).toBe("completed");
      // The committed write is confirmed by reading back, never sent again; at most the change the first
      // attempt never reached is written now (Autotask adjustments are deltas: a repeat would show in the units).
      expect(deps.requests.writes).toBeLessThanOrEqual(1);
    } else {
      // The connector itself found the committed write by reading back.
      expect(firstAttempt).toMatchObject({ status: "completed" });
    }
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(held + 4);
    expect(await psaQuantity(tenant, setup, 0, c)).toBe(3);
    const changes = await db.select().from(billingChanges).where(eq(billingChanges.partnerId, setup.partnerId));
    expect(changes.map((x) => [x.itemCode, x.status]).sort()).toEqual([[a, "applied"], [c, "applied"]].sort());
    // A further sync finds it in sync.
    expect((await runSync(db, setup, deps)).stats.writes).toBe(0);
  });

  it("a billing rule syncs on events: at most every 12 hours, reprocess forces it", async () => {
    const { tenant, setup } = await fresh();
    const db = handle.db;
    await db.insert(notificationRules).values({ partnerId: setup.partnerId, name: "Billing", action: "billing", severities: ["ok", "warning", "error"] });
    const [a] = ITEMS;
    const held = await psaQuantity(tenant, setup, 0, a);
    await setUsage(db, setup, 0, a, held + 1);
    const customer = setup.customers[0]!;
    const ev = (type: string) => createEvent(db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accountIds[0]!, type, severity: "ok" });
    const deps = billingDeps();
    const e1 = await ev("backup_completed");
    const o1 = await handleBillingForEvent(db, { partnerId: setup.partnerId, eventId: e1.id }, deps);
    expect(o1).toMatchObject({ status: "succeeded", detail: expect.stringMatching(/^synchronized/) });
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(held + 1);

    await setUsage(db, setup, 0, a, held + 2);
    const e2 = await ev("backup_completed");
    const o2 = await handleBillingForEvent(db, { partnerId: setup.partnerId, eventId: e2.id }, deps);
    expect(o2).toMatchObject({ status: "skipped", detail: BILLING_SKIP.throttled });
    const [row] = await db.select().from(eventOutcomes).where(and(eq(eventOutcomes.eventId, e2.id), eq(eventOutcomes.action, "billing")));
    expect(row).toMatchObject({ status: "skipped", detail: "skipped: synchronized less than 12 hours ago" });
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(held + 1);

    // Reprocessing the event (its outcome exists) forces the sync.
    const o3 = await handleBillingForEvent(db, { partnerId: setup.partnerId, eventId: e2.id }, deps);
    expect(o3).toMatchObject({ status: "succeeded" });
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(held + 2);
  });
});

describe("vendor quantities from usage", () => {
  it("take each item's latest period up to today, summed over accounts; later periods and other partners do not count", async () => {
    const db = handle.db;
    const p = await createPartner(db);
    const other = await createPartner(db);
    const c = await createCustomer(db, { partnerId: p.id });
    const [a1, a2] = [await createAccount(db, { partnerId: p.id, customerId: c.id }), await createAccount(db, { partnerId: p.id, customerId: c.id })];
    const oc = await createCustomer(db, { partnerId: other.id });
    const row = (accountId: string | null, itemCode: string, quantity: number, period: string) => ({ partnerId: p.id, customerId: c.id, accountId, itemCode, quantity, period });
    await db.insert(usage).values([
      row(a1.id, "online_backup_gb_basic", 500, "2026-11-20"),
      row(a1.id, "online_backup_gb_basic", 120.5, "2026-11-21"),
      row(a2.id, "online_backup_gb_basic", 80, "2026-11-21"),
      row(a2.id, "online_backup_gb_basic", 9999, "2026-11-30"),
      row(null, "email_security_mailboxes", 12, "2026-11-01"),
      { partnerId: other.id, customerId: oc.id, accountId: null, itemCode: "online_backup_gb_basic", quantity: 7, period: "2026-11-21" },
    ]);
    const rows = await latestUsage(db, { partnerId: p.id, customerIds: [c.id, oc.id], itemCodes: ["online_backup_gb_basic", "email_security_mailboxes"], asOf: "2026-11-22" });
    const total = (code: string) => rows.filter((r) => r.itemCode === code).reduce((s, r) => s + r.quantity, 0);
    expect(total("online_backup_gb_basic")).toBe(200.5);
    expect(rows.filter((r) => r.itemCode === "online_backup_gb_basic").every((r) => r.accountNumber)).toBe(true);
    expect(total("email_security_mailboxes")).toBe(12);
    expect(rows.every((r) => r.customerId === c.id)).toBe(true);
  });
});
