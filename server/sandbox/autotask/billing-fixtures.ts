import { contractPeriods } from "./adjustments";
import { valueOf } from "./picklists";
import { insertUnits, todayUtcMs } from "./seed-util";
import { getTenant, type Row, type Tenant } from "./state";
import { isoUtc } from "./write";

/**
 * Billing fixtures of the default sandbox tenants: one customer company per way a contract can be
 * unusable for billing quantities (psa-api-facts A7), each with its own contract, so a Customer Map
 * can point at it and a sync fails that customer with a message:
 *   timeAndMaterials — the company has only a Time and Materials contract;
 *   quarterly        — a Recurring Service contract billed quarterly;
 *   bundle           — a monthly Recurring Service contract whose services sit in a service bundle
 *                      (plus one service outside the bundle);
 *   foreignCurrency  — a monthly Recurring Service contract of a company billed in EUR (the
 *                      database's internal currency is USD).
 * Tests find them by name with `autotaskBillingFixtures(tenantId)`.
 */
export const AUTOTASK_BILLING_FIXTURES = {
  timeAndMaterials: { company: "Quarry Hill Consulting", contract: "Time and Materials - Quarry Hill Consulting" },
  quarterly: { company: "Lakeside Veterinary Partners", contract: "Quarterly Managed Services - Lakeside Veterinary Partners" },
  bundle: { company: "Harborview Architects", contract: "Managed Services (Bundle) - Harborview Architects", bundle: "Backup & Email Security Bundle" },
  foreignCurrency: { company: "Rhine Valley Imports GmbH", contract: "Managed Services - Rhine Valley Imports GmbH", currency: "EUR" },
} as const;

export type AutotaskBillingFixtureName = keyof typeof AUTOTASK_BILLING_FIXTURES;

/** Ids (as the connector reports them: strings) of one fixture. */
export type AutotaskBillingFixture = {
  companyId: string;
  companyName: string;
  contractId: string;
  contractName: string;
  /** Contract services on the contract (not those in a bundle), by service name. */
  contractServices: Record<string, { contractServiceId: string; serviceId: string; units: number }>;
};

const DAY = 86_400_000;

function term(): { start: number; end: number } {
  const d = new Date(todayUtcMs());
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 9, 1) - DAY };
}

function serviceByName(tenant: Tenant, name: string): Row {
  const row = tenant.tables.Services.rows.find((s) => s.name === name);
  if (!row) throw new Error(`Sandbox tenant ${tenant.id} has no service named ${name}`);
  return row;
}

export function addContractService(tenant: Tenant, contract: Row, serviceName: string, units: number, months = 1): Row {
  const t = tenant.tables;
  const service = serviceByName(tenant, serviceName);
  const cs = t.ContractServices.insert({
    contractID: contract.id,
    serviceID: service.id,
    unitPrice: service.unitPrice,
    unitCost: service.unitCost,
    invoiceDescription: service.invoiceDescription,
    internalDescription: null,
  });
  const today = todayUtcMs();
  for (const [ps, pe] of contractPeriods(Date.parse(String(contract.startDate)), Date.parse(String(contract.endDate)), months)) {
    insertUnits(t.ContractServiceUnits, contract.id, cs, ps, pe, units, pe < today - DAY);
  }
  return cs;
}

function company(tenant: Tenant, name: string, currency?: string): Row {
  const currencyID = currency ? tenant.tables.Currencies.rows.find((c) => c.name === currency)?.id : undefined;
  return tenant.tables.Companies.insert({
    companyName: name,
    companyType: valueOf(tenant, "Companies", "companyType", "Customer"),
    isActive: true,
    phone: "555-0177",
    city: "Springfield",
    ownerResourceID: tenant.resources[0]!.id,
    currencyID: currencyID ?? null,
    userDefinedFields: [{ name: "Vendor Customer ID", value: null }],
  });
}

function recurringContract(tenant: Tenant, companyRow: Row, name: string, period: "Monthly" | "Quarterly"): Row {
  const { start, end } = term();
  return tenant.tables.Contracts.insert({
    companyID: companyRow.id,
    contractName: name,
    contractNumber: `MSA-${companyRow.id}`,
    contractType: valueOf(tenant, "Contracts", "contractType", "Recurring Service"),
    contractCategory: valueOf(tenant, "Contracts", "contractCategory", "Managed Services"),
    contractPeriodType: valueOf(tenant, "Contracts", "contractPeriodType", period),
    status: valueOf(tenant, "Contracts", "status", "Active"),
    startDate: isoUtc(start),
    endDate: isoUtc(end),
    isDefaultContract: true,
    billingPreference: valueOf(tenant, "Contracts", "billingPreference", "Immediately"),
  });
}

