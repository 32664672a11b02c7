/**
 * npm run bench:billing — 500 customers × 5 mapped items on one sandbox tenant per PSA, served over
 * HTTP, synced through the real connector and the real sync engine against a real database.
 * 10% of the quantities differ from what the PSA holds. Prints, per PSA: PSA read calls per entity
 * beside the paging floor (for each entity read, ceil(rows / page limit)), write calls beside the
 * number of changed quantities, a second (no-op) sync's writes, the total against the connector's
 * hourly budget, and wall times. The last line is one JSON object with the figures.
 */

import { billingItemMappings, billingSettings, customerMappings, usage } from "~/db/schema";
import { createAccount, createCustomer, createPartner, createUser } from "~/db/seed/factories";
import type { DbOrTx } from "~/db";
import { AutotaskConnector } from "~/server/psa/autotask";
import { ConnectWiseConnector } from "~/server/psa/connectwise";
import type { PsaConnector, PsaProvider } from "~/server/psa/types";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { handleConnectWiseSandbox, seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import { createRun } from "~/server/services/billing/runs";
import { executeRun } from "~/server/services/billing/sync";
import { storeConnection } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

// The sandboxes answer over http on 127.0.0.1: test mode allows PSA URLs without https (server/psa/url-policy.ts).
process.env.PSA_RELAY_MODE ??= "test";

const CUSTOMERS = 500;
const ITEMS_PER_CUSTOMER = 5;
const CHANGE_RATE = 0.1;
/** The connector's hourly budget (Autotask's 10,000 requests per hour less a 10% margin). */
const HOURLY_BUDGET = 9_000;
const ITEM_CODES = ["online_backup_gb_standard", "local_backup_servers", "local_backup_non_servers", "email_archiving_mailboxes", "email_security_mailboxes"];

type Req = { method: string; path: string; status: number | string };

function entityOf(provider: PsaProvider, r: Req): string {
  if (provider === "autotask") {
    const m = /\/V1\.0\/([A-Za-z]+)(?:\/(\d+)\/([A-Za-z]+))?/.exec(r.path);
    if (!m) return r.path;
    return m[3] ? `${m[1]}/{id}/${m[3]}` : m[1]!;
  }
  return r.path
    .replace(/^.*\/apis\/3\.0/, "")
    .replace(/\?.*$/, "")
    .replace(/\/\d+/g, "/{id}");
}

const isWrite = (provider: PsaProvider, r: Req) => (provider === "autotask" ? r.method !== "GET" && !/\/query/.test(r.path) : r.method !== "GET");

type Figures = {
  provider: PsaProvider;
  customers: number;
  items: number;
  changedQuantities: number;
  reads: number;
  readFloor: number;
  readsByEntity: Record<string, { calls: number; floor: number }>;
  writes: number;
  noopWrites: number;
  noopReads: number;
  totalRequests: number;
  hourlyBudget: number;
  syncMs: number;
  noopSyncMs: number;
};

async function seedPartnerFor(db: DbOrTx, provider: PsaProvider, connection: { settings: Record<string, string>; secrets: Record<string, string> }, psa: PsaConnector) {
  const partner = await createPartner(db);
  const admin = await createUser(db, { partnerId: partner.id, role: "admin", name: "Bench Admin" });
  await storeConnection(db, { partnerId: partner.id, userId: null }, { provider, ...connection, accountInfo: null });
  // Set-up reads (not measured): companies, their contracts and what the contracts hold today.
  const companies = (await psa.listCompanies()).filter((c) => /^Bulk (Customer|Company) /.test(c.name)).slice(0, CUSTOMERS);
  const contracts = await psa.listContracts(companies.map((c) => c.id));
  const contractOf = new Map(contracts.filter((c) => c.status === "active").map((c) => [c.companyId, c]));
  const held = await psa.listContractServices([...contractOf.values()].map((c) => c.id));
  const serviceIds = [...new Set(held.map((h) => h.serviceId))].slice(0, ITEMS_PER_CUSTOMER);
  if (serviceIds.length < ITEMS_PER_CUSTOMER) throw new Error(`The bench tenant carries only ${serviceIds.length} services per contract.`);
  const services = await psa.listServices();
  await db.insert(billingSettings).values({ partnerId: partner.id, enabled: true, writeMode: "automatic", currencyCode: "USD" });
  for (const [i, code] of ITEM_CODES.entries()) {
    const s = services.find((x) => x.id === serviceIds[i])!;
    await db.insert(billingItemMappings).values({ partnerId: partner.id, itemCode: code, psaServiceId: s.id, psaServiceName: s.name, unitPrice: s.unitPrice ?? null });
  }
  const today = new Date().toISOString().slice(0, 10);
  let changed = 0;
  let n = 0;
  const usageRows: (typeof usage.$inferInsert)[] = [];
  for (const company of companies) {
    const contract = contractOf.get(company.id);
    if (!contract) continue;
    const customer = await createCustomer(db, { partnerId: partner.id, name: company.name });
    const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id });
    await db.insert(customerMappings).values({ partnerId: partner.id, customerId: customer.id, psaCompanyId: company.id, psaCompanyName: company.name, psaContractId: contract.id, psaContractName: contract.name });
    for (const [i, code] of ITEM_CODES.entries()) {
      const current = held.find((h) => h.contractId === contract.id && h.serviceId === serviceIds[i])?.quantity ?? 0;
      // Every tenth quantity changes (deterministic, 10% of all).
      const change = n++ % Math.round(1 / CHANGE_RATE) === 0;
      const quantity = change ? Math.max(0, current + (n % 3 === 0 ? -1 : 1 + (n % 4))) : current;
      if (quantity !== current) changed++;
      usageRows.push({ partnerId: partner.id, customerId: customer.id, accountId: account.id, itemCode: code, quantity, period: today });
    }
  }
  for (let i = 0; i < usageRows.length; i += 1000) await db.insert(usage).values(usageRows.slice(i, i + 1000));
  return { partnerId: partner.id, adminId: admin.id, customers: contractOf.size, changed, rowsPerEntity: { contracts: contractOf.size, contractServices: held.length } };
}

