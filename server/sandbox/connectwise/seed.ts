import { randomBytes, randomUUID } from "node:crypto";

import { CONNECTWISE_BILLING_FIXTURES, FIXTURE_ADDITIONS, foreignCurrencyFor } from "./billing-fixtures";
import { newInfo, toRef } from "./records";
import { agreementStatusOf } from "./resources/finance";
import { tickets as ticketResource } from "./resources/service";
import {
  AGREEMENT_TYPES,
  BILLING_CYCLES,
  BOARDS,
  type CustomerBillingPlan,
  COMPANY_STATUSES,
  COMPANY_TYPES,
  CONFIGURATION_TYPES,
  DEFAULT_CUSTOMERS,
  PRIORITIES,
  PRODUCTS,
  QUESTION_LISTS,
  USER_DEFINED_FIELDS,
} from "./seed-data";
import { type CollectionName, emptyTenant, newId, putTenant, type Rec, type SeedOptions, type Tenant } from "./state";

/**
 * Creates sandbox tenants: fixed demo tenants and fresh isolated ones for tests (each with its own
 * company id, API keys and id range), optionally with bulk data for the benchmark. Default tenants
 * also get the billing fixtures (billing-fixtures.ts); `customerBilling` lays out chosen customers'
 * agreements exactly (the demo).
 */
export type CustomerSeed = string | { name: string; domain?: string };

export type SeedTenantInput = {
  companyId?: string;
  companyName?: string;
  codebase?: string;
  customers?: CustomerSeed[];
  publicKey?: string;
  privateKey?: string;
  restrictedPublicKey?: string;
  restrictedPrivateKey?: string;
  clientIds?: string[] | null;
  idBase?: number;
  currencyCode?: string;
  /** Bulk data: n extra companies, and n additions on one "bench" agreement. */
  bulk?: { companies: number; additions: number; perCompanyAgreements?: boolean };
  /** The misconfigured billing agreements of billing-fixtures.ts; default: only when `customers` is not given. */
  billingFixtures?: boolean;
  /** By customer name: that customer's agreement and additions, instead of the default ones. */
  customerBilling?: Record<string, CustomerBillingPlan>;
};

export type SeededTenant = {
  companyId: string;
  companyName: string;
  codebase: string;
  publicKey: string;
  privateKey: string;
  /** An API member whose security role has no access to Companies (answers 403). */
  restricted: { publicKey: string; privateKey: string };
  /** A clientId the tenant accepts. */
  clientId: string;
  /** The agreement that holds the bulk additions, when bulk data was asked for. */
  benchAgreementId?: number;
};

let counter = 0;
const hex = (n: number) => randomBytes(n).toString("hex");

function insert(tenant: Tenant, collection: CollectionName, make: (id: number) => Record<string, unknown>): Rec {
  const id = newId(tenant, collection);
  const rec = { id, ...make(id) } as Rec;
  tenant.data[collection].set(id, rec);
  return rec;
}

function identifierFor(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9]/g, "").slice(0, 22) || "Company";
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

