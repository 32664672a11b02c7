import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { listEvents, SEARCH_WINDOW, searchCondition } from "./events";

/**
 * Free-text search of the Event Log: words of the message or a ticket number, keyset paging in
 * both directions, a match older than the directly checked window found through the search
 * index, and another partner's matches never returned.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const T0 = Date.parse("2026-03-01T12:00:00Z");

async function world(count: number) {
  const db = handle.db;
  const partner = await createPartner(db);
  const customer = await createCustomer(db, { partnerId: partner.id });
  const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id });
  const base = { partnerId: partner.id, customerId: customer.id, accountId: account.id };
  const rows = await createEvents(
    db,
    Array.from({ length: count }, (_, i) => ({
      ...base,
      occurredAt: new Date(T0 - i * 1000),
      severity: "ok" as const,
      message: i % 10 === 0 ? `Backup completed with warnings on volume ${i}` : "Backup completed",
    })),
  );
  return { partner, customer, account, base, rows };
}

describe("Event Log search", () => {
  it("finds words and ticket numbers, pages in both directions, and reaches past the window", async () => {
    const w = await world(SEARCH_WINDOW + 500);
    const db = handle.db;
    // The oldest event of all is the only one that mentions the needle and carries the ticket number.
    const [needle] = await createEvents(db, [
      { ...w.base, occurredAt: new Date(T0 - 10 * 86_400_000), severity: "error", message: "Replication failed: Needle-in-haystack", ticketNumbers: "T20260219.0042" },
    ]);
    const other = await world(3);
    await createEvents(db, [{ ...other.base, message: "Replication failed: needle", ticketNumbers: "T20260219.0042" }]);

    for (const search of ["needle", "NEEDLE-in", "T20260219.0042", "t2026021", "replication failed"]) {
      const page = await listEvents(db, { partnerId: w.partner.id, filters: { search }, limit: 50 });
      expect(page.items.map((e) => e.id), search).toEqual([needle!.id]);
      expect(page.nextCursor).toBeNull();
    }
    expect((await listEvents(db, { partnerId: w.partner.id, filters: { search: "haystack zzz" }, limit: 50 })).items).toEqual([]);
    expect((await listEvents(db, { partnerId: w.partner.id, filters: { search: "needle", severities: ["ok"] }, limit: 50 })).items).toEqual([]);

    // "warnings" matches every tenth event: keyset pages walk them all, newest first, and back.
    const expected = w.rows.filter((_, i) => i % 10 === 0).map((r) => r.id);
    const seen: number[] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listEvents>> = await listEvents(db, {
        partnerId: w.partner.id,
        filters: { search: "warnings" },
        cursor: cursor ? { at: cursor.split("~")[0]!, id: Number(cursor.split("~")[1]) } : null,
        limit: 40,
      });
      seen.push(...page.items.map((e) => e.id));
      cursors.push(page.items[0]!.cursor);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    const second = cursors[1]!;
    const back = await listEvents(db, {
      partnerId: w.partner.id,
      filters: { search: "warnings" },
      cursor: { at: second.split("~")[0]!, id: Number(second.split("~")[1]) },
      direction: "newer",
      limit: 40,
    });
    expect(back.items.map((e) => e.id)).toEqual(expected.slice(0, 40));
    expect(back.prevCursor).toBeNull();
  });

  it("asks the search index, not a time index, for matches beyond the window (PostgreSQL plan)", async () => {
    if (handle.driver !== "postgres") return;
    const w = await world(10);
    await handle.db.execute(sql`analyze events`);
    const result = await handle.db.execute(
      sql`explain select ${events.id} from ${events} where ${events.partnerId}::text = ${w.partner.id} and ${searchCondition("needle")} order by ${events.occurredAt} desc limit 51`,
    );
    const plan = (result as unknown as { "QUERY PLAN": string }[]).map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toContain("events_search_idx");
  });
});
