import { and, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { decodeEventCursor, filterConditions, listEvents, listMatchingEventIds, newestFirst } from "./events";

/** "Only events whose notifications failed": keyset paging over events_outcome_failed_idx, per partner. */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const T0 = Date.parse("2026-03-01T12:00:00Z");
const STATUSES = [null, "pending", "succeeded", "failed", "skipped"] as const;

async function seed() {
  const db = handle.db;
  const partner = await createPartner(db);
  const customer = await createCustomer(db, { partnerId: partner.id });
  const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id });
  const rows = await createEvents(
    db,
    Array.from({ length: 40 }, (_, i) => ({
      partnerId: partner.id,
      customerId: customer.id,
      accountId: account.id,
      // Pairs share a timestamp, so the id breaks ties in the keyset.
      occurredAt: new Date(T0 - Math.floor(i / 2) * 60_000),
      outcomeStatus: STATUSES[i % 5],
    })),
  );
  const other = await createPartner(db);
  const oc = await createCustomer(db, { partnerId: other.id });
  const oa = await createAccount(db, { partnerId: other.id, customerId: oc.id });
  const foreign = await createEvents(
    db,
    Array.from({ length: 5 }, () => ({ partnerId: other.id, customerId: oc.id, accountId: oa.id, occurredAt: new Date(T0 + 60_000), outcomeStatus: "failed" })),
  );
  return { partner, account, rows, other, foreign };
}

const newestOrder = (rows: { id: number; occurredAt: Date }[]) =>
  [...rows].sort((x, y) => y.occurredAt.getTime() - x.occurredAt.getTime() || y.id - x.id).map((r) => r.id);

describe("Event Log filter: only events whose notifications failed", () => {
  it("pages through the partner's failed events only, newest first, without gaps or repeats", async () => {
    const { partner, rows, foreign } = await seed();
    const expected = newestOrder(rows.filter((r) => r.outcomeStatus === "failed"));
    expect(expected).toHaveLength(8);

    const seen: number[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listEvents(handle.db, {
        partnerId: partner.id,
        filters: { onlyFailed: true },
        cursor: cursor ? decodeEventCursor(cursor) : null,
        limit: 3,
      });
      expect(page.items.every((e) => e.outcomeStatus === "failed")).toBe(true);
      seen.push(...page.items.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expected);
    expect(seen.some((id) => foreign.some((f) => f.id === id))).toBe(false);

    // Without the filter every status shows, and each row carries its outcome status.
    const all = await listEvents(handle.db, { partnerId: partner.id, limit: 100 });
    expect(new Set(all.items.map((e) => e.outcomeStatus))).toEqual(new Set(STATUSES));
  });

  it("combines with the other filters and lists matching ids for reprocessing", async () => {
    const { partner, account, rows, other } = await seed();
    const failed = newestOrder(rows.filter((r) => r.outcomeStatus === "failed"));
    expect(await listMatchingEventIds(handle.db, { partnerId: partner.id, filters: { onlyFailed: true, accountId: account.id }, limit: 100 })).toEqual(failed);
    expect(await listMatchingEventIds(handle.db, { partnerId: partner.id, filters: { onlyFailed: true }, limit: 3 })).toEqual(failed.slice(0, 3));
    // The other partner's failed events are not reachable with partner A's account id.
    expect(await listMatchingEventIds(handle.db, { partnerId: other.id, filters: { onlyFailed: true, accountId: account.id }, limit: 100 })).toEqual([]);
  });

  it("is served by the partial index events_outcome_failed_idx without a sort", async () => {
    const { partner, rows } = await seed();
    const last = rows[rows.length - 1]!;
    const cursor = sql`(${events.occurredAt}, ${events.id}) < (${last.occurredAt.toISOString()}::timestamptz, ${last.id})`;
    const query = handle.db
      .select({ id: events.id })
      .from(events)
      .where(and(...filterConditions(partner.id, { onlyFailed: true }), cursor))
      .orderBy(...newestFirst)
      .limit(51);
    const plan = await handle.db.transaction(async (tx) => {
      // Tiny tables are cheaper to scan; forbid that so the plan shows whether the index fits the query.
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      const result = await tx.execute<{ "QUERY PLAN": string }>(sql`explain ${query}`);
      const lines = Array.isArray(result) ? result : (result as unknown as { rows: { "QUERY PLAN": string }[] }).rows;
      return lines.map((l) => l["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("events_outcome_failed_idx");
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