function populate(tenant: Tenant, seed: SeedOptions, currencyCode: string): void {
  const ref = (kind: Parameters<typeof toRef>[0], rec: Rec) => toRef(kind, rec);
  const byName = (collection: CollectionName, name: string, key = "name") =>
    [...tenant.data[collection].values()].find((r) => r[key] === name)!;

  for (const s of COMPANY_STATUSES) insert(tenant, "companyStatuses", () => ({ name: s.name, defaultFlag: !!s.default, inactiveFlag: !!s.inactive, _info: newInfo() }));
  for (const t of COMPANY_TYPES) insert(tenant, "companyTypes", () => ({ name: t.name, defaultFlag: !!t.default, vendorFlag: !!t.vendor, serviceAlertFlag: false, _info: newInfo() }));
  for (const p of PRIORITIES) insert(tenant, "priorities", () => ({ ...p, defaultFlag: !!p.default, imageLink: null, _info: newInfo() }));
  for (const b of BOARDS) {
    const board = insert(tenant, "boards", () => ({ name: b.name, location: { id: 2, name: "Main" }, department: { id: 10, name: "Services" }, inactiveFlag: !!b.inactive, projectFlag: false, _info: newInfo() }));
    b.statuses.forEach((s, i) =>
      insert(tenant, "boardStatuses", () => ({
        name: s.name, board: ref("board", board), sortOrder: i + 1, displayOnBoard: true, inactive: false,
        closedStatus: !!s.closed, timeEntryNotAllowed: !!s.closed, defaultFlag: !!s.default, escalationStatus: s.closed ? "Resolved" : "NotResponded",
        customerPortalFlag: true, _info: newInfo(),
      })),
    );
    for (const t of b.types) insert(tenant, "boardTypes", () => ({ name: t, category: "Reactive", defaultFlag: false, inactiveFlag: false, requestForChangeFlag: false, board: ref("board", board), _info: newInfo() }));
  }
  for (const name of AGREEMENT_TYPES) insert(tenant, "agreementTypes", () => ({ name, _info: newInfo() }));
  seedCurrencies(tenant);
  for (const p of PRODUCTS) {
    insert(tenant, "catalog", (id) => ({
      identifier: p.identifier, description: p.description, inactiveFlag: !!p.inactive, subcategory: { id: 5, name: "Cloud Services" },
      type: { id: 3, name: p.productClass === "Service" ? "Labor" : "Recurring" }, productClass: p.productClass, serializedFlag: false,
      unitOfMeasure: { id: id % 50, name: p.uom }, price: p.price, cost: p.cost, taxableFlag: false, customerDescription: p.description,
      manufacturer: null, integrationXRef: null, recurringFlag: p.recurring, recurringRevenue: p.recurring ? p.price : null,
      recurringCost: p.recurring ? p.cost : null, recurringBillCycle: p.recurring ? { id: 1, name: "Monthly" } : null, category: { id: 1, name: "Services" },
      billableOption: "Billable", _info: newInfo(), customFields: [],
    }));
  }
  for (const s of [{ d: "Active", def: true }, { d: "Inactive", closed: true }]) {
    insert(tenant, "configurationStatuses", () => ({ description: s.d, closedFlag: !!s.closed, defaultFlag: !!s.def, _info: newInfo() }));
  }
  for (const t of CONFIGURATION_TYPES) {
    const type = insert(tenant, "configurationTypes", () => ({ name: t.name, inactiveFlag: !!t.inactive, systemFlag: false, _info: newInfo() }));
    t.questions.forEach((q, i) => {
      const list = QUESTION_LISTS[q];
      const question = insert(tenant, "configurationQuestions", () => ({
        configurationType: ref("configurationType", type), fieldType: "Text", entryType: list ? "List" : "EntryField",
        sequenceNumber: i + 1, question: q, numberOfDecimals: 0, requiredFlag: false, inactiveFlag: false, _info: newInfo(),
      }));
      for (const value of list ?? []) {
        insert(tenant, "configurationQuestionValues", () => ({ configurationType: ref("configurationType", type), question: { id: question.id, question: q }, value, defaultFlag: false, inactiveFlag: false, _info: newInfo() }));
      }
    });
  }
  USER_DEFINED_FIELDS.forEach((u, i) =>
    insert(tenant, "userDefinedFields", () => ({
      podId: u.podId, caption: u.caption, sequenceNumber: i + 1, screenId: u.screenId, helpText: null, fieldTypeIdentifier: u.field,
      numberDecimals: 0, entryTypeIdentifier: u.entry, requiredFlag: !!u.required, displayOnScreenFlag: true, readOnlyFlag: false,
      listViewFlag: false, options: (u.options ?? []).map((o, j) => ({ id: j + 1, optionValue: o, defaultFlag: false, inactiveFlag: false, sortOrder: j })),
      dateCreated: "2025-01-15T09:00:00Z", _info: newInfo(),
    })),
  );

  const taken = new Set<string>();
  const active = byName("companyStatuses", "Active");
  const company = (name: string, opts: { type: string; website?: string | null; status?: Rec; deleted?: boolean }) =>
    insert(tenant, "companies", () => ({
      identifier: identifierFor(name, taken), name, status: ref("companyStatus", opts.status ?? active),
      types: [ref("companyType", byName("companyTypes", opts.type))], phoneNumber: "555-0100", faxNumber: null,
      website: opts.website ?? null, addressLine1: "1 Main Street", addressLine2: null, city: "Springfield", state: "NY", zip: "10001",
      country: { id: 1, name: "United States" }, territory: { id: 2, name: "Main" }, currency: null, deletedFlag: !!opts.deleted,
      dateDeleted: opts.deleted ? "2025-02-01T00:00:00Z" : null, deletedBy: opts.deleted ? "admin" : null,
      isVendorFlag: opts.type === "Vendor", leadFlag: false, accountNumber: null, _info: newInfo(), customFields: [],
    }));
  // Bulk (benchmark) tenants hold exactly the bulk companies, so request counts are exact.
  if (!seed.bulk) company(seed.companyName, { type: "Owner" });
  const customers = seed.customerNames.map((entry) => {
    const [name, domain] = entry.split("|");
    return company(name!, { type: "Client", website: domain ? `https://www.${domain}` : null });
  });
  if (!seed.bulk) {
    company("Prospect Industries", { type: "Prospect" });
    company("Northbridge Distribution", { type: "Vendor" });
    company("Old Mill Bakery", { type: "Client", status: byName("companyStatuses", "Inactive") });
    company("Removed Holdings", { type: "Client", deleted: true });
  }

  type AgreementShape = { name?: string; cancelled?: boolean; billingCycle?: string; currencyCode?: string };
  const agreement = (c: Rec, typeName: string, shape: AgreementShape = {}) =>
    insert(tenant, "agreements", () => {
      const cancelled = shape.cancelled ?? false;
      const cycle = shape.billingCycle ?? "Monthly";
      const rec: Record<string, unknown> = {
        name: (shape.name ?? `${typeName} - ${String(c.name)}`).slice(0, 100), type: ref("agreementType", byName("agreementTypes", typeName)), company: ref("company", c),
        contact: null, customerPO: null, startDate: "2025-01-01T00:00:00Z", endDate: null, noEndingDateFlag: true, cancelledFlag: cancelled,
        dateCancelled: cancelled ? "2025-06-30T00:00:00Z" : null, reasonCancelled: cancelled ? "Replaced" : null, billingCycle: { id: BILLING_CYCLES[cycle] ?? 1, name: cycle },
        billAmount: 0, currency: currencyRef(shape.currencyCode ?? currencyCode), periodType: "Current", invoiceDescription: null, _info: newInfo(), customFields: [],
      };
      return { ...rec, agreementStatus: agreementStatusOf(rec) };
    });
  const product = (identifier: string) => byName("catalog", identifier, "identifier");
  const products = [...tenant.data.catalog.values()].filter((p) => p.inactiveFlag !== true && p.recurringFlag === true);
  customers.forEach((c, i) => {
    const plan = seed.customerBilling?.[String(c.name)];
    if (plan) {
      const a = agreement(c, "Managed Services", plan.agreement);
      for (const line of plan.additions) addAddition(tenant, a, product(line.product), line.quantity);
    } else {
      const a = agreement(c, "Managed Services");
      addAddition(tenant, a, products[0]!, 100 + i * 25);
      addAddition(tenant, a, products[6]!, 5 + i);
    }
    if (i === 0) agreement(c, "Backup Services", { cancelled: true });
  });
  if (!seed.bulk && (seed.billingFixtures ?? false)) {
    const f = CONNECTWISE_BILLING_FIXTURES;
    const fixtures: [string, AgreementShape][] = [
      [f.cancelled.company, { name: f.cancelled.agreement, cancelled: true }],
      [f.quarterly.company, { name: f.quarterly.agreement, billingCycle: f.quarterly.billingCycle }],
      [f.foreignCurrency.company, { name: f.foreignCurrency.agreement, currencyCode: foreignCurrencyFor(currencyCode) }],
    ];
    for (const [name, shape] of fixtures) {
      const a = agreement(company(name, { type: "Client" }), "Managed Services", shape);
      for (const line of FIXTURE_ADDITIONS) addAddition(tenant, a, product(line.product), line.quantity);
    }
  }
  if (customers[0]) {
    const board = byName("boards", "Help Desk");
    const rec = ticketResource.build!(tenant, { summary: "Printer offline in reception", company: { id: customers[0].id }, board: { id: board.id }, initialDescription: "Reported by phone." }, { id: newId(tenant, "tickets"), parentId: null, existing: null });
    tenant.data.tickets.set(rec.id, rec);
    ticketResource.afterCreate!(tenant, rec, { initialDescription: "Reported by phone." });
  }
}

