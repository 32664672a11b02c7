import { type FaultConfig, noFaults } from "../common/faults";
import { RequestLog } from "../common/request-log";

import type { CustomerBillingPlan } from "./seed-data";

/**
 * In-memory state of the ConnectWise sandbox: one entry per PSA tenant (a ConnectWise "company id"
 * with its own API members, codebase, records and per-tenant ids). Kept on globalThis so every module
 * instance (Next.js route bundles, tests, benchmarks) shares it.
 */
export type Rec = Record<string, unknown> & { id: number };

export const COLLECTIONS = [
  "boards",
  "boardStatuses",
  "boardTypes",
  "priorities",
  "companyTypes",
  "companyStatuses",
  "companies",
  "agreementTypes",
  "agreements",
  "additions",
  "catalog",
  "tickets",
  "notes",
  "ticketConfigurations",
  "configurationTypes",
  "configurationQuestions",
  "configurationQuestionValues",
  "configurationStatuses",
  "configurations",
  "userDefinedFields",
  "currencies",
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

export type ApiMember = {
  identifier: string;
  publicKey: string;
  privateKey: string;
  /** API route prefixes (e.g. "company/companies") this member's security role does not allow. */
  denied: string[];
};

export type SeedOptions = {
  companyId: string;
  companyName: string;
  codebase: string;
  customerNames: string[];
  publicKey: string;
  privateKey: string;
  restrictedPublicKey: string;
  restrictedPrivateKey: string;
  /** Accepted clientId values; null accepts any GUID. */
  clientIds: string[] | null;
  /** First id of every collection (ids differ per tenant, like a real PSA's). */
  idBase: number;
  bulk?: { companies: number; additions: number; perCompanyAgreements?: boolean };
  /** The misconfigured billing agreements of billing-fixtures.ts. */
  billingFixtures?: boolean;
  /** By customer name: that customer's agreement and additions, instead of the default ones. */
  customerBilling?: Record<string, CustomerBillingPlan>;
};

export type Tenant = {
  companyId: string;
  companyName: string;
  codebase: string;
  versionCode: string;
  versionNumber: string;
  isCloud: boolean;
  serverTimeZone: string;
  members: ApiMember[];
  clientIds: string[] | null;
  data: Record<CollectionName, Map<number, Rec>>;
  nextId: Record<CollectionName, number>;
  faults: FaultConfig;
  log: RequestLog;
  inFlight: number;
  peakInFlight: number;
  seed: SeedOptions;
  /** Bumped on every write; list results are cached per query until it changes. */
  version: number;
  listCache: Map<string, { version: number; rows: Rec[] }>;
};

type Store = { tenants: Map<string, Tenant> };

const holder = globalThis as unknown as { __psaRelayConnectWiseSandbox?: Store };

export function store(): Store {
  holder.__psaRelayConnectWiseSandbox ??= { tenants: new Map() };
  return holder.__psaRelayConnectWiseSandbox;
}

export function findTenant(companyId: string): Tenant | undefined {
  return store().tenants.get(companyId.trim().toLowerCase());
}

export function putTenant(tenant: Tenant): void {
  store().tenants.set(tenant.companyId.toLowerCase(), tenant);
}

export function removeTenant(companyId: string): boolean {
  return store().tenants.delete(companyId.trim().toLowerCase());
}

export function emptyTenant(seed: SeedOptions): Tenant {
  const data = {} as Record<CollectionName, Map<number, Rec>>;
  const nextId = {} as Record<CollectionName, number>;
  COLLECTIONS.forEach((name, index) => {
    data[name] = new Map();
    // Collections and tenants start at different offsets, so a test cannot pass by confusing a
    // board id with a status id, or one tenant's ids with another's.
    nextId[name] = seed.idBase + index * 1000;
  });
  return {
    companyId: seed.companyId,
    companyName: seed.companyName,
    codebase: seed.codebase,
    versionCode: "v2025.8",
    versionNumber: "v4.6.2025.8",
    isCloud: true,
    serverTimeZone: "Eastern Standard Time",
    members: [
      { identifier: "psarelay", publicKey: seed.publicKey, privateKey: seed.privateKey, denied: [] },
      {
        identifier: "restricted",
        publicKey: seed.restrictedPublicKey,
        privateKey: seed.restrictedPrivateKey,
        denied: ["company/companies"],
      },
    ],
    clientIds: seed.clientIds,
    data,
    nextId,
    faults: noFaults(),
    log: new RequestLog(10_000),
    inFlight: 0,
    peakInFlight: 0,
    seed,
    version: 0,
    listCache: new Map(),
  };
}

export function newId(tenant: Tenant, collection: CollectionName): number {
  const id = tenant.nextId[collection];
  tenant.nextId[collection] = id + 1;
  return id;
}

/** UTC timestamp the way ConnectWise writes them: no milliseconds, trailing Z. */
export function cwNow(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