/** Puts a catalogue service bundle on a contract with `units` bundle units every month of its term. */
export function addContractServiceBundle(tenant: Tenant, contract: Row, bundleName: string, units: number): Row {
  const t = tenant.tables;
  const bundle = t.ServiceBundles.rows.find((b) => b.name === bundleName);
  if (!bundle) throw new Error(`Sandbox tenant ${tenant.id} has no service bundle named ${bundleName}`);
  const csb = t.ContractServiceBundles.insert({
    contractID: contract.id,
    serviceBundleID: bundle.id,
    unitPrice: bundle.unitPrice,
    adjustedPrice: null,
    internalCurrencyUnitPrice: bundle.unitPrice,
    internalCurrencyAdjustedPrice: null,
    invoiceDescription: bundle.invoiceDescription,
    internalDescription: null,
    quoteItemID: null,
  });
  const today = todayUtcMs();
  for (const [ps, pe] of contractPeriods(Date.parse(String(contract.startDate)), Date.parse(String(contract.endDate)), 1)) {
    t.ContractServiceBundleUnits.insert({
      contractID: contract.id,
      contractServiceBundleID: csb.id,
      serviceBundleID: bundle.id,
      startDate: isoUtc(ps),
      endDate: isoUtc(pe),
      units,
      price: bundle.unitPrice,
      cost: bundle.unitCost,
      internalCurrencyPrice: bundle.unitPrice,
      approveAndPostDate: pe < today - DAY ? isoUtc(pe + DAY) : null,
      organizationalLevelAssociationID: null,
    });
  }
  return csb;
}

export function seedAutotaskBillingFixtures(tenant: Tenant): void {
  const f = AUTOTASK_BILLING_FIXTURES;
  const { start, end } = term();

  const tm = company(tenant, f.timeAndMaterials.company);
  tenant.tables.Contracts.insert({
    companyID: tm.id,
    contractName: f.timeAndMaterials.contract,
    contractType: valueOf(tenant, "Contracts", "contractType", "Time and Materials"),
    status: valueOf(tenant, "Contracts", "status", "Active"),
    startDate: isoUtc(start),
    endDate: isoUtc(end),
    contractPeriodType: null,
    isDefaultContract: true,
  });

  const quarterly = recurringContract(tenant, company(tenant, f.quarterly.company), f.quarterly.contract, "Quarterly");
  addContractService(tenant, quarterly, "Online Backup - Standard (per GB)", 250, 3);
  addContractService(tenant, quarterly, "Email Security (per mailbox)", 18, 3);

  const bundled = recurringContract(tenant, company(tenant, f.bundle.company), f.bundle.contract, "Monthly");
  addContractServiceBundle(tenant, bundled, f.bundle.bundle, 40);
  addContractService(tenant, bundled, "Local Backup - Server", 2);

  const foreign = recurringContract(tenant, company(tenant, f.foreignCurrency.company, f.foreignCurrency.currency), f.foreignCurrency.contract, "Monthly");
  addContractService(tenant, foreign, "Online Backup - Basic (per GB)", 180);
  addContractService(tenant, foreign, "Email Security (per mailbox)", 25);
}

/** Units of a contract service on `day` (YYYY-MM-DD): the unit row covering it with the latest start. */
export function unitsOnDay(tenant: Tenant, contractServiceId: number, day = new Date(todayUtcMs()).toISOString().slice(0, 10)): number {
  let best: { start: string; units: number } | undefined;
  for (const u of tenant.tables.ContractServiceUnits.rows) {
    if (u.contractServiceID !== contractServiceId) continue;
    const start = String(u.startDate).slice(0, 10);
    const end = String(u.endDate).slice(0, 10);
    if (start <= day && day <= end && (!best || start > best.start)) best = { start, units: Number(u.units ?? 0) };
  }
  return best?.units ?? 0;
}

/** The contract services of a contract with today's units, by service name. */
export function contractServicesOf(tenant: Tenant, contractId: number): AutotaskBillingFixture["contractServices"] {
  const out: AutotaskBillingFixture["contractServices"] = {};
  for (const cs of tenant.tables.ContractServices.rows) {
    if (cs.contractID !== contractId) continue;
    const name = String(tenant.tables.Services.get(Number(cs.serviceID))?.name ?? cs.serviceID);
    out[name] = { contractServiceId: String(cs.id), serviceId: String(cs.serviceID), units: unitsOnDay(tenant, cs.id) };
  }
  return out;
}

/** The billing fixtures of a tenant, found by name; throws when the tenant was seeded without them. */
export function autotaskBillingFixtures(tenantId: string): Record<AutotaskBillingFixtureName, AutotaskBillingFixture> {
  const tenant = getTenant(tenantId);
  if (!tenant) throw new Error(`Unknown Autotask sandbox tenant ${tenantId}`);
  const find = (names: { company: string; contract: string }): AutotaskBillingFixture => {
    const companyRow = tenant.tables.Companies.rows.find((c) => c.companyName === names.company);
    const contract = tenant.tables.Contracts.rows.find((c) => c.contractName === names.contract && c.companyID === companyRow?.id);
    if (!companyRow || !contract) throw new Error(`Sandbox tenant ${tenantId} has no billing fixture "${names.contract}" (seed it with billingFixtures: true)`);
    return {
      companyId: String(companyRow.id),
      companyName: names.company,
      contractId: String(contract.id),
      contractName: names.contract,
      contractServices: contractServicesOf(tenant, contract.id),
    };
  };
  const f = AUTOTASK_BILLING_FIXTURES;
  return { timeAndMaterials: find(f.timeAndMaterials), quarterly: find(f.quarterly), bundle: find(f.bundle), foreignCurrency: find(f.foreignCurrency) };
}

/** Catalogue service ids by name, as the connector reports them. */
export function autotaskServiceIds(tenantId: string): Record<string, string> {
  const tenant = getTenant(tenantId);
  if (!tenant) throw new Error(`Unknown Autotask sandbox tenant ${tenantId}`);
  return Object.fromEntries(tenant.tables.Services.rows.map((s) => [String(s.name), String(s.id)]));
}