const SYMBOLS: Record<string, string> = { USD: "$", GBP: "£", EUR: "€", CAD: "$", AUD: "$" };
const CURRENCY_IDS: Record<string, number> = { USD: 1, GBP: 2, EUR: 3, CAD: 4, AUD: 5 };
const CURRENCY_NAMES: Record<string, string> = { USD: "US Dollar", GBP: "Pound Sterling", EUR: "Euro", CAD: "Canadian Dollar", AUD: "Australian Dollar" };

/** Finance > Currencies: the five the agreements' currency references use, under the same ids. */
function seedCurrencies(tenant: Tenant): void {
  for (const [code, id] of Object.entries(CURRENCY_IDS)) {
    tenant.data.currencies.set(id, {
      id, currencyIdentifier: code, name: CURRENCY_NAMES[code] ?? code, symbol: SYMBOLS[code] ?? code, displayIdFlag: false, displaySymbolFlag: true,
      currencyCode: { id, name: code }, thousandsSeparator: ",", decimalSeparator: ".", negativeParenthesesFlag: false, rightAlign: false,
      numberOfDecimals: 2, reportFormat: null, _info: newInfo(),
    });
  }
}

/** An agreement's currency reference (CurrencyReference: id, symbol, currencyCode, name). */
export function currencyRef(code: string): Record<string, unknown> {
  const upper = code.toUpperCase();
  return { id: CURRENCY_IDS[upper] ?? 9, symbol: SYMBOLS[upper] ?? upper, currencyCode: upper, name: upper };
}

