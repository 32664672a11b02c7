import { inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { inngest } from "./client";
import { DISPATCH_BATCH_SIZE, dispatchVendorEvents, handOverVendorEvents } from "./dispatch";
import { resetInlineRunner, setInlineRunner } from "./inline";
import { InlineRunner } from "./inline/runner";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
});
afterAll(async () => {
  resetInlineRunner();
  setDbHandle(undefined);
  await handle?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const quiet = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() });

async function storedEvents(count: number) {
  const partner = await createPartner(handle.db);
  const customer = await createCustomer(handle.db, { partnerId: partner.id });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
  const rows = await createEvents(
    handle.db,
    Array.from({ length: count }, () => ({ partnerId: partner.id, customerId: customer.id, accountId: account.id })),
  );
  return rows.map((r) => ({ partnerId: partner.id, eventId: r.id }));
}

async function statuses(items: { eventId: number }[]) {
  const rows = await handle.db
    .select({ id: events.id, status: events.status })
    .from(events)
    .where(inArray(events.id, items.map((i) => i.eventId)));
  return new Map(rows.map((r) => [r.id, r.status]));
}

describe("dispatchVendorEvents", () => {
  it("sends one vendor/event.received per event, in batches, and marks the rows dispatched", async () => {
    const runner = new InlineRunner({ functions: [], logger: quiet() });
    setInlineRunner(runner);
    const send = vi.spyOn(runner, "send");
    const items = await storedEvents(DISPATCH_BATCH_SIZE + 1);

    await dispatchVendorEvents(items);

    expect(send.mock.calls.map(([batch]) => batch.length)).toEqual([DISPATCH_BATCH_SIZE, 1]);
    expect(send.mock.calls[0]![0][0]).toMatchObject({
      name: "vendor/event.received",
      id: `vendor-event-${items[0]!.eventId}`,
      data: { partnerId: items[0]!.partnerId, eventId: items[0]!.eventId },
    });
    expect(new Set((await statuses(items)).values())).toEqual(new Set(["dispatched"]));
  });

  it("marks each event only together with its own partner", async () => {
    setInlineRunner(new InlineRunner({ functions: [], logger: quiet() }));
    const [a] = await storedEvents(1);
    const [b] = await storedEvents(1);
    const [c] = await storedEvents(1);
    // c is claimed by a's partner: sent, but its row (of another partner) is not touched.
    await dispatchVendorEvents([a!, b!, { partnerId: a!.partnerId, eventId: c!.eventId }]);
    const after = await statuses([a!, b!, c!]);
    expect([after.get(a!.eventId), after.get(b!.eventId), after.get(c!.eventId)]).toEqual(["dispatched", "dispatched", "received"]);
  });

  it("never throws when sending fails: it warns without secrets and leaves the rows received", async () => {
    const runner = new InlineRunner({ functions: [], logger: quiet() });
    setInlineRunner(runner);
    vi.spyOn(runner, "send").mockRejectedValue(new Error("connect ECONNREFUSED 127.0.0.1:8288"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const items = await storedEvents(3);

    await expect(dispatchVendorEvents(items)).resolves.toBeUndefined();

    expect(warn).toHaveBeenCalledWith(expect.stringContaining("they stay received"));
    expect(new Set((await statuses(items)).values())).toEqual(new Set(["received"]));
  });

  it("leaves events the inline queue had no room for received, for the sweeper", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const blocker = inngest.createFunction({ id: "blocker", triggers: [{ event: "vendor/event.received" }] }, async () => {
      await gate;
    });
    const runner = new InlineRunner({ functions: [blocker], concurrency: 1, maxQueue: 1, logger: quiet() });
    setInlineRunner(runner);
    const items = await storedEvents(3);

    expect(await handOverVendorEvents(items, { logger: quiet() })).toEqual({ dispatched: 2, failed: 1 });
    const after = await statuses(items);
    expect([after.get(items[0]!.eventId), after.get(items[1]!.eventId), after.get(items[2]!.eventId)]).toEqual([
      "dispatched",
      "dispatched",
      "received",
    ]);
    release();
    await runner.drain();
  });

  it("re-dispatches lost jobs under a fresh event id and leaves their status as it is", async () => {
    const runner = new InlineRunner({ functions: [], logger: quiet() });
    setInlineRunner(runner);
    const send = vi.spyOn(runner, "send");
    const items = await storedEvents(1);
    await handle.db.update(events).set({ status: "dispatched" }).where(inArray(events.id, [items[0]!.eventId]));

    expect(await handOverVendorEvents(items, { redispatch: true })).toEqual({ dispatched: 1, failed: 0 });
    expect(send.mock.calls[0]![0][0]!.id).toMatch(new RegExp(`^vendor-event-${items[0]!.eventId}-redispatch-\\d+$`));
    expect((await statuses(items)).get(items[0]!.eventId)).toBe("dispatched");
  });
});