async function bench(provider: PsaProvider): Promise<Figures> {
  const handle = await createTestDatabase();
  const server = await serveFetchHandler(provider === "autotask" ? handleAutotaskSandbox : handleConnectWiseSandbox);
  try {
    const requests: Req[] = [];
    let connection: { settings: Record<string, string>; secrets: Record<string, string> };
    let setupConnector: PsaConnector;
    if (provider === "autotask") {
      const seeded = seedAutotaskTenant({ bulk: { companies: CUSTOMERS, contractServices: CUSTOMERS * ITEMS_PER_CUSTOMER } });
      const zoneDiscoveryUrl = autotaskZoneDiscoveryUrl(server.url);
      connection = { settings: { username: seeded.credentials.username, integrationCode: seeded.credentials.integrationCode, zoneDiscoveryUrl }, secrets: { secret: seeded.credentials.secret } };
      setupConnector = new AutotaskConnector({ ...seeded.credentials, zoneDiscoveryUrl }, { connectionKey: "bench-billing-setup", timeoutMs: 60_000 });
    } else {
      const seeded = seedConnectWiseTenant({ customers: [], bulk: { companies: CUSTOMERS, additions: CUSTOMERS * ITEMS_PER_CUSTOMER, perCompanyAgreements: true } });
      const creds = { siteUrl: `${server.url}/sandbox/connectwise`, companyId: seeded.companyId, publicKey: seeded.publicKey, privateKey: seeded.privateKey, clientId: seeded.clientId };
      connection = { settings: { siteUrl: creds.siteUrl, companyId: creds.companyId, publicKey: creds.publicKey, clientId: creds.clientId }, secrets: { privateKey: creds.privateKey } };
      setupConnector = new ConnectWiseConnector(creds, { connectionKey: "bench-billing-setup", timeoutMs: 60_000 });
    }
    const setup = await seedPartnerFor(handle.db, provider, connection, setupConnector);
    const { connectorForPartner } = await import("~/server/services/psa-connections/service");
    const deps = {
      connectorFor: (db: DbOrTx, partnerId: string) =>
        connectorForPartner(db, partnerId, { connectionKey: `bench-billing-${provider}`, timeoutMs: 60_000, onRequest: (e) => requests.push(e) }),
    };
    // Warm the connector's metadata cache (Autotask picklists, ConnectWise codebase) outside the figures: a
    // long-running portal holds them already.
    const warm = await deps.connectorFor(handle.db, setup.partnerId);
    await warm!.testConnection();
    requests.length = 0;

    const sync = async () => {
      const run = await createRun(handle.db, { partnerId: setup.partnerId, userId: setup.adminId, customerIds: null, trigger: "manual", force: true, customers: setup.customers });
      const t0 = performance.now();
      const result = await executeRun(handle.db, { partnerId: setup.partnerId, runId: run.id }, deps);
      if (result.status !== "completed" || result.stats.failed > 0) throw new Error(`The sync did not complete cleanly: ${JSON.stringify(result)}`);
      return Math.round(performance.now() - t0);
    };
    const syncMs = await sync();
    const first = [...requests];
    requests.length = 0;
    const noopSyncMs = await sync();
    const second = [...requests];

    const page = provider === "autotask" ? 500 : 1000;
    const rows: Record<string, number> =
      provider === "autotask"
        ? { Contracts: setup.customers, Companies: setup.customers, Currencies: 1, ContractServices: setup.rowsPerEntity.contractServices, ContractServiceUnits: setup.rowsPerEntity.contractServices, ContractServiceBundles: 0 }
        : { "/finance/agreements": setup.customers, "/finance/agreements/{id}/additions": 0 };
    const readsByEntity: Record<string, { calls: number; floor: number }> = {};
    for (const r of first.filter((x) => !isWrite(provider, x))) {
      const entity = entityOf(provider, r);
      readsByEntity[entity] ??= { calls: 0, floor: 0 };
      readsByEntity[entity].calls++;
    }
    for (const [entity, v] of Object.entries(readsByEntity)) {
      if (provider === "connectwise" && entity === "/finance/agreements/{id}/additions") {
        // Additions are read per agreement (the API has no cross-agreement list): the floor is one page per agreement.
        v.floor = setup.customers * Math.max(1, Math.ceil(ITEMS_PER_CUSTOMER / page));
      } else {
        v.floor = Math.max(1, Math.ceil((rows[entity] ?? 1) / page));
      }
    }
    const reads = Object.values(readsByEntity).reduce((a, v) => a + v.calls, 0);
    const readFloor = Object.values(readsByEntity).reduce((a, v) => a + v.floor, 0);
    return {
      provider,
      customers: setup.customers,
      items: setup.customers * ITEMS_PER_CUSTOMER,
      changedQuantities: setup.changed,
      reads,
      readFloor,
      readsByEntity,
      writes: first.filter((x) => isWrite(provider, x)).length,
      noopWrites: second.filter((x) => isWrite(provider, x)).length,
      noopReads: second.filter((x) => !isWrite(provider, x)).length,
      totalRequests: first.length + second.length,
      hourlyBudget: HOURLY_BUDGET,
      syncMs,
      noopSyncMs,
    };
  } finally {
    await server.close();
    await handle.close();
  }
}