export function addAddition(tenant: Tenant, agreement: Rec, product: Rec, quantity: number, invoiceDescription: string | null = null): Rec {
  const unitPrice = Number(product.price);
  const unitCost = Number(product.cost);
  return insert(tenant, "additions", (id) => ({
    product: { ...toRef("product", product), serializedFlag: false }, quantity, lessIncluded: 0, unitPrice, unitCost, billCustomer: "Billable",
    effectiveDate: "2025-01-01T00:00:00Z", cancelledDate: null, taxableFlag: false, serialNumber: null, invoiceDescription,
    purchaseItemFlag: false, specialOrderFlag: false, agreementId: agreement.id, description: product.description, billedQuantity: quantity,
    uom: (product.unitOfMeasure as { name: string }).name, extPrice: Math.round(quantity * unitPrice * 100) / 100,
    extCost: Math.round(quantity * unitCost * 100) / 100, sequenceNumber: id, margin: Math.round(quantity * (unitPrice - unitCost) * 100) / 100,
    prorateCost: null, proratePrice: null, agreementStatus: agreement.agreementStatus, _info: newInfo(), customFields: [],
  }));
}

function populateBulk(tenant: Tenant, bulk: { companies: number; additions: number; perCompanyAgreements?: boolean }): number | undefined {
  const status = [...tenant.data.companyStatuses.values()].find((s) => s.name === "Active")!;
  const client = [...tenant.data.companyTypes.values()].find((t) => t.name === "Client")!;
  let first: Rec | undefined;
  for (let i = 1; i <= bulk.companies; i++) {
    const rec = insert(tenant, "companies", () => ({
      identifier: `Bulk${String(i).padStart(6, "0")}`, name: `Bulk Company ${String(i).padStart(6, "0")}`, status: toRef("companyStatus", status),
      types: [toRef("companyType", client)], phoneNumber: null, faxNumber: null, website: null, addressLine1: null, addressLine2: null, city: null,
      state: null, zip: null, country: null, territory: null, currency: null, deletedFlag: false, dateDeleted: null, deletedBy: null,
      isVendorFlag: false, leadFlag: false, accountNumber: null, _info: newInfo(), customFields: [],
    }));
    first ??= rec;
  }
  if (bulk.additions <= 0) return undefined;
  const owner = first ?? [...tenant.data.companies.values()][0]!;
  const type = [...tenant.data.agreementTypes.values()][0]!;
  if (bulk.perCompanyAgreements) {
    // bench:billing: one monthly agreement per bulk company, the additions spread evenly over them.
    const companies = [...tenant.data.companies.values()].filter((c) => String(c.name).startsWith("Bulk Company "));
    const products = [...tenant.data.catalog.values()].filter((p) => p.inactiveFlag !== true);
    const per = Math.ceil(bulk.additions / companies.length);
    companies.forEach((company, i) => {
      const agreement = insert(tenant, "agreements", () => ({
        name: `Managed Services - ${String(company.name)}`, type: toRef("agreementType", type), company: toRef("company", company), contact: null,
        customerPO: null, startDate: "2025-01-01T00:00:00Z", endDate: null, noEndingDateFlag: true, cancelledFlag: false, dateCancelled: null,
        reasonCancelled: null, billingCycle: { id: 1, name: "Monthly" }, billAmount: 0, currency: null, periodType: "Current", invoiceDescription: null,
        agreementStatus: "Active", _info: newInfo(), customFields: [],
      }));
      for (let k = 0; k < per && i * per + k < bulk.additions; k++) addAddition(tenant, agreement, products[k % products.length]!, 1 + ((i + k) % 40));
    });
    return undefined;
  }
  const agreement = insert(tenant, "agreements", () => ({
    name: "Bench - bulk additions", type: toRef("agreementType", type), company: toRef("company", owner), contact: null, customerPO: null,
    startDate: "2025-01-01T00:00:00Z", endDate: null, noEndingDateFlag: true, cancelledFlag: false, dateCancelled: null, reasonCancelled: null,
    billingCycle: { id: 1, name: "Monthly" }, billAmount: 0, currency: null, periodType: "Current", invoiceDescription: null,
    agreementStatus: "Active", _info: newInfo(), customFields: [],
  }));
  const products = [...tenant.data.catalog.values()].filter((p) => p.inactiveFlag !== true);
  for (let i = 0; i < bulk.additions; i++) addAddition(tenant, agreement, products[i % products.length]!, 1 + (i % 97));
  return agreement.id;
}

