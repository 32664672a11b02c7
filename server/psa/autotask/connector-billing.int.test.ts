import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoBillingScenario } from "~/server/sandbox/common/demo-billing";
import { AUTOTASK_DEMO_ORPHAN_SERVICE, AUTOTASK_DEMO_TENANT, autotaskServiceNameForItem, ensureAutotaskDemoTenants } from "~/server/sandbox/autotask";
import { contractServicesOf } from "~/server/sandbox/autotask/billing-fixtures";
import { getTenant } from "~/server/sandbox/autotask/state";
import {
  AUTOTASK_BILLING_FIXTURES,
  type AutotaskSandboxHarness,
  autotaskBillingFixtures,
  autotaskServiceIds,
  countRequests,
  type RecordedRequest,
  startAutotaskSandbox,
} from "~/server/sandbox/autotask/testing";

/**
 * Billing reads through the Autotask sandbox over HTTP: contracts by id with their currency, the
 * services inside service bundles, the misconfigured-contract fixtures and the demo tenant's layout.
 */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

const reads = (requests: RecordedRequest[], entity: string) =>
  countRequests(requests, `/${entity}/query`, "POST") + requests.filter((r) => r.path.toLowerCase().endsWith(`/${entity.toLowerCase()}/query/next`)).length;

describe("AutotaskConnector.getContracts", () => {
  it("reads many contracts by id in batches of 499, their companies' currencies with only the needed fields, Currencies once", async () => {
    const t = sb.tenant({ customerNames: Array.from({ length: 1200 }, (_, i) => `Billing Co ${i}`) });
    const { connector, requests } = sb.connector(t);
    const all = await connector.listContracts((await connector.listCompanies()).map((c) => c.id));
    const sparse = all.filter((_, i) => i % 3 === 0).map((c) => c.id); // 500 ids spread over 3x their count: `in` lists
    requests.length = 0;
    const found = await connector.getContracts([...sparse, "987654321"]);
    expect(found.map((c) => c.id).sort()).toEqual([...sparse].sort());
    expect(found.every((c) => c.currencyCode === "USD")).toBe(true);
    const msa = found.find((c) => c.kind === "recurring_service")!;
    expect(msa).toMatchObject({ status: "active", periodType: "monthly", typeLabel: "Recurring Service" });
    expect(countRequests(requests, "/Contracts/query", "POST")).toBe(Math.ceil(501 / 499));
    expect(reads(requests, "Companies")).toBeLessThanOrEqual(Math.ceil(501 / 499) + 1);
    expect(reads(requests, "Currencies")).toBe(1);

    requests.length = 0;
    await connector.getContracts(sparse.slice(0, 3));
    expect(reads(requests, "Currencies")).toBe(0); // cached per connection
    expect(await connector.getContracts([])).toEqual([]);
  });

  it("asks Companies only for id and currencyID", async () => {
    const t = sb.tenant({ customerNames: ["Fields Co"] });
    const bodies: unknown[] = [];
    const recording: typeof fetch = async (input, init) => {
      if (String(input).includes("/Companies/query") && init?.body) bodies.push(JSON.parse(String(init.body)));
      return fetch(input, init);
    };
    const { connector } = sb.connector(t, { fetch: recording });
    const tenant = getTenant(t.tenantId)!;
    await connector.getContracts(tenant.tables.Contracts.rows.map((c) => String(c.id)));
    expect(bodies).toEqual([expect.objectContaining({ IncludeFields: ["id", "currencyID"] })]);
  });

  it("takes the company's currency, the internal currency when it has none, and follows a change of the company's currency", async () => {
    const t = sb.tenant({ billingFixtures: true, customerNames: ["Home Currency Co"] });
    const f = autotaskBillingFixtures(t.tenantId);
    const tenant = getTenant(t.tenantId)!;
    const home = tenant.tables.Contracts.rows.find((c) => String(c.contractName).endsWith("Home Currency Co"))!;
    const { connector } = sb.connector(t);
    const [foreign, local] = await Promise.all([connector.getContracts([f.foreignCurrency.contractId]), connector.getContracts([String(home.id)])]);
    expect(foreign).toEqual([expect.objectContaining({ id: f.foreignCurrency.contractId, name: AUTOTASK_BILLING_FIXTURES.foreignCurrency.contract, currencyCode: "EUR" })]);
    expect(local[0]!.currencyCode).toBe("USD");

    const gbp = tenant.tables.Currencies.rows.find((c) => c.name === "GBP")!.id;
    const res = await fetch(`${sb.api}/Companies`, { method: "PATCH", headers: sb.headers(t), body: JSON.stringify({ id: home.companyID, currencyID: gbp }) });
    expect(res.status).toBe(200);
    expect((await connector.getContracts([String(home.id)]))[0]!.currencyCode).toBe("GBP");
  });

  it("reports the fixtures' problems the way the billing rules read them", async () => {
    const t = sb.tenant();
    const f = autotaskBillingFixtures(t.tenantId);
    const { connector } = sb.connector(t);
    const contracts = await connector.getContracts(Object.values(f).map((x) => x.contractId));
    const by = (id: string) => contracts.find((c) => c.id === id)!;
    expect(by(f.timeAndMaterials.contractId)).toMatchObject({ kind: "other", typeLabel: "Time and Materials", status: "active" });
    expect(by(f.quarterly.contractId)).toMatchObject({ kind: "recurring_service", periodType: "quarterly", currencyCode: "USD" });
    expect(by(f.bundle.contractId)).toMatchObject({ kind: "recurring_service", periodType: "monthly", currencyCode: "USD" });
    expect(by(f.foreignCurrency.contractId)).toMatchObject({ kind: "recurring_service", periodType: "monthly", currencyCode: "EUR" });
    // The T&M fixture's company has no other contract: a Customer Map can only point at the T&M one.
    expect((await connector.listContracts([f.timeAndMaterials.companyId])).map((c) => c.name)).toEqual([AUTOTASK_BILLING_FIXTURES.timeAndMaterials.contract]);
  });
});

