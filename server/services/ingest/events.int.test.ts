import { randomUUID } from "node:crypto";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import type * as ingestQueries from "~/db/queries/ingest";
import { findAccountsByNumbers } from "~/db/queries/ingest";
import { accounts, customers, events } from "~/db/schema";
import { createAccount, createApiKeyRow, createCustomer, createPartner } from "~/db/seed/factories";
import { dispatchVendorEvents } from "~/inngest/dispatch";
import { revokeApiKey } from "~/server/services/api-keys/service";
import { createTestDatabase } from "~/server/testing/test-db";

import { handlePostEvents } from "./handlers";
import { apiRequest, call, type ErrorBody, partnerWithKey } from "./test-kit";

vi.mock("~/inngest/dispatch", () => ({ dispatchVendorEvents: vi.fn(async () => {}) }));
vi.mock("~/db/queries/ingest", async (importOriginal) => {
  const original = await importOriginal<typeof ingestQueries>();
  return { ...original, findAccountsByNumbers: vi.fn(original.findAccountsByNumbers) };
});
const dispatched = vi.mocked(dispatchVendorEvents);

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: Awaited<ReturnType<typeof partnerWithKey>>;
let server: { id: string; accountNumber: string; customerId: string };
let laptop: { id: string; accountNumber: string; customerId: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  ctx = await partnerWithKey(handle);
  const customer = await createCustomer(handle.db, { partnerId: ctx.partner.id });
  server = await createAccount(handle.db, { partnerId: ctx.partner.id, customerId: customer.id, accountNumber: "SRV-1" });
  laptop = await createAccount(handle.db, { partnerId: ctx.partner.id, customerId: customer.id, accountNumber: "WS-1", kind: "workstation" });
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});
beforeEach(() => dispatched.mockClear());