function buildTenant(seed: SeedOptions, currencyCode: string): { tenant: Tenant; benchAgreementId?: number } {
  const tenant = emptyTenant(seed);
  populate(tenant, seed, currencyCode);
  const benchAgreementId = seed.bulk ? populateBulk(tenant, seed.bulk) : undefined;
  putTenant(tenant);
  return { tenant, benchAgreementId };
}

const currencies = new Map<string, string>();

/** Seeds (or re-seeds) a tenant and returns what a connector needs to reach it. */
export function seedTenant(input: SeedTenantInput = {}): SeededTenant {
  counter++;
  const customers = (input.customers ?? DEFAULT_CUSTOMERS).map((c) => (typeof c === "string" ? c : c.domain ? `${c.name}|${c.domain}` : c.name));
  const seed: SeedOptions = {
    companyId: input.companyId ?? `cwtest_${counter}_${hex(3)}`,
    companyName: input.companyName ?? "PSA Relay Test MSP",
    codebase: input.codebase ?? "v4_6_release/",
    customerNames: customers,
    publicKey: input.publicKey ?? hex(8),
    privateKey: input.privateKey ?? hex(8),
    restrictedPublicKey: input.restrictedPublicKey ?? hex(8),
    restrictedPrivateKey: input.restrictedPrivateKey ?? hex(8),
    clientIds: input.clientIds === undefined ? null : input.clientIds,
    idBase: input.idBase ?? 100 + ((counter * 37) % 800),
    bulk: input.bulk,
    billingFixtures: input.billingFixtures ?? (input.customers === undefined && !input.bulk),
    customerBilling: input.customerBilling,
  };
  const currencyCode = input.currencyCode ?? "USD";
  currencies.set(seed.companyId.toLowerCase(), currencyCode);
  const { benchAgreementId } = buildTenant(seed, currencyCode);
  return describe(seed, benchAgreementId);
}

/** Restores a tenant to its seeded state (same credentials and ids); null when unknown. */
export function reseedTenant(tenant: Tenant): SeededTenant {
  const { benchAgreementId } = buildTenant(tenant.seed, currencies.get(tenant.companyId.toLowerCase()) ?? "USD");
  return describe(tenant.seed, benchAgreementId);
}

function describe(seed: SeedOptions, benchAgreementId?: number): SeededTenant {
  return {
    companyId: seed.companyId,
    companyName: seed.companyName,
    codebase: seed.codebase,
    publicKey: seed.publicKey,
    privateKey: seed.privateKey,
    restricted: { publicKey: seed.restrictedPublicKey, privateKey: seed.restrictedPrivateKey },
    clientId: seed.clientIds?.[0] ?? randomUUID(),
    benchAgreementId,
  };
}

/** A tenant for `npm run bench:psa`: 20,000 companies and 50,000 additions on one agreement by default. */
export function seedBenchTenant(opts: { companies?: number; additions?: number } = {}): SeededTenant & { benchAgreementId: number } {
  const seeded = seedTenant({ customers: [], bulk: { companies: opts.companies ?? 20_000, additions: opts.additions ?? 50_000 } });
  return { ...seeded, benchAgreementId: seeded.benchAgreementId! };
}
