import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoBillingScenario } from "~/server/sandbox/common/demo-billing";
import { CONNECTWISE_DEMO_ORPHAN_PRODUCT, CONNECTWISE_DEMO_TENANTS, connectWiseAgreementsOf, connectWiseProductForItem, ensureConnectWiseDemoTenants } from "~/server/sandbox/connectwise";
import { additionsOf } from "~/server/sandbox/connectwise/billing-fixtures";
import { findTenant } from "~/server/sandbox/connectwise/state";
import { listSandboxAdditions, listSandboxAgreements } from "~/server/sandbox/connectwise/views";

import { CONNECTWISE_BILLING_FIXTURES, connectorFor, connectWiseBillingFixtures, connectWiseProductIds, newTenant, startSandbox } from "./test-support";

/**
 * Billing reads through the ConnectWise sandbox over HTTP: agreements by id (batched `id in (...)`,
 * paged to the end), the misconfigured-agreement fixtures, and the demo tenant's layout.
 */
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe("ConnectWiseConnector.getContracts", () => {
  it("reads many agreements by id with `id in (...)` batches of 200, leaving unknown ids out", async () => {
    const { seeded } = newTenant({ customers: Array.from({ length: 450 }, (_, i) => `Agreement Co ${i}`) });
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    const all = await connector.listContracts((await connector.listCompanies()).map((c) => c.id));
    expect(all.length).toBe(451); // one Managed Services agreement each, and the first customer's cancelled one
    requests.length = 0;
    const found = await connector.getContracts([...all.map((c) => c.id), "999999", all[0]!.id]);
    expect(found.map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort());
    const agreementReads = requests.filter((r) => r.path === "/finance/agreements");
    expect(agreementReads).toHaveLength(Math.ceil(452 / 200));
    expect(found.find((c) => c.id === all[1]!.id)).toEqual(all[1]);
    expect(found.every((c) => c.currencyCode === "USD" && c.kind === "agreement")).toBe(true);
    expect(await connector.getContracts([])).toEqual([]);
    await expect(connector.getContracts(["abc"])).rejects.toMatchObject({ kind: "invalid" });
  });

  it("reports the fixtures' problems the way the billing rules read them", async () => {
    const { seeded } = newTenant();
    const f = connectWiseBillingFixtures(seeded.companyId);
    const { connector } = connectorFor(sandbox.url, seeded);
    const contracts = await connector.getContracts(Object.values(f).map((x) => x.agreementId));
    const by = (id: string) => contracts.find((c) => c.id === id)!;
    expect(by(f.cancelled.agreementId)).toMatchObject({ name: CONNECTWISE_BILLING_FIXTURES.cancelled.agreement, status: "cancelled", periodType: "monthly", currencyCode: "USD" });
    expect(by(f.quarterly.agreementId)).toMatchObject({ status: "active", periodType: "quarterly", currencyCode: "USD" });
    expect(by(f.foreignCurrency.agreementId)).toMatchObject({ status: "active", periodType: "monthly", currencyCode: "EUR" });
    // Each fixture is its company's only agreement.
    for (const fixture of Object.values(f)) {
      expect((await connector.listContracts([fixture.companyId])).map((c) => c.id)).toEqual([fixture.agreementId]);
    }
  });

  it("gives a tenant that bills in EUR a foreign-currency fixture in GBP", () => {
    const { seeded } = newTenant({ currencyCode: "EUR" });
    expect(connectWiseBillingFixtures(seeded.companyId).foreignCurrency.currencyCode).toBe("GBP");
  });
});

