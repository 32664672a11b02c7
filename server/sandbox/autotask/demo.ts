import { CUSTOMER_NAMES, DEMO_PARTNERS } from "~/db/seed/demo-data";

import { type DemoBillingState, demoBillingScenario } from "../common/demo-billing";

import { unitsOnDay } from "./billing-fixtures";
import { labelOf } from "./picklists";
import { autotaskZoneDiscoveryUrl, type AutotaskSandboxCredentials, type CustomerBillingPlan, seedAutotaskTenant } from "./seed";
import { SERVICES, serviceNameForItem } from "./seed-catalog";
import { getTenant } from "./state";

/**
 * The demo's Autotask tenant: the PSA of demo partner 1 ("Northwind Managed IT"), seeded with the
 * same customer names the demo seed gives that partner. Credentials are fixed (demo-only) so the
 * demo CLI can print them, the README can list them and partner 1 can be connected at start.
 * State is in memory: the portal process seeds it on its first sandbox request.
 */
export const AUTOTASK_DEMO_TENANT = {
  tenantId: "northwind-autotask",
  partnerSlug: "northwind",
  name: "Northwind Managed IT",
  credentials: {
    username: "api.northwind@sandbox-autotask.test",
    secret: "Northwind-Sandbox-Secret-2026",
    integrationCode: "PSARELAYSANDBOXNORTHWIND01",
  } satisfies AutotaskSandboxCredentials,
  /** Same database; its security level gives no Companies access (for showing that message). */
  restrictedUsername: "restricted.api.northwind@sandbox-autotask.test",
} as const;

/** Customer names of a demo partner: the first partner takes the first names, the next the following ones. */
export function demoCustomerNames(partnerSlug: string): string[] {
  let offset = 0;
  for (const partner of DEMO_PARTNERS) {
    if (partner.slug === partnerSlug) return CUSTOMER_NAMES.slice(offset, offset + partner.customers).map(([name]) => name);
    offset += partner.customers;
  }
  throw new Error(`Unknown demo partner ${partnerSlug}`);
}

/** The service Autotask bills an orphan line with in the demo (no item mapping explains it). */
export const AUTOTASK_DEMO_ORPHAN_SERVICE = "Managed Firewall";

/**
 * Each demo customer's contracts from the billing scenario (server/sandbox/common/demo-billing.ts):
 * a monthly Recurring Service contract with a contract service per item the customer uses, except
 * the misconfigured customer (only a Time and Materials contract), the one missing contract service,
 * and one unmapped service (an orphan).
 */
export function autotaskDemoBilling(partnerSlug: string): Record<string, CustomerBillingPlan> {
  const scenario = demoBillingScenario(partnerSlug);
  const plans: Record<string, CustomerBillingPlan> = {};
  for (const customer of scenario.customers) {
    if (customer.name === scenario.misconfigured.customer && scenario.misconfigured.problem === "time_and_materials") {
      plans[customer.name] = { contract: "time_and_materials" };
      continue;
    }
    const services = Object.entries(customer.quantities)
      .filter(([item]) => !(customer.name === scenario.missing.customer && item === scenario.missing.itemCode))
      .flatMap(([item, units]) => {
        const service = serviceNameForItem(item);
        return service ? [{ service, units }] : [];
      });
    if (customer.name === scenario.orphan.customer) services.push({ service: AUTOTASK_DEMO_ORPHAN_SERVICE, units: 1 });
    plans[customer.name] = { contract: "recurring", services };
  }
  return plans;
}

export function ensureAutotaskDemoTenants(): void {
  if (getTenant(AUTOTASK_DEMO_TENANT.tenantId)) return;
  seedAutotaskTenant({
    tenantId: AUTOTASK_DEMO_TENANT.tenantId,
    name: AUTOTASK_DEMO_TENANT.name,
    customerNames: demoCustomerNames(AUTOTASK_DEMO_TENANT.partnerSlug),
    credentials: AUTOTASK_DEMO_TENANT.credentials,
    variant: 2,
    seed: 20_260_101,
    customerBilling: autotaskDemoBilling(AUTOTASK_DEMO_TENANT.partnerSlug),
  });
}

/** What `.data/demo.json` and the demo printout need for the Autotask sandbox connection. */
export function autotaskDemoConnection(origin: string) {
  return {
    provider: "autotask" as const,
    partnerSlug: AUTOTASK_DEMO_TENANT.partnerSlug,
    baseUrl: autotaskZoneDiscoveryUrl(origin),
    credentials: { ...AUTOTASK_DEMO_TENANT.credentials, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(origin) },
  };
}

/**
 * The demo tenant's billing state for the demo seed, read by name: the service of each vendor item,
 * and each customer's billing contract (its Recurring Service contract, else its first contract)
 * with today's units by item.
 */
export function autotaskDemoBillingState(): DemoBillingState {
  ensureAutotaskDemoTenants();
  const tenant = getTenant(AUTOTASK_DEMO_TENANT.tenantId)!;
  const t = tenant.tables;
  const services: DemoBillingState["services"] = {};
  const itemOfService = new Map<number, string>();
  for (const entry of SERVICES) {
    const row = entry.billingItem ? t.Services.rows.find((s) => s.name === entry.name) : undefined;
    if (!row || !entry.billingItem) continue;
    itemOfService.set(row.id, entry.billingItem);
    services[entry.billingItem] = { id: String(row.id), name: String(row.name), unitPrice: Number(row.unitPrice ?? 0), unitCost: Number(row.unitCost ?? 0) };
  }
  const customers: DemoBillingState["customers"] = {};
  for (const company of t.Companies.rows) {
    const contracts = t.Contracts.rows.filter((c) => c.companyID === company.id);
    const contract = contracts.find((c) => labelOf(tenant, "Contracts", "contractType", c.contractType) === "Recurring Service") ?? contracts[0];
    if (!contract) continue;
    const items: DemoBillingState["customers"][string]["items"] = {};
    for (const cs of t.ContractServices.rows) {
      const item = cs.contractID === contract.id ? itemOfService.get(Number(cs.serviceID)) : undefined;
      if (item) items[item] = { contractServiceId: String(cs.id), name: services[item]!.name, quantity: unitsOnDay(tenant, cs.id) };
    }
    customers[String(company.companyName)] = { companyId: String(company.id), contractId: String(contract.id), contractName: String(contract.contractName), items };
  }
  const internal = t.Currencies.rows.find((c) => c.isInternalCurrency === true);
  return { provider: "autotask", currencyCode: String(internal?.name ?? "USD"), services, customers };
}
