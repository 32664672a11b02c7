import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { billingChanges, billingCustomerState, billingItemMappings, billingSettings, customerMappings, customers, usage } from "~/db/schema";
import { type DemoPartnerResult, seedDemo } from "~/db/seed/demo";
import { connectDemoPartners } from "~/db/seed/demo-psa";
import { demoBillingScenario } from "~/server/sandbox/common/demo-billing";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { ensureAutotaskDemoTenants, handleAutotaskSandbox } from "~/server/sandbox/autotask";
import { ensureConnectWiseDemoTenants, handleConnectWiseSandbox } from "~/server/sandbox/connectwise";
import { createRun } from "~/server/services/billing/runs";
import { executeRun } from "~/server/services/billing/sync";
import { configureDemoTicketing } from "~/server/services/demo/configure-ticketing";
import { connectorForPartner } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

import { demoBillingStateFor, seedDemoBilling, spread, todaysUsage } from "./demo-billing";

/**
 * Demo billing end to end: the demo seed gives both partners billing settings, item mappings to
 * the sandbox catalogue and today's usage; the ticketing setup maps the customers; a first sync of
 * every customer through the sandboxes then shows the scenario — a few changes (applied or waiting
 * for approval), one contract service / addition to create, one misconfigured customer, the rest
 * in sync.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let portal: Awaited<ReturnType<typeof serveFetchHandler>>;
let partners: DemoPartnerResult[];
const now = new Date();

const sandboxes = (req: Request) =>
  new URL(req.url).pathname.startsWith("/sandbox/autotask") ? handleAutotaskSandbox(req) : handleConnectWiseSandbox(req);

beforeAll(async () => {
  handle = await createTestDatabase();
  portal = await serveFetchHandler(sandboxes);
  ensureAutotaskDemoTenants();
  ensureConnectWiseDemoTenants();
  partners = await seedDemo(handle.db, { now });
  await connectDemoPartners(handle.db, partners, portal.url);
  await configureDemoTicketing(handle.db, { maxRetries: 1, backoffBaseMs: 2, timeoutMs: 10_000 });
}, 180_000);
afterAll(async () => {
  await portal?.close();
  await handle?.close();
});

const idOf = (slug: string) => partners.find((p) => p.slug === slug)!.id;

async function todaysTotals(partnerId: string, today: string) {
  const rows = await handle.db
    .select({ name: customers.name, itemCode: usage.itemCode, quantity: usage.quantity })
    .from(usage)
    .innerJoin(customers, eq(customers.id, usage.customerId))
    .where(and(eq(usage.partnerId, partnerId), eq(usage.period, today)));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(`${r.name}|${r.itemCode}`, Math.round(((totals.get(`${r.name}|${r.itemCode}`) ?? 0) + r.quantity) * 100) / 100);
  return totals;
}

describe("demo billing seed", () => {
  it("splits a whole-unit total over rows in proportion, exactly", () => {
    // 10.5/31.05·33 = 11.159…, 20.25/31.05·33 = 21.521… (cents rounded down), the last row takes the rest.
    expect(spread([10.5, 20.25, 0.3], 33)).toEqual([11.15, 21.52, 0.33]);
    expect(spread([0, 0], 7)).toEqual([7, 0]);
    expect(spread([], 7)).toEqual([]);
    expect(spread([3, 3, 3], 10).reduce((a, b) => a + b, 0)).toBeCloseTo(10, 10);
  });

  it("carries each customer's latest rows to today with the PSA's totals, keeping items the PSA lacks", () => {
    const state = demoBillingStateFor("northwind")!;
    const [name, held] = Object.entries(state.customers).find(([, c]) => Object.keys(c.items).length > 0)!;
    const item = Object.keys(held.items)[0]!;
    const rows = [
      { customerId: "c1", accountId: "a1", itemCode: item, quantity: 10.4, period: "2026-01-01" },
      { customerId: "c1", accountId: "a2", itemCode: item, quantity: 5, period: "2026-01-01" },
      { customerId: "c1", accountId: null, itemCode: "not_in_psa", quantity: 3.2, period: "2026-01-01" },
      { customerId: "c1", accountId: "a1", itemCode: item, quantity: 1, period: "2025-12-31" },
    ];
    const out = todaysUsage({ rows, customers: [{ id: "c1", name }], state, changes: new Map(), today: "2026-01-02" });
    expect(out.every((r) => r.period === "2026-01-02")).toBe(true);
    expect(out.filter((r) => r.itemCode === item).reduce((s, r) => s + r.quantity, 0)).toBeCloseTo(held.items[item]!.quantity, 6);
    expect(out.find((r) => r.itemCode === "not_in_psa")!.quantity).toBe(3.2);
    const changed = todaysUsage({ rows, customers: [{ id: "c1", name }], state, changes: new Map([[`${name}|${item}`, 99]]), today: "2026-01-02" });
    expect(changed.filter((r) => r.itemCode === item).reduce((s, r) => s + r.quantity, 0)).toBeCloseTo(99, 6);
  });

  it("gives both partners billing settings and a mapping of every billable item to the sandbox's service", async () => {
    const settings = await handle.db.select().from(billingSettings).where(inArray(billingSettings.partnerId, [idOf("northwind"), idOf("contoso")]));
    expect(settings.find((s) => s.partnerId === idOf("northwind"))).toMatchObject({ enabled: true, writeMode: "threshold", thresholdPercent: 20, currencyCode: "USD" });
    expect(settings.find((s) => s.partnerId === idOf("contoso"))).toMatchObject({ enabled: true, writeMode: "approve", currencyCode: "GBP" });
    for (const slug of ["northwind", "contoso"]) {
      const state = demoBillingStateFor(slug)!;
      const mappings = await handle.db.select().from(billingItemMappings).where(eq(billingItemMappings.partnerId, idOf(slug)));
      expect(mappings).toHaveLength(7);
      for (const m of mappings) expect(m).toMatchObject({ psaServiceId: state.services[m.itemCode]!.id, psaServiceName: state.services[m.itemCode]!.name, createMissing: true, unitPrice: expect.any(Number) });
    }
  });

  it("writes today's usage equal to the sandbox quantities, except the scenario's changes", async () => {
    for (const slug of ["northwind", "contoso"]) {
      const tz = slug === "northwind" ? "America/New_York" : "Europe/London";
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
      const totals = await todaysTotals(idOf(slug), today);
      const state = demoBillingStateFor(slug)!;
      const scenario = demoBillingScenario(slug);
      for (const change of scenario.changes) expect(totals.get(`${change.customer}|${change.itemCode}`)).toBe(change.vendorQuantity);
      const plain = scenario.customers[0]!;
      for (const [item, q] of Object.entries(state.customers[plain.name]!.items)) expect(totals.get(`${plain.name}|${item}`)).toBe(q.quantity);
      expect(totals.get(`${scenario.missing.customer}|${scenario.missing.itemCode}`)).toBeGreaterThan(0);
    }
  });

  it("maps the customers with their contract, and Autotask rows with the contract's online backup service", async () => {
    const rows = await handle.db
      .select({ name: customers.name, contractId: customerMappings.psaContractId, service: customerMappings.psaContractServiceName })
      .from(customerMappings)
      .innerJoin(customers, eq(customers.id, customerMappings.customerId))
      .where(eq(customerMappings.partnerId, idOf("northwind")));
    expect(rows).toHaveLength(50);
    const scenario = demoBillingScenario("northwind");
    const state = demoBillingStateFor("northwind")!;
    for (const row of rows) expect(row.contractId).toBe(state.customers[row.name]!.contractId);
    expect(rows.find((r) => r.name === scenario.misconfigured.customer)!.service).toBeNull();
    expect(rows.find((r) => r.name === scenario.customers[0]!.name)!.service).toMatch(/^Online Backup - \w+ \(per GB\)$/);
  });

  it("is idempotent: a second seeding keeps settings, mappings and usage", async () => {
    const before = await handle.db.select().from(billingSettings);
    const usageBefore = await handle.db.select({ id: usage.id, quantity: usage.quantity }).from(usage);
    const again = await seedDemoBilling(handle.db, partners, { now: new Date(now.getTime() + 60_000) });
    expect(again.map((r) => [r.partnerSlug, r.status])).toEqual([
      ["northwind", "kept"],
      ["contoso", "kept"],
    ]);
    expect(await handle.db.select().from(billingSettings)).toEqual(before);
    expect(await handle.db.select({ id: usage.id, quantity: usage.quantity }).from(usage)).toEqual(usageBefore);
  });

  it.each([
    ["northwind", { applied: 2, pendingApproval: 4, failed: 1 }],
    ["contoso", { applied: 0, pendingApproval: 4, failed: 1 }],
  ] as const)("%s: a first sync of every customer shows the scenario", async (slug, expected) => {
    const partnerId = idOf(slug);
    const scenario = demoBillingScenario(slug);
    const total = scenario.customers.length;
    const run = await createRun(handle.db, { partnerId, userId: null, customerIds: null, trigger: "manual", force: true, customers: total });
    const connectorFor = (db: Parameters<typeof connectorForPartner>[0], id: string) => connectorForPartner(db, id, { maxRetries: 1, backoffBaseMs: 2, timeoutMs: 10_000 });
    const result = await executeRun(handle.db, { partnerId, runId: run.id }, { connectorFor });
    expect(result.status).toBe("completed");
    expect(result.stats).toMatchObject({ customers: total, done: total, ...expected, inSync: total - expected.applied - expected.pendingApproval - expected.failed });

    const states = await handle.db
      .select({ name: customers.name, status: billingCustomerState.lastStatus, message: billingCustomerState.lastMessage })
      .from(billingCustomerState)
      .innerJoin(customers, eq(customers.id, billingCustomerState.customerId))
      .where(eq(billingCustomerState.partnerId, partnerId));
    const failed = states.find((s) => s.name === scenario.misconfigured.customer)!;
    expect(failed.status).toBe("failed");
    expect(failed.message).toMatch(slug === "northwind" ? /Recurring Service/ : /EUR/);
    const changes = await handle.db.select().from(billingChanges).where(eq(billingChanges.partnerId, partnerId));
    const created = changes.find((c) => c.itemCode === scenario.missing.itemCode && c.psaContractServiceId === null)!;
    expect(created).toMatchObject({ currentQuantity: 0, status: "pending_approval" });
    for (const change of scenario.changes) {
      expect(changes.find((c) => c.itemCode === change.itemCode && c.currentQuantity === change.psaQuantity)).toMatchObject({ newQuantity: change.vendorQuantity });
    }
  });
});