describe("ConnectWise sandbox billing seeds", () => {
  it("has a recurring catalog product for every vendor billable item", async () => {
    const { seeded } = newTenant({ customers: ["Catalog Co"] });
    const { connector } = connectorFor(sandbox.url, seeded);
    const services = await connector.listServices();
    const ids = connectWiseProductIds(seeded.companyId);
    for (const item of ["online_backup_gb_basic", "online_backup_gb_standard", "online_backup_gb_premium", "local_backup_servers", "local_backup_non_servers", "email_archiving_mailboxes", "email_security_mailboxes"]) {
      const product = connectWiseProductForItem(item)!;
      expect(services.find((s) => s.id === ids[product.identifier]), item).toMatchObject({ isActive: true, periodType: "monthly" });
    }
    expect(() => connectWiseBillingFixtures(seeded.companyId)).toThrow(/billingFixtures/);
  });

  it("refuses to change additions on the cancelled fixture, and accepts them on the others", async () => {
    const { seeded } = newTenant();
    const f = connectWiseBillingFixtures(seeded.companyId);
    const { connector } = connectorFor(sandbox.url, seeded);
    const held = f.cancelled.additions["BACKUP-GB-STD"]!;
    await expect(
      connector.applyQuantityChange({ contractId: f.cancelled.agreementId, serviceId: held.productId, contractServiceId: held.additionId, currentQuantity: held.quantity, newQuantity: held.quantity + 5, effectiveDate: "2026-01-01" }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/cancelled agreement/i) });
    const other = f.quarterly.additions["BACKUP-GB-STD"]!;
    await connector.applyQuantityChange({ contractId: f.quarterly.agreementId, serviceId: other.productId, contractServiceId: other.additionId, currentQuantity: other.quantity, newQuantity: other.quantity + 5, effectiveDate: "2026-01-01" });
    expect(connectWiseBillingFixtures(seeded.companyId).quarterly.additions["BACKUP-GB-STD"]!.quantity).toBe(other.quantity + 5);
    expect(listSandboxAdditions(seeded.companyId).find((a) => a.id === Number(other.additionId))).toMatchObject({ quantity: other.quantity + 5, lessIncluded: 0, agreementStatus: "Active" });
    expect(listSandboxAgreements(seeded.companyId).find((a) => a.id === Number(f.foreignCurrency.agreementId))).toMatchObject({ currency: "EUR", billingCycle: "Monthly", agreementStatus: "Active", additions: 2 });
  });

  it("lays the Contoso demo tenant out from the billing scenario: GBP agreements, one in EUR, one missing addition, one orphan", () => {
    ensureConnectWiseDemoTenants();
    const demo = CONNECTWISE_DEMO_TENANTS.find((t) => t.partnerSlug === "contoso")!;
    const tenant = findTenant(demo.companyId)!;
    const scenario = demoBillingScenario("contoso");
    const managed = (name: string) => connectWiseAgreementsOf(demo.companyId, name).find((a) => String(a.name).startsWith("Managed Services"))!;
    const currencyOf = (name: string) => (managed(name).currency as { currencyCode: string }).currencyCode;

    expect(currencyOf(scenario.customers[0]!.name)).toBe("GBP");
    expect(currencyOf(scenario.misconfigured.customer)).toBe("EUR");
    expect(Object.keys(additionsOf(tenant, managed(scenario.missing.customer).id))).not.toContain(connectWiseProductForItem(scenario.missing.itemCode)!.identifier);
    expect(additionsOf(tenant, managed(scenario.orphan.customer).id)[CONNECTWISE_DEMO_ORPHAN_PRODUCT]).toMatchObject({ quantity: 10 });
    for (const change of scenario.changes) {
      expect(additionsOf(tenant, managed(change.customer).id)[connectWiseProductForItem(change.itemCode)!.identifier]!.quantity).toBe(change.psaQuantity);
    }
    const plain = scenario.customers[0]!;
    expect(Object.fromEntries(Object.entries(additionsOf(tenant, managed(plain.name).id)).map(([product, a]) => [product, a.quantity]))).toEqual(
      Object.fromEntries(Object.entries(plain.quantities).map(([item, q]) => [connectWiseProductForItem(item)!.identifier, q])),
    );
  });
});
