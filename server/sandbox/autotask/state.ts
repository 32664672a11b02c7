import { type FaultConfig, noFaults } from "../common/faults";
import { RequestLog } from "../common/request-log";

import { type EntityName, ENTITIES } from "./entities";

/**
 * In-memory state of the Autotask sandbox: tenants (one Autotask database each) with their API
 * users, per-tenant picklists and UDF definitions, entity tables, request log and faults. Kept on
 * globalThis so every module instance (Next.js route bundles, tests, benchmarks) shares one store.
 */
export type Row = Record<string, unknown> & { id: number };

/** One table per entity; rows stay sorted by id (ids only grow), so paging is a binary search. */
export class Table {
  readonly rows: Row[] = [];
  private readonly byId = new Map<number, Row>();

  constructor(public nextId: number) {}

  get size(): number {
    return this.rows.length;
  }

  get(id: number): Row | undefined {
    return this.byId.get(id);
  }

  insert(values: Record<string, unknown>, id = this.nextId): Row {
    if (this.rows.length > 0 && id <= this.rows[this.rows.length - 1]!.id) {
      throw new Error(`Table ids must grow (got ${id})`);
    }
    const row = { ...values, id } as Row;
    this.rows.push(row);
    this.byId.set(id, row);
    this.nextId = Math.max(this.nextId, id + 1);
    return row;
  }

  delete(id: number): boolean {
    const row = this.byId.get(id);
    if (!row) return false;
    this.byId.delete(id);
    this.rows.splice(this.startAfter(id) - 1, 1);
    return true;
  }

  /** Index of the first row whose id is greater than `after`. */
  startAfter(after: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows[mid]!.id <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export type PicklistValue = {
  value: string;
  label: string;
  isDefaultValue: boolean;
  sortOrder: number;
  parentValue: string | null;
  isActive: boolean;
  isSystem: boolean;
};

export type UdfDefinition = {
  name: string;
  label: string;
  /** Autotask UDF data types as the API names them. */
  type: "string" | "number" | "date" | "list";
  isRequired: boolean;
  length: number;
  picklistValues: PicklistValue[];
};

/**
 * An API-only user. `companiesAccess` models a security level: "all"; "none" = silently empty
 * Companies results and userAccessForQuery "None" (what the vendor documents for restricted users);
 * "forbidden" = HTTP 403 on Companies routes (the swagger also declares 403).
 */
export type ApiUser = {
  username: string;
  secret: string;
  integrationCode: string;
  resourceId: number;
  companiesAccess: "all" | "none" | "forbidden";
};

export type Resource = { id: number; firstName: string; lastName: string; roleIds: number[] };

export type StoredQuery = { entity: EntityName; model: unknown; username: string };

export type Tenant = {
  id: string;
  name: string;
  ci: number;
  /** Zone number; 1 is served at /sandbox/autotask/atservicesrest/, N at /sandbox/autotask/webservicesN/atservicesrest/. */
  zone: number;
  users: ApiUser[];
  resources: Resource[];
  picklists: Partial<Record<EntityName, Record<string, PicklistValue[]>>>;
  udfs: Partial<Record<EntityName, UdfDefinition[]>>;
  tables: Record<EntityName, Table>;
  faults: FaultConfig;
  log: RequestLog;
  /** Requests allowed per rolling hour (ThresholdInformation externalRequestThreshold). */
  requestThreshold: number;
  requestTimes: number[];
  /** Requests in flight per integration code × endpoint, and the highest seen. */
  inFlight: Map<string, number>;
  peakInFlight: Map<string, number>;
  /** Queries kept for nextPageUrl (most recent 500). */
  pagedQueries: Map<string, StoredQuery>;
  /** What the tenant was seeded with, so reset can rebuild it. */
  seedOptions: unknown;
};

type Store = {
  tenants: Map<string, Tenant>;
  /** lower-case username → tenant id */
  usernames: Map<string, string>;
  /** Requests no tenant could be found for (unknown user, bad route). */
  unknownLog: RequestLog;
  sequence: number;
};

const holder = globalThis as unknown as { __psaRelayAutotaskSandbox?: Store };

export function store(): Store {
  holder.__psaRelayAutotaskSandbox ??= {
    tenants: new Map(),
    usernames: new Map(),
    unknownLog: new RequestLog(),
    sequence: 0,
  };
  return holder.__psaRelayAutotaskSandbox;
}

export function emptyTables(firstIds: Partial<Record<EntityName, number>> = {}): Record<EntityName, Table> {
  const names = Object.keys(ENTITIES) as EntityName[];
  return Object.fromEntries(names.map((n) => [n, new Table(firstIds[n] ?? 1)])) as Record<EntityName, Table>;
}

export function newTenantRuntime(): Pick<
  Tenant,
  "faults" | "log" | "requestTimes" | "inFlight" | "peakInFlight" | "pagedQueries"
> {
  return {
    faults: noFaults(),
    log: new RequestLog(),
    requestTimes: [],
    inFlight: new Map(),
    peakInFlight: new Map(),
    pagedQueries: new Map(),
  };
}

export function registerTenant(tenant: Tenant): void {
  const s = store();
  for (const user of tenant.users) {
    const owner = s.usernames.get(user.username.toLowerCase());
    if (owner && owner !== tenant.id) throw new Error(`Sandbox username ${user.username} already belongs to another tenant`);
  }
  const previous = s.tenants.get(tenant.id);
  if (previous) for (const u of previous.users) s.usernames.delete(u.username.toLowerCase());
  s.tenants.set(tenant.id, tenant);
  for (const user of tenant.users) s.usernames.set(user.username.toLowerCase(), tenant.id);
}

export function removeTenant(id: string): boolean {
  const s = store();
  const tenant = s.tenants.get(id);
  if (!tenant) return false;
  for (const u of tenant.users) s.usernames.delete(u.username.toLowerCase());
  s.tenants.delete(id);
  return true;
}

export function tenantByUsername(username: string): { tenant: Tenant; user: ApiUser } | undefined {
  const s = store();
  const id = s.usernames.get(username.trim().toLowerCase());
  const tenant = id ? s.tenants.get(id) : undefined;
  const user = tenant?.users.find((u) => u.username.toLowerCase() === username.trim().toLowerCase());
  return tenant && user ? { tenant, user } : undefined;
}

export function getTenant(id: string): Tenant | undefined {
  return store().tenants.get(id);
}
