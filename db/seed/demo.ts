import { and, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";

import type { Db, DbOrTx } from "~/db";
import { accounts, apiKeys, customers, events, partners, usage, users } from "~/db/schema";
import { hashPassword } from "~/server/auth/password";
import { createRng } from "~/server/demo/prng";
import { buildTimeline, type TimelineEvent } from "~/server/demo/timeline";
import { hashApiKey } from "~/server/services/api-keys/keys";

import { seedDemoBilling } from "./demo-billing";
import { CUSTOMER_NAMES, DEMO_PARTNERS, type DemoPartnerSpec } from "./demo-data";
import { buildFleet, buildUsage, type FleetCustomer } from "./demo-fleet";
import { createApiKeyRow } from "./factories";

/**
 * Demo data: two partners (Northwind, Contoso) with users, customers, accounts, a week of events,
 * daily usage and one ingest API key each. Idempotent: a partner whose slug exists is left as it is.
 * Deterministic: the same partner seed gives the same fleet and history (relative to `now`).
 */
export type DemoPartnerResult = {
  id: string;
  slug: string;
  name: string;
  users: DemoPartnerSpec["users"];
  /** The ingest API key, only when it was created by this call (a key is known only at creation). */
  apiKey: string | null;
  seeded: boolean;
};

const CHUNK = 1000;
const DAY = 86_400_000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

function dayInZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

type Latest = { at: Date; severity: TimelineEvent["severity"]; type: string };
function latestOf(list: TimelineEvent[]): Latest | null {
  const last = list[list.length - 1];
  return last ? { at: last.occurredAt, severity: last.severity, type: last.type } : null;
}

async function seedPartner(tx: DbOrTx, spec: DemoPartnerSpec, names: typeof CUSTOMER_NAMES, now: Date) {
  const rng = createRng(spec.seed);
  const fleet: FleetCustomer[] = buildFleet(rng, spec, names);
  const flat = fleet.flatMap((c, ci) => c.accounts.map((a) => ({ ...a, customer: ci })));
  const { events: timeline } = buildTimeline(rng, flat, new Date(now.getTime() - 7 * DAY), now);

  const [partner] = await tx.insert(partners).values({ name: spec.name, slug: spec.slug, timeZone: spec.timeZone }).returning();
  const partnerId = partner!.id;
  const created: Record<string, string> = {};
  for (const u of spec.users) {
    const [row] = await tx
      .insert(users)
      .values({ partnerId, email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) })
      .returning({ id: users.id });
    created[u.role] = row!.id;
  }

  const byAccount = new Map<number, TimelineEvent[]>();
  for (const e of timeline) {
    const list = byAccount.get(e.account) ?? [];
    list.push(e);
    byAccount.set(e.account, list);
  }
  const customerLatest = fleet.map((_, ci) =>
    flat
      .map((a, i) => (a.customer === ci ? latestOf(byAccount.get(i) ?? []) : null))
      .reduce<Latest | null>((best, l) => (l && (!best || l.at > best.at) ? l : best), null),
  );

  const customerRows = await tx
    .insert(customers)
    .values(
      fleet.map((c, ci) => ({
        partnerId,
        vendorCustomerId: c.vendorCustomerId,
        name: c.name,
        domain: c.domain,
        lastEventAt: customerLatest[ci]?.at ?? null,
        lastEventSeverity: customerLatest[ci]?.severity ?? null,
        lastEventType: customerLatest[ci]?.type ?? null,
      })),
    )
    .returning({ id: customers.id, vendorCustomerId: customers.vendorCustomerId });
  const customerIds = new Map(customerRows.map((r) => [r.vendorCustomerId, r.id]));
  const customerIdOf = (ci: number) => customerIds.get(fleet[ci]!.vendorCustomerId)!;

  const accountIds: string[] = [];
  for (let i = 0; i < flat.length; i += CHUNK) {
    const rows = await tx
      .insert(accounts)
      .values(
        flat.slice(i, i + CHUNK).map((a, j) => {
          const latest = latestOf(byAccount.get(i + j) ?? []);
          return {
            partnerId,
            customerId: customerIdOf(a.customer),
            accountNumber: a.accountNumber,
            name: a.name,
            kind: a.kind,
            lastEventAt: latest?.at ?? null,
            lastEventSeverity: latest?.severity ?? null,
            lastEventType: latest?.type ?? null,
          };
        }),
      )
      .returning({ id: accounts.id });
    accountIds.push(...rows.map((r) => r.id));
  }

  await insertChunked(
    timeline.map((e, n) => {
      const receivedAt = new Date(e.occurredAt.getTime() + 2_000 + (n % 25) * 1_000);
      return {
        partnerId,
        vendorEventId: `${spec.slug}-seed-${String(n + 1).padStart(6, "0")}`,
        customerId: customerIdOf(flat[e.account]!.customer),
        accountId: accountIds[e.account]!,
        type: e.type,
        severity: e.severity,
        occurredAt: e.occurredAt,
        receivedAt,
        message: e.message,
        details: e.details,
        status: "processed" as const,
        processedAt: new Date(receivedAt.getTime() + 800),
      };
    }),
    (chunk) => tx.insert(events).values(chunk),
  );

  const periods = Array.from({ length: 7 }, (_, d) => dayInZone(new Date(now.getTime() - (6 - d) * DAY), spec.timeZone));
  const firstAccountOf = fleet.map((_, ci) => flat.findIndex((a) => a.customer === ci));
  await insertChunked(
    buildUsage(rng, fleet, periods).map((u) => ({
      partnerId,
      customerId: customerIdOf(u.customer),
      accountId: u.account === null ? null : accountIds[firstAccountOf[u.customer]! + u.account]!,
      itemCode: u.itemCode,
      quantity: u.quantity,
      period: u.period,
    })),
    (chunk) => tx.insert(usage).values(chunk),
  );

  const key = await createApiKeyRow(tx, { partnerId, name: "Demo vendor platform", createdByUserId: created.admin });
  return { id: partnerId, apiKey: key.key };
}

