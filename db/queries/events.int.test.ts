import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAccount, createCustomer, createEvents, createPartner, type EventInput } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import {
  countNewerEvents,
  decodeEventCursor,
  encodeEventCursor,
  eventHistogram,
  type EventFilters,
  getEvent,
  listEvents,
  listEventTypes,
} from "./events";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const T0 = Date.parse("2026-03-01T12:00:00Z");
const minutes = (n: number) => new Date(T0 - n * 60_000);

/** A partner with two customers, three accounts and 30 events (some sharing a timestamp). */
async function world() {
  const db = handle.db;
  const partner = await createPartner(db);
  const acme = await createCustomer(db, { partnerId: partner.id, name: "Acme" });
  const globex = await createCustomer(db, { partnerId: partner.id, name: "Globex" });
  const a1 = await createAccount(db, { partnerId: partner.id, customerId: acme.id });
  const a2 = await createAccount(db, { partnerId: partner.id, customerId: acme.id, kind: "workstation" });
  const g1 = await createAccount(db, { partnerId: partner.id, customerId: globex.id, kind: "mailbox_set" });
  const accounts = [a1, a2, g1];
  const types = ["backup", "restore", "archive"];
  const severities = ["ok", "warning", "error"] as const;
  const inputs: EventInput[] = [];
  for (let i = 0; i < 30; i++) {
    const account = accounts[i % 3]!;
    inputs.push({
      partnerId: partner.id,
      customerId: account.customerId,
      accountId: account.id,
      type: types[i % 3 === 0 ? 0 : i % 2 === 0 ? 1 : 2]!,
      severity: severities[i % 4 === 0 ? 2 : i % 5 === 0 ? 1 : 0]!,
      // Pairs of events share a timestamp, so the id must break ties.
      occurredAt: minutes(Math.floor(i / 2) * 10),
      message: `event ${i}`,
    });
  }
  const rows = await createEvents(db, inputs);
  // Noise from another partner, newer than everything above.
  const other = await createPartner(db);
  const oc = await createCustomer(db, { partnerId: other.id });
  const oa = await createAccount(db, { partnerId: other.id, customerId: oc.id });
  const foreign = await createEvents(
    db,
    Array.from({ length: 5 }, () => ({ partnerId: other.id, customerId: oc.id, accountId: oa.id, occurredAt: minutes(-5), type: "foreign" })),
  );
  return { partner, acme, globex, a1, a2, g1, rows, other, foreign };
}

type Row = { id: number; occurredAt: Date };
const logOrder = (rows: Row[]) =>
  [...rows].sort((x, y) => y.occurredAt.getTime() - x.occurredAt.getTime() || y.id - x.id).map((r) => r.id);

