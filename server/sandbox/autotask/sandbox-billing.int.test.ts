import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { AUTOTASK_BILLING_FIXTURES, autotaskBillingFixtures } from "./billing-fixtures";
import { getTenant } from "./state";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "./testing";
import { getAutotaskSandboxTenantView } from "./view";

/** The billing entities of the sandbox over HTTP (Currencies, service bundles) and the Sandbox page's view of contracts. */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function client(t: ReturnType<AutotaskSandboxHarness["tenant"]>) {
  const h = sb.headers(t);
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.api}/${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
  };
}

const all = { filter: [{ op: "exist", field: "id" }] };

describe("Currencies", () => {
  it("are queried like any entity, one internal; they cannot be created; a company's currencyID must name one", async () => {
    const t = sb.tenant({ customerNames: ["Currency Co"] });
    const api = client(t);
    const list = (await api("POST", "Currencies/query", all)).json.items as Json[];
    expect(list.map((c) => c.name)).toEqual(["USD", "EUR", "GBP", "CAD"]);
    expect(list.filter((c) => c.isInternalCurrency).map((c) => c.name)).toEqual(["USD"]);
    expect((await api("POST", "Currencies", { name: "JPY" })).status).toBe(405);
    const company = getTenant(t.tenantId)!.tables.Companies.rows[1]!;
    expect((await api("PATCH", "Companies", { id: company.id, currencyID: 987 })).json.errors[0]).toMatch(/currencyID 987 does not exist/);
    expect((await api("PATCH", "Companies", { id: company.id, currencyID: list[1]!.id })).status).toBe(200);
    expect((await api("GET", `Companies/${company.id}`)).json.item.currencyID).toBe(list[1]!.id);
  });
});

describe("service bundles", () => {
  it("serve ServiceBundles, their services (read-only) and a contract's bundles and bundle units, root and child paths", async () => {
    const t = sb.tenant();
    const api = client(t);
    const f = autotaskBillingFixtures(t.tenantId);
    const bundles = (await api("POST", "ServiceBundles/query", all)).json.items as Json[];
    expect(bundles.map((b) => b.name)).toEqual([AUTOTASK_BILLING_FIXTURES.bundle.bundle]);
    const members = (await api("POST", "ServiceBundleServices/query", { filter: [{ op: "eq", field: "serviceBundleID", value: bundles[0]!.id }] })).json.items as Json[];
    expect(members).toHaveLength(2);
    expect((await api("POST", "ServiceBundleServices", { serviceBundleID: bundles[0]!.id, serviceID: members[0]!.serviceID })).status).toBe(405);

    const onContract = (await api("GET", `Contracts/${f.bundle.contractId}/ServiceBundles`)).json.items as Json[];
    expect(onContract).toEqual([expect.objectContaining({ contractID: Number(f.bundle.contractId), serviceBundleID: bundles[0]!.id })]);
    const root = (await api("POST", "ContractServiceBundles/query", { filter: [{ op: "eq", field: "contractID", value: Number(f.bundle.contractId) }] })).json.items as Json[];
    expect(root.map((b) => b.id)).toEqual(onContract.map((b) => b.id));
    const units = (await api("GET", `Contracts/${f.bundle.contractId}/ServiceBundleUnits`)).json.items as Json[];
    expect(units.length).toBe(12);
    expect(units.every((u) => u.units === 40 && u.contractServiceBundleID === root[0]!.id)).toBe(true);

    // One bundle per contract: a second one is refused; the bundle cannot be deleted while in use.
    const again = await api("POST", `Contracts/${f.bundle.contractId}/ServiceBundles`, { serviceBundleID: bundles[0]!.id, unitPrice: 10 });
    expect(again.status).toBe(500);
    expect(again.json.errors[0]).toMatch(/already on contract/);
    expect((await api("DELETE", `ServiceBundles/${bundles[0]!.id}`)).json.errors[0]).toMatch(/used on contracts/);
    const other = f.quarterly.contractId;
    expect((await api("POST", `Contracts/${other}/ServiceBundles`, { serviceBundleID: bundles[0]!.id, unitPrice: 10 })).json).toEqual({ itemId: expect.any(Number) });
  });
});

describe("the Sandbox page's Autotask view", () => {
  it("lists contracts with type, status, period, currency and bundles, and the service adjustments posted, newest first", async () => {
    const t = sb.tenant();
    const api = client(t);
    const f = autotaskBillingFixtures(t.tenantId);
    const cs = f.foreignCurrency.contractServices["Email Security (per mailbox)"]!;
    const today = new Date().toISOString().slice(0, 10);
    expect((await api("POST", "ContractServiceAdjustments", { contractID: Number(f.foreignCurrency.contractId), contractServiceID: Number(cs.contractServiceId), effectiveDate: today, unitChange: 4 })).status).toBe(200);

    const view = getAutotaskSandboxTenantView(t.tenantId)!;
    const contract = (id: string) => view.contracts.find((c) => c.id === Number(id))!;
    expect(contract(f.timeAndMaterials.contractId)).toMatchObject({ type: "Time and Materials", status: "Active", period: null, currency: "USD", contractServices: 0 });
    expect(contract(f.quarterly.contractId)).toMatchObject({ type: "Recurring Service", period: "Quarterly", contractServices: 2 });
    expect(contract(f.foreignCurrency.contractId)).toMatchObject({ currency: "EUR", period: "Monthly" });
    expect(contract(f.bundle.contractId).bundles).toEqual([
      { id: expect.any(Number), name: AUTOTASK_BILLING_FIXTURES.bundle.bundle, unitsToday: 40, services: ["Online Backup - Standard (per GB)", "Email Security (per mailbox)"] },
    ]);
    expect(view.adjustments[0]).toMatchObject({ contractName: AUTOTASK_BILLING_FIXTURES.foreignCurrency.contract, serviceName: "Email Security (per mailbox)", effectiveDate: today, unitChange: 4, createdAt: expect.any(String) });
    // The adjusted contract service comes first, with today's units and its last adjustment.
    expect(view.contractServices[0]).toMatchObject({ id: Number(cs.contractServiceId), currentUnits: cs.units + 4, lastAdjustment: { unitChange: 4, effectiveDate: today } });
    expect(view.tenant.counts).toMatchObject({ adjustments: 1, contracts: view.contracts.length });
  });
});
