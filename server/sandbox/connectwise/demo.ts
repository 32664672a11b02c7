import { CUSTOMER_NAMES, DEMO_PARTNERS } from "~/db/seed/demo-data";
import type { ConnectWiseCredentials } from "~/server/psa/types";

import { type DemoBillingState, demoBillingScenario } from "../common/demo-billing";

import { agreementStatusOf } from "./resources/finance";
import { type SeededTenant, seedTenant } from "./seed";
import { type CustomerBillingPlan, PRODUCTS, productForItem } from "./seed-data";
import { findTenant } from "./state";

/**
 * The fixed tenants of the ConnectWise sandbox: demo partner 2 ("Contoso Cloud Services") is
 * connected to `contosocloud`, whose companies are that partner's customers; `psarelaytest` is a
 * generic tenant for manual tries. Their credentials are demo-only and printed at demo start.
 */
export type ConnectWiseDemoTenant = {
  /** Demo partner slug this tenant belongs to, or null for the generic tenant. */
  partnerSlug: string | null;
  companyId: string;
  companyName: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  managementSolutionName: string;
  restricted: { publicKey: string; privateKey: string };
};

export const CONNECTWISE_DEMO_TENANTS: ConnectWiseDemoTenant[] = [
  {
    partnerSlug: "contoso",
    companyId: "contosocloud",
    companyName: "Contoso Cloud Services",
    publicKey: "CwDemoContosoPublic",
    privateKey: "CwDemoContosoPrivate",
    clientId: "6f1f2c9e-5b1a-4a57-9f3e-2f0c1d7a9b10",
    managementSolutionName: "PSA Relay",
    restricted: { publicKey: "CwDemoContosoLimitedPub", privateKey: "CwDemoContosoLimitedPriv" },
  },
  {
    partnerSlug: null,
    companyId: "psarelaytest",
    companyName: "PSA Relay Test MSP",
    publicKey: "CwTestPublicKey",
    privateKey: "CwTestPrivateKey",
    clientId: "0c5b2f8a-7d3e-4c1b-9a6f-3e2d1c0b9a87",
    managementSolutionName: "PSA Relay",
    restricted: { publicKey: "CwTestLimitedPub", privateKey: "CwTestLimitedPriv" },
  },
];

/** The demo partner's customer names, in the same slice db/seed/demo.ts gives that partner. */
export function demoCustomersFor(partnerSlug: string): Array<{ name: string; domain: string }> {
  let offset = 0;
  for (const spec of DEMO_PARTNERS) {
    if (spec.slug === partnerSlug) {
      return CUSTOMER_NAMES.slice(offset, offset + spec.customers).map(([name, domain]) => ({ name, domain }));
    }
    offset += spec.customers;
  }
  return [];
}

/** The catalog product ConnectWise bills an orphan line with in the demo (no item mapping explains it). */
export const CONNECTWISE_DEMO_ORPHAN_PRODUCT = "M365-BUSINESS-STD";

/**
 * Each demo customer's agreement from the billing scenario (server/sandbox/common/demo-billing.ts):
 * a monthly "Managed Services" agreement in the tenant's currency with an addition per item the
 * customer uses, except the misconfigured customer (its agreement is in another currency), the one
 * missing addition, and one unmapped product (an orphan).
 */
export function connectWiseDemoBilling(partnerSlug: string): Record<string, CustomerBillingPlan> {
  const scenario = demoBillingScenario(partnerSlug);
  const plans: Record<string, CustomerBillingPlan> = {};
  for (const customer of scenario.customers) {
    const additions = Object.entries(customer.quantities)
      .filter(([item]) => !(customer.name === scenario.missing.customer && item === scenario.missing.itemCode))
      .flatMap(([item, quantity]) => {
        const product = productForItem(item);
        return product ? [{ product: product.identifier, quantity }] : [];
      });
    if (customer.name === scenario.orphan.customer) additions.push({ product: CONNECTWISE_DEMO_ORPHAN_PRODUCT, quantity: 10 });
    const misconfigured = customer.name === scenario.misconfigured.customer;
    const agreement = !misconfigured
      ? undefined
      : scenario.misconfigured.problem === "foreign_currency"
        ? { currencyCode: scenario.misconfigured.currency ?? "EUR" }
        : { billingCycle: "Quarterly" };
    plans[customer.name] = { agreement, additions };
  }
  return plans;
}