export async function seedDemo(db: Db, opts: { now?: Date } = {}): Promise<DemoPartnerResult[]> {
  const now = opts.now ?? new Date();
  const results: DemoPartnerResult[] = [];
  let nameOffset = 0;
  for (const spec of DEMO_PARTNERS) {
    const names = CUSTOMER_NAMES.slice(nameOffset, nameOffset + spec.customers);
    nameOffset += spec.customers;
    const [existing] = await db.select({ id: partners.id }).from(partners).where(eq(partners.slug, spec.slug));
    const base = { slug: spec.slug, name: spec.name, users: spec.users };
    if (existing) {
      results.push({ ...base, id: existing.id, apiKey: null, seeded: false });
      continue;
    }
    const { id, apiKey } = await db.transaction((tx) => seedPartner(tx, spec, names, now));
    results.push({ ...base, id, apiKey, seeded: true });
  }
  // Billing settings, item mappings and today's usage against the sandbox tenants (once per partner).
  await seedDemoBilling(db, results, { now });
  return results;
}

/**
 * Returns a usable ingest key for a demo partner: `known` when it is still an active key of that
 * partner, otherwise a new key (the old one cannot be recovered: only its hash is stored).
 */
export async function ensureDemoApiKey(db: DbOrTx, partnerId: string, known: string | null | undefined): Promise<string> {
  if (known) {
    const [row] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.partnerId, partnerId), eq(apiKeys.keyHash, hashApiKey(known)), isNull(apiKeys.revokedAt)));
    if (row) return known;
  }
  const created = await createApiKeyRow(db, { partnerId, name: "Demo vendor platform" });
  return created.key;
}

/**
 * The accounts of the demo partners as the fleet simulator addresses them through the ingest API,
 * each with its latest per-account usage row (so the simulator continues the right billable item).
 */
export async function demoAccounts(db: DbOrTx, partnerIds: string[]) {
  if (partnerIds.length === 0) return [];
  const rows = await db
    .select({
      id: accounts.id,
      partnerId: accounts.partnerId,
      accountNumber: accounts.accountNumber,
      kind: accounts.kind,
      name: accounts.name,
      vendorCustomerId: customers.vendorCustomerId,
    })
    .from(accounts)
    .innerJoin(customers, eq(customers.id, accounts.customerId))
    .where(inArray(accounts.partnerId, partnerIds))
    .orderBy(accounts.partnerId, accounts.accountNumber);
  const latestUsage = await db
    .selectDistinctOn([usage.accountId], { accountId: usage.accountId, item: usage.itemCode, quantity: usage.quantity })
    .from(usage)
    .where(and(inArray(usage.partnerId, partnerIds), isNotNull(usage.accountId)))
    .orderBy(usage.accountId, desc(usage.period));
  const usageByAccount = new Map(latestUsage.map((u) => [u.accountId, { item: u.item, quantity: Number(u.quantity) }]));
  return rows.map(({ id, ...row }) => ({ ...row, usage: usageByAccount.get(id) ?? null }));
}
