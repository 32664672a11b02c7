import { randomBytes } from "node:crypto";

import { contractPeriods } from "./adjustments";
import { addContractService, seedAutotaskBillingFixtures } from "./billing-fixtures";
import { buildPicklists, valueOf } from "./picklists";
import { CI_TYPES, CURRENCIES, DEFAULT_CUSTOMER_NAMES, OTHER_COMPANIES, resourcesFor, SERVICE_BUNDLES, SERVICES, UDFS } from "./seed-catalog";
import { seedBulk } from "./seed-bulk";
import { insertUnits, mulberry32, todayUtcMs } from "./seed-util";
import { emptyTables, getTenant, newTenantRuntime, registerTenant, type Row, store, type Tenant } from "./state";
import { isoUtc } from "./write";

/**
 * Seeds sandbox tenants. Each call makes an isolated tenant with its own credentials (tests run in
 * parallel), its own picklist ids (`variant`), customers, Recurring Service contracts with contract
 * services and monthly ContractServiceUnits, CI types, CIs, UDFs and a few tickets, the service
 * catalogue (a service for every vendor billable item, a service bundle) and currencies. Default
 * tenants also get the billing fixtures (billing-fixtures.ts). `customerBilling` lays out chosen
 * customers' contracts exactly (the demo). `bulk` builds a large tenant fast (20,000 companies /
 * 50,000 contract services for the benchmark).
 */
export type AutotaskSandboxCredentials = { username: string; secret: string; integrationCode: string };

export type AutotaskSeedOptions = {
  tenantId?: string;
  /** The MSP's own company (Autotask company 0). */
  name?: string;
  /** Customer companies (companyType Customer). */
  customerNames?: string[];
  /** Picklist id variant; tenants with different variants have different ids for the same labels. */
  variant?: number;
  credentials?: Partial<AutotaskSandboxCredentials>;
  zone?: number;
  requestThreshold?: number;
  /** PRNG seed for quantities and details. */
  seed?: number;
  /** Large tenant: this many customer companies (one Recurring Service contract each) and contract services. */
  bulk?: { companies: number; contractServices: number; onContracts?: number };
  /** The misconfigured billing contracts of billing-fixtures.ts; default: only when `customerNames` is not given. */
  billingFixtures?: boolean;
  /** By customer name: that customer's contracts and contract services, instead of the random ones. */
  customerBilling?: Record<string, CustomerBillingPlan>;
};

/** How one customer's contracts are laid out (see seedCustomers). */
export type CustomerBillingPlan = {
  /** "time_and_materials": the customer has only a Time and Materials contract (no Recurring Service one). */
  contract?: "recurring" | "time_and_materials";
  /** The services of the customer's monthly Recurring Service contract with their units (every period). */
  services?: { service: string; units: number }[];
};

export type SeededAutotaskTenant = {
  tenantId: string;
  name: string;
  credentials: AutotaskSandboxCredentials;
  /** Same database, API user whose security level gives no Companies access (empty results). */
  restrictedCredentials: AutotaskSandboxCredentials;
  /** Same database, API user that gets HTTP 403 on Companies. */
  forbiddenCredentials: AutotaskSandboxCredentials;
  /** Append to the portal's origin to get the zone-discovery URL. */
  zoneDiscoveryPath: string;
};

export const ZONE_DISCOVERY_PATH = "/sandbox/autotask/atservicesrest";

export function autotaskZoneDiscoveryUrl(origin: string): string {
  return `${origin.replace(/\/+$/, "")}${ZONE_DISCOVERY_PATH}`;
}

const DAY = 86_400_000;

export function seedAutotaskTenant(opts: AutotaskSeedOptions = {}): SeededAutotaskTenant {
  const s = store();
  const sequence = ++s.sequence;
  const tenantId = opts.tenantId ?? `at-${sequence}-${randomBytes(4).toString("hex")}`;
  const variant = opts.variant ?? sequence % 5;
  const token = randomBytes(6).toString("hex");
  const credentials: AutotaskSandboxCredentials = {
    username: opts.credentials?.username ?? `api-${token}@${tenantId}.sandbox.autotask.test`,
    secret: opts.credentials?.secret ?? randomBytes(12).toString("base64url"),
    integrationCode: opts.credentials?.integrationCode ?? randomBytes(13).toString("hex").toUpperCase(),
  };
  const local = credentials.username.split("@")[1] ?? `${tenantId}.sandbox.autotask.test`;
  const restrictedCredentials = { ...credentials, username: `restricted.${credentials.username.split("@")[0]}@${local}` };
  const forbiddenCredentials = { ...credentials, username: `forbidden.${credentials.username.split("@")[0]}@${local}` };
  const { resources, apiResourceId } = resourcesFor(variant);
  const name = opts.name ?? "Sandbox Managed Services";

  const tenant: Tenant = {
    id: tenantId,
    name,
    ci: 29_600 + sequence,
    zone: opts.zone ?? 1,
    users: [
      { ...credentials, resourceId: apiResourceId, companiesAccess: "all" },
      { ...restrictedCredentials, resourceId: apiResourceId, companiesAccess: "none" },
      { ...forbiddenCredentials, resourceId: apiResourceId, companiesAccess: "forbidden" },
    ],
    resources,
    picklists: buildPicklists(variant),
    udfs: structuredClone(UDFS),
    tables: emptyTables({ Companies: 0, Contracts: 100 + variant * 7, Tickets: 7000 + variant * 101, TicketNotes: 29_000, ConfigurationItems: 500 }),
    requestThreshold: opts.requestThreshold ?? 10_000,
    seedOptions: { ...opts, tenantId, variant, credentials },
    ...newTenantRuntime(),
  };
  const rand = mulberry32(opts.seed ?? variant * 7919 + 17);
  seedCatalog(tenant, name);
  if (opts.bulk) seedBulk(tenant, opts.bulk);
  else {
    seedCustomers(tenant, opts.customerNames ?? DEFAULT_CUSTOMER_NAMES, rand, opts.customerBilling ?? {});
    if (opts.billingFixtures ?? opts.customerNames === undefined) seedAutotaskBillingFixtures(tenant);
  }
  registerTenant(tenant);
  return { tenantId, name, credentials, restrictedCredentials, forbiddenCredentials, zoneDiscoveryPath: ZONE_DISCOVERY_PATH };
}