let seq = 0;
const event = (over: Record<string, unknown> = {}) => ({
  id: `evt-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
  accountNumber: "SRV-1",
  type: "backup",
  severity: "error",
  occurredAt: "2026-03-01T10:00:00Z",
  ...over,
});
const post = async (body: unknown, key: string | null = ctx.key, headers?: Record<string, string>) => {
  const res = await handlePostEvents(apiRequest("POST", "/api/v1/events", { key, body, headers }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, requestId: res.headers.get("x-request-id") };
};
const storedIds = async (vendorIds: string[]) =>
  (await handle.db.select({ v: events.vendorEventId }).from(events).where(eq(events.partnerId, ctx.partner.id)))
    .map((r) => r.v)
    .filter((v) => vendorIds.includes(v));

describe("POST /api/v1/events: authentication", () => {
  it("answers 401 without a key, with an unknown key and with a revoked key", async () => {
    for (const key of [null, "psar_not-a-real-key", "garbage"]) {
      const res = await post(event(), key);
      expect(res.status).toBe(401);
      expect((res.body as ErrorBody).error.code).toBe("unauthorized");
    }
    const other = await createApiKeyRow(handle.db, { partnerId: ctx.partner.id });
    expect((await post(event(), other.key)).status).toBe(202);
    await revokeApiKey(handle.db, { partnerId: ctx.partner.id, id: other.id });
    const revoked = await post(event(), other.key);
    expect(revoked.status).toBe(401);
    expect((revoked.body as ErrorBody).error.message).toContain("revoked");
  });

  it("accepts the key in X-Api-Key", async () => {
    const res = await post(event(), null, { "x-api-key": ctx.key });
    expect(res.status).toBe(202);
  });
});

describe("POST /api/v1/events: validation", () => {
  it("answers 400 listing every failing field, and stores nothing", async () => {
    const good = event();
    const res = await post({ events: [good, event({ severity: "fatal" }), event({ occurredAt: "yesterday", type: "Bad Type" })] });
    expect(res.status).toBe(400);
    const body = res.body as ErrorBody;
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues!.map((i) => i.path)).toEqual(["events[1].severity", "events[2].type", "events[2].occurredAt"]);
    expect(await storedIds([good.id])).toEqual([]);
    expect(dispatched).not.toHaveBeenCalled();
  });

  it("answers 413 over 1,000 events", async () => {
    const res = await post({ events: Array.from({ length: 1001 }, () => event()) });
    expect(res.status).toBe(413);
    expect((res.body as ErrorBody).error.code).toBe("payload_too_large");
  });

  it("answers 413 for a body over 2 MB", async () => {
    const rawBody = JSON.stringify({ events: [event({ details: { blob: "x".repeat(2 * 1024 * 1024) } })] });
    const res = await call(handlePostEvents, apiRequest("POST", "/api/v1/events", { key: ctx.key, rawBody }));
    expect(res.status).toBe(413);
    expect((res.body as ErrorBody).error.message).toContain("2 MB");
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await call(handlePostEvents, apiRequest("POST", "/api/v1/events", { key: ctx.key, rawBody: "{oops" }));
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.message).toContain("not valid JSON");
    const text = await call(
      handlePostEvents,
      apiRequest("POST", "/api/v1/events", { key: ctx.key, rawBody: "hello", headers: { "content-type": "text/plain" } }),
    );
    expect(text.status).toBe(400);
  });

  it("answers 422 naming every unknown account, and stores nothing of the batch", async () => {
    const good = event();
    const res = await post({ events: [good, event({ accountNumber: "NOPE-1" }), event(), event({ accountNumber: "NOPE-2" })] });
    expect(res.status).toBe(422);
    const body = res.body as ErrorBody;
    expect(body.error.issues!.map((i) => i.path)).toEqual(["events[1].accountNumber", "events[3].accountNumber"]);
    expect(body.error.issues![0]!.message).toContain("PUT /api/v1/accounts");
    expect(await storedIds([good.id])).toEqual([]);
  });

  it("does not let a partner report events on another partner's accounts", async () => {
    const other = await createPartner(handle.db);
    const otherKey = await createApiKeyRow(handle.db, { partnerId: other.id });
    const res = await post(event({ accountNumber: "SRV-1" }), otherKey.key);
    expect(res.status).toBe(422);
  });
});

describe("POST /api/v1/events: storage", () => {
  it("stores a single event with its details and dispatches it once", async () => {
    const details = { job: "nightly", errors: 3, nested: { "naïve": ["✓", null, 1.5] } };
    const e = event({ message: "Backup failed 💥", details, occurredAt: "2026-03-01T11:00:00+01:00" });
    const res = await post(e);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, results: [{ id: e.id, status: "accepted" }] });
    const [row] = await handle.db
      .select()
      .from(events)
      .where(and(eq(events.partnerId, ctx.partner.id), eq(events.vendorEventId, e.id)));
    expect(row).toMatchObject({ accountId: server.id, customerId: server.customerId, severity: "error", status: "received", message: "Backup failed 💥" });
    expect(row!.occurredAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(row!.details).toEqual(details);
    expect(dispatched).toHaveBeenCalledTimes(1);
    expect(dispatched).toHaveBeenCalledWith([{ partnerId: ctx.partner.id, eventId: row!.id }]);
  });

  it("acknowledges duplicate ids (seen before or repeated in the batch) without storing or dispatching them twice", async () => {
    const a = event();
    const b = event();
    expect((await post({ events: [a] })).status).toBe(202);
    dispatched.mockClear();
    const res = await post({ events: [a, b, { ...b, severity: "ok" }, event({ id: b.id })] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 3,
      results: [
        { id: a.id, status: "duplicate" },
        { id: b.id, status: "accepted" },
        { id: b.id, status: "duplicate" },
        { id: b.id, status: "duplicate" },
      ],
    });
    const rows = await handle.db
      .select({ id: events.id, severity: events.severity })
      .from(events)
      .where(and(eq(events.partnerId, ctx.partner.id), eq(events.vendorEventId, b.id)));
    expect(rows).toEqual([{ id: expect.any(Number), severity: "error" }]);
    expect(await storedIds([a.id, b.id])).toHaveLength(2);
    expect(dispatched).toHaveBeenCalledTimes(1);
    expect(dispatched.mock.calls[0]![0]).toEqual([{ partnerId: ctx.partner.id, eventId: rows[0]!.id }]);

    dispatched.mockClear();
    const again = await post({ events: [a, b] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(dispatched).not.toHaveBeenCalled();
  });

  it("dispatches every new event of a batch exactly once", async () => {
    const batch = Array.from({ length: 20 }, (_, i) => event({ accountNumber: i % 2 ? "SRV-1" : "WS-1" }));
    const res = await post({ events: batch });
    expect(res.body).toMatchObject({ accepted: 20, duplicates: 0 });
    const ids = dispatched.mock.calls.flatMap((c) => c[0].map((x) => x.eventId));
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it("keeps the newest event on accounts and customers, never an older one", async () => {
    const partner = await createPartner(handle.db);
    const key = (await createApiKeyRow(handle.db, { partnerId: partner.id })).key;
    const customer = await createCustomer(handle.db, { partnerId: partner.id });
    const a1 = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, accountNumber: "A1" });
    const a2 = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, accountNumber: "A2" });
    const res = await post(
      {
        events: [
          event({ accountNumber: "A1", occurredAt: "2026-03-01T10:00:00Z", severity: "error", type: "backup" }),
          event({ accountNumber: "A1", occurredAt: "2026-03-01T12:00:00Z", severity: "ok", type: "backup" }),
          event({ accountNumber: "A2", occurredAt: "2026-03-01T11:00:00Z", severity: "warning", type: "disk.space" }),
        ],
      },
      key,
    );
    expect(res.status).toBe(202);
    const last = async () => ({
      a1: (await handle.db.select().from(accounts).where(eq(accounts.id, a1.id)))[0]!,
      a2: (await handle.db.select().from(accounts).where(eq(accounts.id, a2.id)))[0]!,
      c: (await handle.db.select().from(customers).where(eq(customers.id, customer.id)))[0]!,
    });
    let s = await last();
    expect([s.a1.lastEventAt?.toISOString(), s.a1.lastEventSeverity, s.a1.lastEventType]).toEqual(["2026-03-01T12:00:00.000Z", "ok", "backup"]);
    expect([s.a2.lastEventAt?.toISOString(), s.a2.lastEventSeverity, s.a2.lastEventType]).toEqual(["2026-03-01T11:00:00.000Z", "warning", "disk.space"]);
    expect([s.c.lastEventAt?.toISOString(), s.c.lastEventSeverity]).toEqual(["2026-03-01T12:00:00.000Z", "ok"]);

    // An older event arriving late is stored but does not replace the newer "last event".
    await post(event({ accountNumber: "A2", occurredAt: "2026-03-01T09:00:00Z", severity: "error" }), key);
    await post(event({ accountNumber: "A2", occurredAt: "2026-03-01T13:00:00Z", severity: "error", type: "backup" }), key);
    s = await last();
    expect([s.a2.lastEventAt?.toISOString(), s.a2.lastEventSeverity, s.a2.lastEventType]).toEqual(["2026-03-01T13:00:00.000Z", "error", "backup"]);
    expect([s.a1.lastEventAt?.toISOString(), s.a1.lastEventSeverity]).toEqual(["2026-03-01T12:00:00.000Z", "ok"]);
    expect([s.c.lastEventAt?.toISOString(), s.c.lastEventSeverity, s.c.lastEventType]).toEqual(["2026-03-01T13:00:00.000Z", "error", "backup"]);
  });

  it("refuses times outside the plausible window, naming each such event, and stores nothing", async () => {
    const good = event();
    const future = new Date(Date.now() + 24 * 3600_000).toISOString();
    const res = await post({ events: [good, event({ occurredAt: "2099-01-01T00:00:00Z" }), event({ occurredAt: "0000-01-01T00:00:00Z" }), event({ occurredAt: future })] });
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.issues!.map((i) => i.path)).toEqual(["events[1].occurredAt", "events[2].occurredAt", "events[3].occurredAt"]);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedIds([good.id])).toEqual([]);
    // The named items dropped, the rest goes through.
    expect((await post({ events: [good] })).status).toBe(202);
  });

  it("keeps an event stamped a little ahead of the clock from freezing the account's last event", async () => {
    const partner = await createPartner(handle.db);
    const key = (await createApiKeyRow(handle.db, { partnerId: partner.id })).key;
    const customer = await createCustomer(handle.db, { partnerId: partner.id });
    const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, accountNumber: "SKEW-1" });
    const lastOf = async () => ({
      account: (await handle.db.select().from(accounts).where(eq(accounts.id, account.id)))[0]!,
      customer: (await handle.db.select().from(customers).where(eq(customers.id, customer.id)))[0]!,
    });

    // Four minutes ahead is within the clock-skew allowance: accepted, but counted as received now.
    const before = Date.now();
    const ahead = await post(event({ accountNumber: "SKEW-1", occurredAt: new Date(before + 4 * 60_000).toISOString(), severity: "error" }), key);
    expect(ahead.status).toBe(202);
    let last = await lastOf();
    expect(last.account.lastEventAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(last.account.lastEventSeverity).toBe("error");

    // An event that really happens afterwards (but before the skewed time) becomes the last event.
    await expect.poll(() => Date.now()).toBeGreaterThan(last.account.lastEventAt!.getTime() + 5);
    const later = await post(event({ accountNumber: "SKEW-1", occurredAt: new Date().toISOString(), severity: "ok", type: "backup.ok" }), key);
    expect(later.status).toBe(202);
    last = await lastOf();
    expect([last.account.lastEventSeverity, last.account.lastEventType]).toEqual(["ok", "backup.ok"]);
    expect([last.customer.lastEventSeverity, last.customer.lastEventType]).toEqual(["ok", "backup.ok"]);

    // A far-future "last event" stored before this rule is replaced by the next event.
    await handle.db.update(accounts).set({ lastEventAt: new Date("2099-01-01T00:00:00Z") }).where(eq(accounts.id, account.id));
    await handle.db.update(customers).set({ lastEventAt: new Date("2099-01-01T00:00:00Z") }).where(eq(customers.id, customer.id));
    expect((await post(event({ accountNumber: "SKEW-1", occurredAt: new Date().toISOString(), severity: "warning" }), key)).status).toBe(202);
    last = await lastOf();
    expect(last.account.lastEventAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(last.account.lastEventSeverity).toBe("warning");
    expect(last.customer.lastEventSeverity).toBe("warning");
  });

  it("stores nothing when the statement fails part-way, and a retry then stores everything", async () => {
    // The account of the second event disappears between the lookup and the insert.
    const actual = await vi.importActual<typeof ingestQueries>("~/db/queries/ingest");
    vi.mocked(findAccountsByNumbers).mockImplementationOnce(async (db, input) => [
      ...(await actual.findAccountsByNumbers(db, input)),
      { id: randomUUID(), customerId: server.customerId, accountNumber: "GONE-1" },
    ]);
    const batch = [event({ message: "Backup of the CEO's laptop failed" }), event({ accountNumber: "GONE-1", details: { owner: "jane@acme.test" } }), event()];
    const logged: string[] = [];
    const consoleError = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    const failed = await post({ events: batch });
    consoleError.mockRestore();
    expect(failed.status).toBe(500);
    expect((failed.body as ErrorBody).error.code).toBe("internal_error");
    // The log names the failure's kind, the partner and the request, never the payload (customer data).
    const requestId = failed.requestId!;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`partner=${ctx.partner.id}`);
    expect(logged[0]).toContain(`request=${requestId}`);
    expect(logged[0]).toMatch(/kind=\S*Error/);
    for (const secret of ["CEO", "jane@acme.test", "GONE-1", batch[0]!.id, "Failed query", "params"]) expect(logged[0]).not.toContain(secret);
    expect(await storedIds(batch.map((e) => e.id))).toEqual([]);
    expect(dispatched).not.toHaveBeenCalled();
    const retried = await post({ events: [batch[0], batch[2]] });
    expect(retried.body).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it("stores concurrent batches on the same accounts without losing any", async () => {
    const batches = Array.from({ length: 4 }, () =>
      Array.from({ length: 50 }, (_, i) => event({ accountNumber: i % 2 ? "SRV-1" : "WS-1", occurredAt: new Date(Date.UTC(2026, 3, 1, 0, i)).toISOString() })),
    );
    const results = await Promise.all(batches.map((b) => post({ events: b })));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(await storedIds(batches.flat().map((e) => e.id))).toHaveLength(200);
    const [row] = await handle.db.select().from(accounts).where(eq(accounts.id, laptop.id));
    expect(row!.lastEventAt!.toISOString()).toBe("2026-04-01T00:48:00.000Z");
  });
});