describe("AutotaskConnector.listContractServices with service bundles", () => {
  it("reports the services inside a contract's bundle with inBundle and the bundle's units, beside the contract's own services", async () => {
    const t = sb.tenant();
    const f = autotaskBillingFixtures(t.tenantId);
    const ids = autotaskServiceIds(t.tenantId);
    const tenant = getTenant(t.tenantId)!;
    const csb = tenant.tables.ContractServiceBundles.rows.find((b) => String(b.contractID) === f.bundle.contractId)!;
    const { connector, requests } = sb.connector(t);
    const rows = await connector.listContractServices([f.bundle.contractId]);
    expect(rows.filter((r) => !r.inBundle)).toEqual([
      expect.objectContaining({ contractId: f.bundle.contractId, serviceId: ids["Local Backup - Server"], quantity: 2, inBundle: false }),
    ]);
    const bundled = new Map(rows.filter((r) => r.inBundle).map((r) => [r.serviceId, r]));
    expect([...bundled.keys()].sort()).toEqual([ids["Online Backup - Standard (per GB)"]!, ids["Email Security (per mailbox)"]!].sort());
    for (const [serviceId, row] of bundled) {
      expect(row).toMatchObject({ id: `bundle:${csb.id}:${serviceId}`, contractId: f.bundle.contractId, quantity: 40, unitPrice: null });
    }
    expect(reads(requests, "ServiceBundleServices")).toBe(1);
    expect(reads(requests, "ContractServiceBundleUnits")).toBe(1);

    // The bundle's units on another day: before the contract started there are none.
    const start = (await connector.getContracts([f.bundle.contractId]))[0]!.startDate!;
    const before = new Date(Date.parse(start) - 86_400_000).toISOString().slice(0, 10);
    expect((await connector.listContractServices([f.bundle.contractId], before)).every((r) => r.quantity === 0)).toBe(true);
  });

  it("costs one extra query per 499 contracts when no contract has a bundle, and nothing more", async () => {
    const t = sb.tenant({ customerNames: Array.from({ length: 40 }, (_, i) => `No Bundle ${i}`) });
    const { connector, requests } = sb.connector(t);
    const contracts = await connector.listContracts((await connector.listCompanies()).map((c) => c.id));
    requests.length = 0;
    const rows = await connector.listContractServices(contracts.map((c) => c.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.inBundle)).toBe(false);
    expect(reads(requests, "ContractServiceBundles")).toBe(1);
    expect(reads(requests, "ServiceBundleServices")).toBe(0);
    expect(reads(requests, "ContractServiceBundleUnits")).toBe(0);
    expect(reads(requests, "ContractServices")).toBe(1);
    expect(reads(requests, "ContractServiceUnits")).toBe(1);
  });
});