/** Rebuilds a tenant from the options it was seeded with (same credentials); clears log and faults. */
export function resetAutotaskTenant(tenantId: string): SeededAutotaskTenant | undefined {
  const tenant = getTenant(tenantId);
  if (!tenant) return undefined;
  return seedAutotaskTenant(tenant.seedOptions as AutotaskSeedOptions);
}

function seedCatalog(tenant: Tenant, name: string): void {
  const t = tenant.tables;
  t.Companies.insert(
    { companyName: name, companyNumber: "0", companyType: valueOf(tenant, "Companies", "companyType", "Partner"), isActive: true, phone: "555-0100", ownerResourceID: tenant.resources[0]!.id, createDate: isoUtc(Date.UTC(2015, 0, 1)) },
    0,
  );
  t.Services.nextId = 20;
  for (const s of SERVICES) {
    t.Services.insert({
      name: s.name,
      description: `${s.name} (per unit, billed monthly)`,
      invoiceDescription: s.name,
      unitPrice: s.unitPrice,
      unitCost: s.unitCost,
      periodType: valueOf(tenant, "Services", "periodType", "Monthly"),
      isActive: s.isActive,
      markupRate: null,
      createDate: isoUtc(Date.UTC(2020, 0, 1)),
    });
  }
  t.ConfigurationItemTypes.nextId = 1 + (tenant.tables.Tickets.nextId % 5);
  for (const ci of CI_TYPES) t.ConfigurationItemTypes.insert({ name: ci.name, isActive: ci.isActive });
  for (const c of CURRENCIES) {
    t.Currencies.insert({
      ...c,
      isActive: true,
      displaySymbol: null,
      currencyPositiveFormat: "$X",
      currencyNegativeFormat: "($X)",
      lastModifiedDateTime: isoUtc(Date.UTC(2020, 0, 1)),
      updateResourceId: null,
    });
  }
  t.ServiceBundles.nextId = 30;
  for (const b of SERVICE_BUNDLES) {
    const bundle = t.ServiceBundles.insert({
      name: b.name,
      description: `${b.name}: ${b.services.join(", ")}`,
      invoiceDescription: b.name,
      unitPrice: b.unitPrice,
      unitCost: b.unitCost,
      periodType: valueOf(tenant, "ServiceBundles", "periodType", "Monthly"),
      isActive: true,
      percentageDiscount: null,
      unitDiscount: null,
      createDate: isoUtc(Date.UTC(2020, 0, 1)),
    });
    for (const serviceName of b.services) {
      const service = t.Services.rows.find((s) => s.name === serviceName)!;
      t.ServiceBundleServices.insert({ serviceBundleID: bundle.id, serviceID: service.id });
    }
  }
}