/** Seeds the demo tenants that are not there yet (idempotent, cheap when they exist). */
export function ensureDemoTenants(): void {
  CONNECTWISE_DEMO_TENANTS.forEach((t, i) => {
    if (findTenant(t.companyId)) return;
    seedTenant({
      companyId: t.companyId,
      companyName: t.companyName,
      customers: t.partnerSlug ? demoCustomersFor(t.partnerSlug) : undefined,
      publicKey: t.publicKey,
      privateKey: t.privateKey,
      restrictedPublicKey: t.restricted.publicKey,
      restrictedPrivateKey: t.restricted.privateKey,
      clientIds: null,
      idBase: 300 + i * 400,
      currencyCode: t.partnerSlug === "contoso" ? "GBP" : "USD",
      customerBilling: t.partnerSlug ? connectWiseDemoBilling(t.partnerSlug) : undefined,
    });
  });
}

/** Credentials for a demo tenant as the connector takes them, on the portal's origin. */
export function connectWiseDemoCredentials(origin: string, tenant: ConnectWiseDemoTenant): ConnectWiseCredentials {
  return {
    siteUrl: `${origin.replace(/\/+$/, "")}/sandbox/connectwise`,
    companyId: tenant.companyId,
    publicKey: tenant.publicKey,
    privateKey: tenant.privateKey,
    clientId: tenant.clientId,
    managementSolutionName: tenant.managementSolutionName,
  };
}

/** Credentials of a freshly seeded test tenant, for a sandbox served at `baseUrl` (scheme://host:port). */
export function connectWiseTestCredentials(baseUrl: string, seeded: SeededTenant): ConnectWiseCredentials {
  return {
    siteUrl: `${baseUrl.replace(/\/+$/, "")}/sandbox/connectwise`,
    companyId: seeded.companyId,
    publicKey: seeded.publicKey,
    privateKey: seeded.privateKey,
    clientId: seeded.clientId,
  };
}

/** What `.data/demo.json` and the demo printout need for the ConnectWise sandbox connection of a demo partner. */
export function connectWiseDemoConnection(origin: string, partnerSlug = "contoso") {
  const tenant = CONNECTWISE_DEMO_TENANTS.find((t) => t.partnerSlug === partnerSlug) ?? CONNECTWISE_DEMO_TENANTS[0]!;
  const credentials = connectWiseDemoCredentials(origin, tenant);
  return { provider: "connectwise" as const, partnerSlug: tenant.partnerSlug, baseUrl: credentials.siteUrl, credentials };
}

/**
 * A demo tenant's billing state for the demo seed, read by name: the catalog product of each vendor
 * item, and each customer's billing agreement (its active "Managed Services" agreement, else its
 * first) with the addition quantities by item.
 */
export function connectWiseDemoBillingState(partnerSlug = "contoso"): DemoBillingState {
  ensureDemoTenants();
  const demo = CONNECTWISE_DEMO_TENANTS.find((t) => t.partnerSlug === partnerSlug);
  const tenant = demo ? findTenant(demo.companyId) : undefined;
  if (!tenant) throw new Error(`No ConnectWise demo tenant for ${partnerSlug}`);
  const services: DemoBillingState["services"] = {};
  const itemOfProduct = new Map<number, string>();
  for (const entry of PRODUCTS) {
    const row = entry.billingItem ? [...tenant.data.catalog.values()].find((p) => p.identifier === entry.identifier) : undefined;
    if (!row || !entry.billingItem) continue;
    itemOfProduct.set(row.id, entry.billingItem);
    // Named the way the connector lists catalog products ("identifier - description").
    services[entry.billingItem] = { id: String(row.id), name: `${String(row.identifier)} - ${String(row.description)}`, unitPrice: Number(row.price ?? 0), unitCost: Number(row.cost ?? 0) };
  }
  const agreements = [...tenant.data.agreements.values()];
  const currencies = new Map<string, number>();
  for (const a of agreements) {
    const code = (a.currency as { currencyCode?: string } | null)?.currencyCode;
    if (code) currencies.set(code, (currencies.get(code) ?? 0) + 1);
  }
  const customers: DemoBillingState["customers"] = {};
  for (const company of tenant.data.companies.values()) {
    const own = agreements.filter((a) => (a.company as { id: number } | null)?.id === company.id);
    const agreement = own.find((a) => String(a.name).startsWith("Managed Services") && agreementStatusOf(a) === "Active") ?? own[0];
    if (!agreement) continue;
    const items: DemoBillingState["customers"][string]["items"] = {};
    for (const addition of tenant.data.additions.values()) {
      if (addition.agreementId !== agreement.id || addition.cancelledDate) continue;
      const item = itemOfProduct.get((addition.product as { id: number }).id);
      if (item) items[item] = { contractServiceId: String(addition.id), name: services[item]!.name, quantity: Number(addition.quantity ?? 0) };
    }
    customers[String(company.name)] = { companyId: String(company.id), contractId: String(agreement.id), contractName: String(agreement.name), items };
  }
  const currencyCode = [...currencies].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "USD";
  return { provider: "connectwise", currencyCode, services, customers };
}
