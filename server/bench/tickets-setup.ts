import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

import { sql } from "drizzle-orm";
import postgres from "postgres";

import { migrateDb, openDb } from "~/db";
import { createAccount, createApiKeyRow, createCustomer, createPartner } from "~/db/seed/factories";
import { createConnector } from "~/server/psa/factory";
import { sandboxAdminToken } from "~/server/sandbox/common/admin-access";
import { autotaskZoneDiscoveryUrl } from "~/server/sandbox/autotask";
import { configurePartnerTicketing } from "~/server/services/demo/configure-ticketing";
import { storeConnection } from "~/server/services/psa-connections/service";

/**
 * Set-up of `npm run bench:tickets`: the fresh database, the partner (customers, accounts, ingest
 * key), the Autotask sandbox tenant on the running portal (seeded and slowed down through its
 * _admin endpoints over HTTP), the partner's connection and its ticketing configuration.
 */
export const SERVER = "postgres://postgres@127.0.0.1:5432";

export async function freshDatabase(name: string): Promise<string> {
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = `${SERVER}/${name}`;
  const handle = await openDb({ url, poolSize: 2 });
  try {
    await migrateDb(handle);
  } finally {
    await handle.close();
  }
  return url;
}

export type BenchPartner = { partnerId: string; key: string; customerNames: string[]; accountNumbers: string[] };

export async function seedPartner(dbUrl: string, customers: number, accountsPerCustomer: number): Promise<BenchPartner> {
  const handle = await openDb({ url: dbUrl, poolSize: 2 });
  try {
    const partner = await createPartner(handle.db, { name: "Bench Tickets MSP", slug: `bench-tickets-${randomUUID().slice(0, 8)}` });
    const customerNames: string[] = [];
    const accountNumbers: string[] = [];
    for (let c = 0; c < customers; c++) {
      const name = `Bench Customer ${String(c + 1).padStart(3, "0")}`;
      const customer = await createCustomer(handle.db, { partnerId: partner.id, vendorCustomerId: `BT-C-${c}`, name });
      customerNames.push(name);
      for (let a = 0; a < accountsPerCustomer; a++) {
        const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, accountNumber: `BT-A-${c}-${a}` });
        accountNumbers.push(account.accountNumber);
      }
    }
    const { key } = await createApiKeyRow(handle.db, { partnerId: partner.id, name: "bench" });
    await handle.db.execute(sql`analyze`);
    return { partnerId: partner.id, key, customerNames, accountNumbers };
  } finally {
    await handle.close();
  }
}

async function admin(url: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/sandbox/autotask/_admin/${route}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${sandboxAdminToken()}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} _admin/${route} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

export const sandboxAdmin = {
  seedTenant: (url: string, body: { tenantId: string; name: string; customerNames: string[] }) =>
    admin(url, "POST", "tenants", body) as Promise<{ tenantId: string; credentials: { username: string; secret: string; integrationCode: string } }>,
  setLatency: (url: string, tenantId: string, latencyMs: number) => admin(url, "PUT", `tenants/${tenantId}/faults`, { latencyMs }),
  view: (url: string, tenantId: string) =>
    admin(url, "GET", `tenants/${tenantId}/view`) as Promise<{ tenant: { counts: { tickets: number } }; tickets: { externalId: string | null; status: string | null }[] }>,
};

/** Connects the partner to the tenant (sealed with this process's SECRETS_KEY, shared with the server) and configures ticketing. */
export async function connectAndConfigure(dbUrl: string, serverUrl: string, partnerId: string, credentials: { username: string; secret: string; integrationCode: string }) {
  const handle = await openDb({ url: dbUrl, poolSize: 2 });
  try {
    const zoneDiscoveryUrl = autotaskZoneDiscoveryUrl(serverUrl);
    await storeConnection(
      handle.db,
      { partnerId, userId: null },
      {
        provider: "autotask",
        settings: { username: credentials.username, integrationCode: credentials.integrationCode, zoneDiscoveryUrl },
        secrets: { secret: credentials.secret },
        accountInfo: null,
      },
    );
    const connector = createConnector({ provider: "autotask", credentials: { ...credentials, zoneDiscoveryUrl } }, { connectionKey: "bench-setup", timeoutMs: 30_000 });
    const result = await configurePartnerTicketing(handle.db, { id: partnerId, slug: "bench", name: "Bench Tickets MSP" }, connector);
    if (result.status !== "configured") throw new Error(`ticketing not configured: ${result.message}`);
    return result;
  } finally {
    await handle.close();
  }
}

/** Newest modification time (ms) of the sources a build depends on. */
export function newestSourceMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|css|json|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "server", "db", "inngest", "components"]) walk(path.join(root, dir));
  for (const file of ["package.json", "next.config.ts"]) {
    try {
      newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
    } catch {
      // optional
    }
  }
  return newest;
}