async function walkOlder(partnerId: string, filters: EventFilters, limit: number) {
  const pages: number[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listEvents(handle.db, { partnerId, filters, cursor: cursor ? decodeEventCursor(cursor) : null, limit });
    pages.push(page.items.map((e) => e.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return pages;
}

describe("listEvents", () => {
  it("returns the partner's events newest first, ties broken by id, with names joined", async () => {
    const w = await world();
    const page = await listEvents(handle.db, { partnerId: w.partner.id, limit: 100 });
    expect(page.items.map((e) => e.id)).toEqual(logOrder(w.rows));
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
    // Rows 0 and 1 share the newest timestamp; row 1 has the higher id (account a2 of Acme).
    const first = page.items[0]!;
    expect(first.id).toBe(w.rows[1]!.id);
    expect(first).toMatchObject({ customerName: "Acme", accountNumber: w.a2.accountNumber, accountName: w.a2.name });
    expect(page.items.some((e) => w.foreign.some((f) => f.id === e.id))).toBe(false);
  });

  it("pages older with keyset cursors: pages are disjoint, complete and in order", async () => {
    const w = await world();
    const pages = await walkOlder(w.partner.id, {}, 7);
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
    expect(pages.flat()).toEqual(logOrder(w.rows));
  });

  it("pages newer from a cursor back to the top", async () => {
    const w = await world();
    const all = await listEvents(handle.db, { partnerId: w.partner.id, limit: 100 });
    const bottom = all.items[all.items.length - 1]!;
    const collected: number[] = [];
    let cursor: string | null = bottom.cursor;
    while (cursor) {
      const page = await listEvents(handle.db, { partnerId: w.partner.id, cursor: decodeEventCursor(cursor), direction: "newer", limit: 8 });
      expect(page.nextCursor).not.toBeNull();
      collected.unshift(...page.items.map((e) => e.id));
      cursor = page.prevCursor;
    }
    expect(collected).toEqual(all.items.slice(0, -1).map((e) => e.id));
  });

  it("keeps sub-millisecond timestamps exact in cursors", async () => {
    const w = await world();
    const { events } = await import("~/db/schema");
    const { eq } = await import("drizzle-orm");
    // Spread the first 10 rows over microseconds of one millisecond.
    for (const [i, row] of w.rows.slice(0, 10).entries()) {
      await handle.db
        .update(events)
        .set({ occurredAt: sql`'2026-03-02T00:00:00.000Z'::timestamptz + make_interval(secs => ${(10 - i) / 1_000_000})` })
        .where(eq(events.id, row.id));
    }
    const pages = await walkOlder(w.partner.id, {}, 3);
    const flat = pages.flat();
    expect(new Set(flat).size).toBe(30);
    expect(flat.slice(0, 10)).toEqual(w.rows.slice(0, 10).map((r) => r.id));
    const cursor = decodeEventCursor((await listEvents(handle.db, { partnerId: w.partner.id, limit: 1 })).nextCursor!);
    expect(cursor?.at).toBe("2026-03-02T00:00:00.000010Z");
  });

  it("applies each filter and their combination", async () => {
    const w = await world();
    const expectFilter = async (filters: EventFilters, keep: (r: (typeof w.rows)[number]) => boolean) => {
      const expected = logOrder(w.rows.filter(keep));
      expect(expected.length).toBeGreaterThan(0);
      expect((await walkOlder(w.partner.id, filters, 4)).flat()).toEqual(expected);
    };
    await expectFilter({ customerId: w.acme.id }, (r) => r.customerId === w.acme.id);
    await expectFilter({ accountId: w.g1.id }, (r) => r.accountId === w.g1.id);
    await expectFilter({ type: "restore" }, (r) => r.type === "restore");
    await expectFilter({ severities: ["error"] }, (r) => r.severity === "error");
    await expectFilter({ severities: ["warning", "error"] }, (r) => r.severity !== "ok");
    await expectFilter({ severities: ["ok", "warning", "error"] }, () => true);
    await expectFilter({ customerId: w.acme.id, severities: ["ok"] }, (r) => r.customerId === w.acme.id && r.severity === "ok");
    await expectFilter({ type: "backup", severities: ["error"] }, (r) => r.type === "backup" && r.severity === "error");
    // from is inclusive, to exclusive.
    await expectFilter({ from: minutes(50), to: minutes(10) }, (r) => r.occurredAt >= minutes(50) && r.occurredAt < minutes(10));
    expect((await listEvents(handle.db, { partnerId: w.partner.id, filters: { type: "foreign" }, limit: 10 })).items).toEqual([]);
  });

  it("never returns another partner's events, even with the other partner's customer id", async () => {
    const w = await world();
    const foreignCustomer = w.foreign[0]!.customerId;
    const page = await listEvents(handle.db, { partnerId: w.partner.id, filters: { customerId: foreignCustomer }, limit: 50 });
    expect(page.items).toEqual([]);
    expect(await getEvent(handle.db, { partnerId: w.partner.id, id: w.foreign[0]!.id })).toBeNull();
    const own = await getEvent(handle.db, { partnerId: w.partner.id, id: w.rows[0]!.id });
    expect(own).toMatchObject({ event: { id: w.rows[0]!.id }, customer: { name: "Acme" }, account: { id: w.a1.id } });
  });
});

describe("cursors", () => {
  it("round-trips and rejects anything else", () => {
    const c = { at: "2026-03-02T00:00:00.123456Z", id: 42 };
    expect(decodeEventCursor(encodeEventCursor(c))).toEqual(c);
    expect(decodeEventCursor("42")).toBeNull();
    expect(decodeEventCursor("2026-13-45T00:00:00Z~1")).toBeNull();
    expect(decodeEventCursor("2026-03-02T00:00:00Z~1; drop table events")).toBeNull();
  });
});

describe("countNewerEvents", () => {
  it("counts matching events newer than a row, up to the cap", async () => {
    const w = await world();
    const page = await listEvents(handle.db, { partnerId: w.partner.id, limit: 100 });
    const tenth = decodeEventCursor(page.items[9]!.cursor);
    expect(await countNewerEvents(handle.db, { partnerId: w.partner.id, after: tenth, cap: 100 })).toEqual({ count: 9, capped: false });
    expect(await countNewerEvents(handle.db, { partnerId: w.partner.id, after: tenth, cap: 5 })).toEqual({ count: 5, capped: true });
    const errorsNewer = page.items.slice(0, 9).filter((e) => e.severity === "error").length;
    expect(
      await countNewerEvents(handle.db, { partnerId: w.partner.id, filters: { severities: ["error"] }, after: tenth, cap: 100 }),
    ).toEqual({ count: errorsNewer, capped: false });
    expect(await countNewerEvents(handle.db, { partnerId: w.partner.id, cap: 1000 })).toEqual({ count: 30, capped: false });
  });
});

describe("eventHistogram", () => {
  it("counts per bucket and severity in the partner's time zone", async () => {
    const w = await world();
    const rows = await eventHistogram(handle.db, {
      partnerId: w.partner.id,
      from: minutes(60 * 24),
      to: new Date(T0 + 1),
      bucket: "hour",
      timeZone: "Europe/Berlin",
    });
    const total = rows.reduce((n, r) => n + r.count, 0);
    expect(total).toBe(30);
    // Berlin is UTC+1 on 1 March; events span 09:40Z–12:00Z → local 10:40–13:00.
    expect([...new Set(rows.map((r) => r.bucket))]).toEqual(["2026-03-01T10:00", "2026-03-01T11:00", "2026-03-01T12:00", "2026-03-01T13:00"]);
    const errors = rows.filter((r) => r.severity === "error").reduce((n, r) => n + r.count, 0);
    expect(errors).toBe(w.rows.filter((r) => r.severity === "error").length);
    const byAccount = await eventHistogram(handle.db, {
      partnerId: w.partner.id,
      filters: { accountId: w.g1.id },
      from: minutes(60 * 24),
      to: new Date(T0 + 1),
      bucket: "day",
      timeZone: "UTC",
    });
    expect(byAccount.map((r) => r.bucket)).toSatisfy((b: string[]) => b.every((x) => x === "2026-03-01T00:00"));
    expect(byAccount.reduce((n, r) => n + r.count, 0)).toBe(10);
  });
});

describe("listEventTypes", () => {
  it("lists the partner's distinct types only", async () => {
    const w = await world();
    expect(await listEventTypes(handle.db, { partnerId: w.partner.id, max: 50 })).toEqual(["archive", "backup", "restore"]);
    expect(await listEventTypes(handle.db, { partnerId: w.other.id, max: 50 })).toEqual(["foreign"]);
    expect(await listEventTypes(handle.db, { partnerId: w.partner.id, max: 2 })).toEqual(["archive", "backup"]);
  });
});
