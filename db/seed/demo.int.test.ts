import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiKeys, events, partners } from "~/db/schema";
import { checkCredentials } from "~/server/auth/credentials";
import { hashApiKey } from "~/server/services/api-keys/keys";
import { createTestDatabase } from "~/server/testing/test-db";

import { demoAccounts, type DemoPartnerResult, ensureDemoApiKey, seedDemo } from "./demo";
import { DEMO_PARTNERS } from "./demo-data";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let first: DemoPartnerResult[];
const now = new Date("2026-03-08T12:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
  first = await seedDemo(handle.db, { now });
}, 120_000);
afterAll(async () => {
  await handle?.close();
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await handle.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

async function countsBySlug(table: "customers" | "accounts" | "events" | "usage") {
  const list = await rows<{ slug: string; n: number }>(
    sql`select p.slug, count(*)::int as n from ${sql.identifier(table)} x join partners p on p.id = x.partner_id group by p.slug`,
  );
  return Object.fromEntries(list.map((r) => [r.slug, Number(r.n)]));
}

describe("seedDemo", () => {
  it("seeds both partners with customers, accounts, a week of processed events and usage", async () => {
    expect(first.map((p) => [p.slug, p.seeded])).toEqual([
      ["northwind", true],
      ["contoso", true],
    ]);
    expect(await countsBySlug("customers")).toEqual({ northwind: 50, contoso: 15 });
    expect(await countsBySlug("accounts")).toEqual({ northwind: 500, contoso: 100 });
    const eventCounts = await countsBySlug("events");
    expect(eventCounts.northwind).toBeGreaterThan(8_000);
    expect(eventCounts.contoso).toBeGreaterThan(1_000);
    const usage = await countsBySlug("usage");
    expect(usage.northwind).toBeGreaterThan(1_000);
    expect(usage.contoso).toBeGreaterThan(100);

    const [notProcessed] = await rows<{ n: number }>(sql`select count(*)::int as n from events where status <> 'processed' or processed_at is null`);
    expect(Number(notProcessed!.n)).toBe(0);
    const [range] = await rows<{ min: string; max: string }>(sql`select min(occurred_at) as min, max(occurred_at) as max from events`);
    expect(new Date(range!.min).getTime()).toBeGreaterThanOrEqual(now.getTime() - 7 * 86_400_000);
    expect(new Date(range!.max).getTime()).toBeLessThan(now.getTime());
    const items = await rows<{ item_code: string }>(sql`select distinct item_code from usage order by 1`);
    expect(items.map((r) => r.item_code)).toEqual(
      expect.arrayContaining(["email_archiving_mailboxes", "email_security_mailboxes", "local_backup_servers", "local_backup_non_servers"]),
    );
    const [failing] = await rows<{ n: number }>(sql`select count(*)::int as n from events where severity <> 'ok'`);
    expect(Number(failing!.n)).toBeGreaterThan(100);
  });

  it("keeps the last-event columns of accounts and customers consistent with the events", async () => {
    const [accountsOff] = await rows<{ n: number }>(sql`
      select count(*)::int as n from accounts a
      left join lateral (select occurred_at, severity, type from events e
        where e.partner_id = a.partner_id and e.account_id = a.id order by occurred_at desc, id desc limit 1) l on true
      where a.last_event_at is distinct from l.occurred_at or a.last_event_severity is distinct from l.severity
         or a.last_event_type is distinct from l.type`);
    expect(Number(accountsOff!.n)).toBe(0);
    const [customersOff] = await rows<{ n: number }>(sql`
      select count(*)::int as n from customers c
      where c.last_event_at is distinct from (select max(occurred_at) from events e where e.partner_id = c.partner_id and e.customer_id = c.id)`);
    expect(Number(customersOff!.n)).toBe(0);
  });

  it("is idempotent: a second run changes nothing and creates no key", async () => {
    const before = { e: await countsBySlug("events"), k: await rows<{ n: number }>(sql`select count(*)::int as n from api_keys`) };
    const second = await seedDemo(handle.db, { now: new Date(now.getTime() + 3_600_000) });
    expect(second.map((p) => [p.slug, p.seeded, p.apiKey])).toEqual([
      ["northwind", false, null],
      ["contoso", false, null],
    ]);
    expect(second.map((p) => p.id)).toEqual(first.map((p) => p.id));
    expect(await countsBySlug("events")).toEqual(before.e);
    expect(await rows<{ n: number }>(sql`select count(*)::int as n from api_keys`)).toEqual(before.k);
    expect(await handle.db.select().from(partners)).toHaveLength(2);
  });

  it("lets every demo user sign in with the printed password, as their partner and role", async () => {
    for (const spec of DEMO_PARTNERS) {
      const partner = first.find((p) => p.slug === spec.slug)!;
      for (const user of spec.users) {
        expect(user.password.length).toBeGreaterThanOrEqual(12);
        const result = await checkCredentials(handle.db, { email: user.email, password: user.password });
        expect(result).toMatchObject({ ok: true, user: { partnerId: partner.id, role: user.role, email: user.email } });
      }
    }
    expect(await checkCredentials(handle.db, { email: "admin@northwind.demo", password: "contoso-admin-demo" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("stores one ingest key per partner and keeps a known key, replacing an unknown or revoked one", async () => {
    for (const p of first) {
      expect(p.apiKey).toMatch(/^psar_/);
      const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(p.apiKey!)));
      expect(row?.partnerId).toBe(p.id);
    }
    const northwind = first[0]!;
    const contoso = first[1]!;
    expect(await ensureDemoApiKey(handle.db, northwind.id, northwind.apiKey)).toBe(northwind.apiKey);
    // Another partner's key is not this partner's key.
    const replaced = await ensureDemoApiKey(handle.db, northwind.id, contoso.apiKey);
    expect(replaced).not.toBe(contoso.apiKey);
    const [stored] = await handle.db.select().from(apiKeys).where(and(eq(apiKeys.partnerId, northwind.id), eq(apiKeys.keyHash, hashApiKey(replaced))));
    expect(stored).toBeDefined();
    await handle.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, stored!.id));
    expect(await ensureDemoApiKey(handle.db, northwind.id, replaced)).not.toBe(replaced);
    expect(await ensureDemoApiKey(handle.db, northwind.id, null)).toMatch(/^psar_/);
  });

  it("lists the demo accounts for the simulator with their usage item", async () => {
    const list = await demoAccounts(
      handle.db,
      first.map((p) => p.id),
    );
    expect(list).toHaveLength(600);
    const server = list.find((a) => a.kind === "server")!;
    expect(server.usage?.item).toMatch(/^online_backup_gb_/);
    expect(server.usage!.quantity).toBeGreaterThan(0);
    expect(list.find((a) => a.kind === "mailbox_set")!.usage).toBeNull();
    const [one] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(events).where(eq(events.partnerId, first[1]!.id));
    expect(Number(one!.n)).toBeGreaterThan(0);
  });
});