function seedCustomers(tenant: Tenant, names: string[], rand: () => number, billing: Record<string, CustomerBillingPlan>): void {
  const t = tenant.tables;
  const today = todayUtcMs();
  const d = new Date(today);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 9, 1) - DAY;
  const customer = valueOf(tenant, "Companies", "companyType", "Customer");
  const recurring = valueOf(tenant, "Contracts", "contractType", "Recurring Service");
  const tAndM = valueOf(tenant, "Contracts", "contractType", "Time and Materials");
  const active = valueOf(tenant, "Contracts", "status", "Active");
  const monthly = valueOf(tenant, "Contracts", "contractPeriodType", "Monthly");
  const backup = t.Services.rows.filter((s) => SERVICES.find((c) => c.name === s.name)?.backup);
  const periods = contractPeriods(start, end, 1);
  const ciTypes = t.ConfigurationItemTypes.rows;

  /** The customer's monthly Recurring Service contract: the plan's services, or 1–3 random backup ones. */
  const managedServices = (company: Row, plan: CustomerBillingPlan | undefined) => {
    const contract = t.Contracts.insert({
      companyID: company.id,
      contractName: `Managed Services Agreement - ${String(company.companyName)}`,
      contractNumber: `MSA-${company.id}`,
      contractType: recurring,
      contractCategory: valueOf(tenant, "Contracts", "contractCategory", "Managed Services"),
      contractPeriodType: monthly,
      status: active,
      startDate: isoUtc(start),
      endDate: isoUtc(end),
      isDefaultContract: true,
      billingPreference: valueOf(tenant, "Contracts", "billingPreference", "Immediately"),
    });
    if (plan?.services) {
      for (const line of plan.services) addContractService(tenant, contract, line.service, line.units);
      return;
    }
    const count = 1 + Math.floor(rand() * 3);
    for (const service of backup.slice(0, count)) {
      const cs = t.ContractServices.insert({
        contractID: contract.id,
        serviceID: service.id,
        unitPrice: service.unitPrice,
        unitCost: service.unitCost,
        invoiceDescription: service.invoiceDescription,
        internalDescription: null,
      });
      const units = 1 + Math.floor(rand() * 40);
      for (const [ps, pe] of periods) insertUnits(t.ContractServiceUnits, contract.id, cs, ps, pe, units, ps < today - 31 * DAY);
    }
  };

  names.forEach((companyName, i) => {
    const domain = `${companyName.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;
    const company = t.Companies.insert({
      companyName,
      companyNumber: `C${1000 + i}`,
      companyType: customer,
      isActive: true,
      phone: `555-01${String(i % 100).padStart(2, "0")}`,
      webAddress: `https://www.${domain}`,
      city: "Springfield",
      ownerResourceID: tenant.resources[0]!.id,
      createDate: isoUtc(Date.UTC(2019, i % 12, 1 + (i % 27))),
      userDefinedFields: [{ name: "Vendor Customer ID", value: null }],
    });
    const plan = billing[companyName];
    const tAndMContract = () =>
      t.Contracts.insert({
        companyID: company.id,
        contractName: `Ad-hoc Support (T&M) - ${companyName}`,
        contractType: tAndM,
        status: active,
        startDate: isoUtc(start),
        endDate: isoUtc(end),
        contractPeriodType: null,
        isDefaultContract: plan?.contract === "time_and_materials",
      });
    if (plan?.contract === "time_and_materials") tAndMContract();
    else managedServices(company, plan);
    if (i % 4 === 3 && plan?.contract !== "time_and_materials") tAndMContract();
    const type = ciTypes[i % 2 === 0 ? 0 : 2]!;
    t.ConfigurationItems.insert({
      companyID: company.id,
      configurationItemType: type.id,
      referenceTitle: `${companyName.split(" ")[0]!.toUpperCase()}-${String(type.name).includes("Server") ? "SRV01" : "BDR01"}`,
      serialNumber: `SN-${(company.id * 7919).toString(36).toUpperCase()}`,
      isActive: true,
      installDate: isoUtc(Date.UTC(2022, i % 12, 1)),
      createDate: isoUtc(Date.UTC(2022, i % 12, 1)),
      userDefinedFields: [{ name: "Backup Status", value: "1" }],
    });
  });
  for (const other of OTHER_COMPANIES) {
    t.Companies.insert({
      companyName: other.name,
      companyType: valueOf(tenant, "Companies", "companyType", other.type),
      isActive: other.type !== "Cancellation",
      phone: "555-0142",
      ownerResourceID: tenant.resources[0]!.id,
      userDefinedFields: [],
    });
  }
  for (const [title, companyIndex] of [
    ["Printer offline in reception", 0],
    ["New starter laptop setup", 1],
  ] as const) {
    const company = t.Companies.rows.find((c) => c.companyName === names[companyIndex]);
    if (!company) continue;
    const ticket = t.Tickets.insert({
      companyID: company.id,
      title,
      description: `${title}. Reported by phone.`,
      status: valueOf(tenant, "Tickets", "status", "In Progress"),
      priority: valueOf(tenant, "Tickets", "priority", "Medium"),
      queueID: valueOf(tenant, "Tickets", "queueID", "Level I Support"),
      ticketType: valueOf(tenant, "Tickets", "ticketType", "Service Request"),
      dueDateTime: isoUtc(today + 2 * DAY),
      ticketNumber: `T${isoUtc(today - DAY).slice(0, 10).replaceAll("-", "")}.${String(companyIndex + 1).padStart(4, "0")}`,
      createDate: isoUtc(today - DAY),
      lastActivityDate: isoUtc(today - DAY),
      creatorType: 1,
      userDefinedFields: [],
    });
    t.TicketNotes.insert({
      ticketID: ticket.id,
      title: "Called customer",
      description: "Left a voicemail; will retry in the afternoon.",
      noteType: valueOf(tenant, "TicketNotes", "noteType", "Task Notes"),
      publish: valueOf(tenant, "TicketNotes", "publish", "Internal Only"),
      createDateTime: isoUtc(today - DAY + 3_600_000),
      creatorResourceID: tenant.resources[1]!.id,
    });
  }
}
