import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { EventRef } from "~/db/queries/event-processing";
import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { type SweepDispatch, type SweepReason, sweepStaleEvents } from "./sweep";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  // The sweep is global: each test starts from an empty events table in this file's own database.
  await handle.db.delete(events);
});

const NOW = new Date("2026-03-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function partnerWithAccount() {
  const partner = await createPartner(handle.db);
  const customer = await createCustomer(handle.db, { partnerId: partner.id });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
  return { partnerId: partner.id, customerId: customer.id, accountId: account.id };
}

/** A dispatch that records its calls and marks received rows dispatched, like the real one. */
function recordingDispatch(opts: { failOnCall?: number } = {}) {
  const calls: { items: EventRef[]; reason: SweepReason }[] = [];
  const dispatch: SweepDispatch = async (items, reason) => {
    calls.push({ items, reason });
    if (opts.failOnCall === calls.length) return { dispatched: 0, failed: items.length };
    await handle.db
      .update(events)
      .set({ status: "dispatched" })
      .where(inArray(events.id, items.map((i) => i.eventId)));
    return { dispatched: items.length, failed: 0 };
  };
  return { calls, dispatch };
}

describe("sweepStaleEvents", () => {
  it("hands over only stale unfinished events, of every partner, with their own partner id", async () => {
    const a = await partnerWithAccount();
    const b = await partnerWithAccount();
    const rows = await createEvents(handle.db, [
      { ...a, status: "received", receivedAt: minutesAgo(2) }, // stale
      { ...b, status: "received", receivedAt: minutesAgo(3) }, // stale
      { ...a, status: "received", receivedAt: minutesAgo(0.5) }, // fresh
      { ...b, status: "dispatched", receivedAt: minutesAgo(11) }, // job lost
      { ...a, status: "dispatched", receivedAt: minutesAgo(5) }, // job may still run
      { ...a, status: "processed", receivedAt: minutesAgo(60) },
      { ...b, status: "failed", receivedAt: minutesAgo(60) },
    ]);
    const { calls, dispatch } = recordingDispatch();
    const summary = await sweepStaleEvents(handle.db, { dispatch, now: NOW });

    expect(summary).toEqual({ received: { found: 2, dispatched: 2 }, dispatched: { found: 1, dispatched: 1 }, complete: true });
    expect(calls).toEqual([
      {
        reason: "never-dispatched",
        items: [
          { partnerId: b.partnerId, eventId: rows[1]!.id },
          { partnerId: a.partnerId, eventId: rows[0]!.id },
        ],
      },
      { reason: "job-lost", items: [{ partnerId: b.partnerId, eventId: rows[3]!.id }] },
    ]);
    const fresh = await handle.db.select().from(events).where(eq(events.id, rows[2]!.id));
    expect(fresh[0]!.status).toBe("received");
  });

  it("works in bounded batches, oldest first, and stops at the batch limit", async () => {
    const a = await partnerWithAccount();
    const rows = await createEvents(
      handle.db,
      [5, 9, 2, 7, 3].map((m) => ({ ...a, status: "received" as const, receivedAt: minutesAgo(m) })),
    );
    const byAge = [1, 3, 0, 4, 2].map((i) => rows[i]!.id); // 9, 7, 5, 3, 2 minutes ago
    const { calls, dispatch } = recordingDispatch();
    const summary = await sweepStaleEvents(handle.db, { dispatch, now: NOW, batchSize: 2, maxBatches: 2 });
    expect(calls.map((c) => c.items.map((i) => i.eventId))).toEqual([byAge.slice(0, 2), byAge.slice(2, 4)]);
    expect(summary).toMatchObject({ received: { found: 4, dispatched: 4 }, complete: false });

    const next = recordingDispatch();
    const rest = await sweepStaleEvents(handle.db, { dispatch: next.dispatch, now: NOW, batchSize: 2, maxBatches: 2 });
    expect(next.calls[0]!.items.map((i) => i.eventId)).toEqual([byAge[4]]);
    expect(rest).toMatchObject({ received: { found: 1, dispatched: 1 }, complete: true });
  });

  it("pages through dispatched events that stay dispatched, without picking one twice", async () => {
    const a = await partnerWithAccount();
    await createEvents(
      handle.db,
      Array.from({ length: 5 }, () => ({ ...a, status: "dispatched" as const, receivedAt: minutesAgo(30) })),
    );
    const calls: number[][] = [];
    const summary = await sweepStaleEvents(handle.db, {
      now: NOW,
      batchSize: 2,
      dispatch: async (items) => {
        calls.push(items.map((i) => i.eventId));
        return { dispatched: items.length, failed: 0 };
      },
    });
    expect(calls.map((c) => c.length)).toEqual([2, 2, 1]);
    expect(new Set(calls.flat()).size).toBe(5);
    expect(summary.dispatched).toEqual({ found: 5, dispatched: 5 });
  });

  it("stops when the hand-over fails and leaves the rest for the next run", async () => {
    const a = await partnerWithAccount();
    await createEvents(
      handle.db,
      Array.from({ length: 4 }, () => ({ ...a, status: "received" as const, receivedAt: minutesAgo(2) })),
    );
    const { calls, dispatch } = recordingDispatch({ failOnCall: 1 });
    const summary = await sweepStaleEvents(handle.db, { dispatch, now: NOW, batchSize: 2 });
    expect(calls).toHaveLength(1);
    expect(summary).toEqual({ received: { found: 2, dispatched: 0 }, dispatched: { found: 0, dispatched: 0 }, complete: false });
    const left = await handle.db.select().from(events).where(eq(events.status, "received"));
    expect(left).toHaveLength(4);
  });
});
