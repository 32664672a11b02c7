import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { billableItems, billingChanges, billingCustomerState, billingSettings, customerMappings, psaConnections, ticketConditions } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { getOverview } from "~/server/services/overview/get";
import { createTestDatabase } from "~/server/testing/test-db";

import { overviewCounts } from "./overview";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

/** A partner with one of each problem the Overview counts, and a second partner with the same. */
async function world() {
  const db = handle.db;
  const partner = await createPartner(db);
  const mapped = await createCustomer(db, { partnerId: partner.id, name: "Mapped" });
  const noContract = await createCustomer(db, { partnerId: partner.id, name: "No contract" });
  await createCustomer(db, { partnerId: partner.id, name: "Unmapped" });
  const account = await createAccount(db, { partnerId: partner.id, customerId: mapped.id });
  await db.insert(customerMappings).values([
    { partnerId: partner.id, customerId: mapped.id, psaCompanyId: "1", psaCompanyName: "Mapped Co", psaContractId: "7" },
    { partnerId: partner.id, customerId: noContract.id, psaCompanyId: "2", psaCompanyName: "No Contract Co" },
  ]);
  await db.insert(psaConnections).values({ partnerId: partner.id, provider: "autotask", settings: {}, sealedSecrets: "x", status: "failed" });
  await db.insert(billingSettings).values({ partnerId: partner.id, enabled: true });
  const base = { partnerId: partner.id, customerId: mapped.id, accountId: account.id, occurredAt: new Date(Date.now() - 3_600_000) };
  await createEvents(db, [
    { ...base, outcomeStatus: "failed" },
    { ...base, outcomeStatus: "failed" },
    { ...base, outcomeStatus: "pending" },
    { ...base, outcomeStatus: "succeeded" },
    { ...base, occurredAt: new Date(Date.now() - 30 * 86_400_000), outcomeStatus: "failed" },
  ]);
  await db.insert(ticketConditions).values([
    { partnerId: partner.id, customerId: mapped.id, accountId: account.id, eventType: "backup", correlationKey: `k1-${partner.id}`, state: "open", psaTicketNumber: "T1", openedAt: new Date() },
    { partnerId: partner.id, customerId: mapped.id, accountId: account.id, eventType: "restore", correlationKey: `k2-${partner.id}`, state: "closed", psaTicketNumber: "T2" },
  ]);
  const [item] = await db.select({ code: billableItems.code }).from(billableItems).limit(1);
  await db.insert(billingChanges).values({
    partnerId: partner.id,
    customerId: mapped.id,
    itemCode: item!.code,
    psaContractId: "7",
    psaServiceId: "s1",
    currentQuantity: 1,
    newQuantity: 2,
    effectiveDate: "2026-01-01",
    status: "pending_approval",
  });
  await db.insert(billingCustomerState).values({ partnerId: partner.id, customerId: mapped.id, lastStatus: "failed" });
  return partner;
}

describe("overview", () => {
  it("counts each problem of the partner only", async () => {
    const a = await world();
    await world();
    expect(await overviewCounts(handle.db, { partnerId: a.id })).toEqual({
      failedDeliveries: 3,
      pendingDeliveries: 1,
      openTickets: 1,
      approvalsWaiting: 1,
      billingFailing: 1,
      unmappedCustomers: 1,
      mappedWithoutContract: 1,
      mappedWithoutService: 1,
      billingEnabled: true,
      psaProvider: "autotask",
      psaConnectionFailed: true,
    });
    const overview = await getOverview(handle.db, { partnerId: a.id, timeZone: "Europe/Berlin" });
    expect(overview.cards.map((c) => c.id)).toEqual([
      "psa-connection",
      "failed-deliveries",
      "billing-failing",
      "approvals",
      "pending-deliveries",
      "unmapped",
      "no-contract",
      "no-service",
    ]);
    expect(overview.openTickets.total).toBe(1);
    expect(overview.openTickets.items.map((t) => t.psaTicketNumber)).toEqual(["T1"]);
    expect(overview.chart).toHaveLength(7);
    // The 30-day-old failure is outside the chart; the four recent events are in it.
    const sum = overview.chart.reduce((n, d) => n + d.failed + d.pending + d.succeeded + d.skipped + d.none, 0);
    expect(sum).toBe(4);
  });

  it("is all clear for a partner without problems", async () => {
    const partner = await createPartner(handle.db);
    const overview = await getOverview(handle.db, { partnerId: partner.id, timeZone: "UTC" });
    expect(overview.cards).toEqual([]);
    expect(overview.openTickets).toEqual({ total: 0, items: [] });
  });
});