describe("Autotask sandbox billing seeds", () => {
  it("has a monthly catalogue service for every vendor billable item, and service bundles, on every tenant", async () => {
    const t = sb.tenant({ customerNames: ["Catalogue Co"] });
    const { connector } = sb.connector(t);
    const services = await connector.listServices();
    for (const item of ["online_backup_gb_basic", "online_backup_gb_standard", "online_backup_gb_premium", "local_backup_servers", "local_backup_non_servers", "email_archiving_mailboxes", "email_security_mailboxes"]) {
      const name = autotaskServiceNameForItem(item)!;
      expect(services.find((s) => s.name === name), item).toMatchObject({ isActive: true, periodType: "monthly", unitPrice: expect.any(Number) });
    }
    expect(() => autotaskBillingFixtures(t.tenantId)).toThrow(/billingFixtures/);
  });

  it("keeps the adjustment rules: no adjustment on the Time and Materials fixture; the quarterly one adjusts by quarter", async () => {
    const t = sb.tenant();
    const f = autotaskBillingFixtures(t.tenantId);
    const ids = autotaskServiceIds(t.tenantId);
    const { connector } = sb.connector(t);
    const today = new Date().toISOString().slice(0, 10);
    await expect(
      connector.applyQuantityChange({ contractId: f.timeAndMaterials.contractId, serviceId: ids["Online Backup - Basic (per GB)"]!, currentQuantity: 0, newQuantity: 5, effectiveDate: today }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/not a Recurring Service contract/) });
    const cs = f.quarterly.contractServices["Online Backup - Standard (per GB)"]!;
    await connector.applyQuantityChange({ contractId: f.quarterly.contractId, serviceId: cs.serviceId, contractServiceId: cs.contractServiceId, currentQuantity: cs.units, newQuantity: cs.units + 10, effectiveDate: today });
    expect(autotaskBillingFixtures(t.tenantId).quarterly.contractServices["Online Backup - Standard (per GB)"]!.units).toBe(cs.units + 10);
  });

  it("lays the demo tenant out from the billing scenario: the fleet's items and quantities, one T&M-only customer, one missing service, one orphan", async () => {
    ensureAutotaskDemoTenants();
    const tenant = getTenant(AUTOTASK_DEMO_TENANT.tenantId)!;
    const scenario = demoBillingScenario(AUTOTASK_DEMO_TENANT.partnerSlug);
    const contractsOf = (name: string) => {
      const company = tenant.tables.Companies.rows.find((c) => c.companyName === name)!;
      return tenant.tables.Contracts.rows.filter((c) => c.companyID === company.id);
    };
    const monthly = (name: string) => contractsOf(name).find((c) => String(c.contractName).startsWith("Managed Services Agreement"))!;

    expect(contractsOf(scenario.misconfigured.customer).map((c) => c.contractName)).toEqual([`Ad-hoc Support (T&M) - ${scenario.misconfigured.customer}`]);
    const missing = contractServicesOf(tenant, monthly(scenario.missing.customer).id);
    expect(Object.keys(missing)).not.toContain(autotaskServiceNameForItem(scenario.missing.itemCode));
    expect(contractServicesOf(tenant, monthly(scenario.orphan.customer).id)[AUTOTASK_DEMO_ORPHAN_SERVICE]).toMatchObject({ units: 1 });
    for (const change of scenario.changes) {
      const held = contractServicesOf(tenant, monthly(change.customer).id)[autotaskServiceNameForItem(change.itemCode)!]!;
      expect(held.units).toBe(change.psaQuantity);
      expect(change.vendorQuantity).not.toBe(change.psaQuantity);
    }
    const plain = scenario.customers[0]!;
    const held = contractServicesOf(tenant, monthly(plain.name).id);
    expect(Object.fromEntries(Object.entries(plain.quantities).map(([item, q]) => [autotaskServiceNameForItem(item), q]))).toEqual(
      Object.fromEntries(Object.entries(held).map(([name, v]) => [name, v.units])),
    );
  });
});