async function main() {
  const results: Figures[] = [];
  for (const provider of ["autotask", "connectwise"] as const) {
    const f = await bench(provider);
    results.push(f);
    console.log(`\n${provider}: ${f.customers} customers × ${ITEMS_PER_CUSTOMER} items = ${f.items} quantities, ${f.changedQuantities} changed`);
    for (const [entity, v] of Object.entries(f.readsByEntity)) console.log(`  read  ${entity.padEnd(40)} ${String(v.calls).padStart(5)} calls (floor ${v.floor})`);
    console.log(`  reads total ${f.reads} (floor ${f.readFloor}); writes ${f.writes} (changed quantities ${f.changedQuantities})`);
    console.log(`  no-op sync: ${f.noopWrites} writes, ${f.noopReads} reads; both syncs ${f.totalRequests} requests (hourly budget ${f.hourlyBudget})`);
    console.log(`  wall time: sync ${(f.syncMs / 1000).toFixed(1)} s, no-op sync ${(f.noopSyncMs / 1000).toFixed(1)} s`);
  }
  const ok = results.every((f) => f.writes === f.changedQuantities && f.noopWrites === 0 && f.reads - f.readFloor <= 5 && f.totalRequests <= f.hourlyBudget);
  console.log(`\ntargets ${ok ? "met" : "NOT met"}: writes = changed quantities, reads within 5 of the floor, no-op sync 0 writes, within the hourly budget`);
  console.log(JSON.stringify({ bench: "billing", ok, results }));
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
