import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import type * as batchModule from "~/server/services/events/batch";
import type * as processModule from "~/server/services/events/process";

import { InlineRunner } from "../inline/runner";
import { vendorEventReceivedFn } from "./vendor-event-received";
import { vendorEventsBatch } from "./vendor-events-batch";

/** Processing fails while `failure.error` (`failure.batchError` for batches) is set; everything else is the real service. */
const failure = vi.hoisted(() => ({ error: null as Error | null, calls: 0, batchError: null as Error | null, batchCalls: 0 }));
vi.mock("~/server/services/events/batch", async (importOriginal) => {
  const real = await importOriginal<typeof batchModule>();
  return {
    ...real,
    processVendorEventBatch: async (...args: Parameters<typeof real.processVendorEventBatch>) => {
      failure.batchCalls++;
      if (failure.batchError) throw failure.batchError;
      return real.processVendorEventBatch(...args);
    },
  };
});
vi.mock("~/server/services/events/process", async (importOriginal) => {
  const real = await importOriginal<typeof processModule>();
  return {
    ...real,
    processVendorEvent: async (...args: Parameters<typeof real.processVendorEvent>) => {
      failure.calls++;
      if (failure.error) throw failure.error;
      return real.processVendorEvent(...args);
    },
  };
});

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

describe("vendor-event-received after its last retry", () => {
  it("marks the event failed with the reason (onFailure), in inline mode", async () => {
    const partner = await createPartner(handle.db);
    const customer = await createCustomer(handle.db, { partnerId: partner.id });
    const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
    const event = await createEvent(handle.db, { partnerId: partner.id, customerId: customer.id, accountId: account.id, status: "dispatched" });
    failure.error = new Error("PSA unreachable.");
    failure.calls = 0;

    const delays: number[] = [];
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
    const runner = new InlineRunner({
      functions: [vendorEventReceivedFn],
      sleep: async (ms) => void delays.push(ms),
      logger,
    });
    await runner.send([{ name: "tickets/event.requested", data: { partnerId: partner.id, eventId: event.id }, id: `vendor-event-${event.id}-ticket` }]);
    await runner.drain();

    // 1 attempt + 4 retries, with growing backoff between them.
    expect(failure.calls).toBe(5);
    expect(delays).toHaveLength(4);
    expect(delays[3]!).toBeGreaterThan(delays[0]!);
    const [row] = await handle.db.select().from(events).where(eq(events.id, event.id));
    expect(row).toMatchObject({ status: "failed", processingError: "PSA unreachable. Reprocess the event to try again." });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("vendor-event-received failed"));

    // Processing it again later (a reprocess) succeeds and clears the error.
    failure.error = null;
    await runner.send([{ name: "tickets/event.requested", data: { partnerId: partner.id, eventId: event.id }, id: `vendor-event-${event.id}-again-ticket` }]);
    await runner.drain();
    const [after] = await handle.db.select().from(events).where(eq(events.id, event.id));
    expect(after).toMatchObject({ status: "processed", processingError: null });
  });

  it("marks a batch's events failed with the reason after the batch step's last retry; a reprocess then processes them", async () => {
    const partner = await createPartner(handle.db);
    const customer = await createCustomer(handle.db, { partnerId: partner.id });
    const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
    const stored: { id: number }[] = [];
    for (let i = 0; i < 3; i++) {
      stored.push(await createEvent(handle.db, { partnerId: partner.id, customerId: customer.id, accountId: account.id, status: "dispatched" }));
    }
    failure.batchError = new Error("database unavailable.");
    failure.batchCalls = 0;
    const delays: number[] = [];
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
    const runner = new InlineRunner({ functions: [vendorEventsBatch, vendorEventReceivedFn], sleep: async (ms) => void delays.push(ms), logger });
    const send = (suffix: string) =>
      runner.send(stored.map((e) => ({ name: "vendor/event.received", data: { partnerId: partner.id, eventId: e.id }, id: `vendor-event-${e.id}${suffix}` })));
    await send("");
    await runner.drain();

    // One run for the three events: 1 attempt + 4 retries of its step.
    expect(failure.batchCalls).toBe(5);
    const rows = await handle.db.select().from(events).where(eq(events.partnerId, partner.id));
    expect(rows.map((r) => [r.status, r.processingError])).toEqual(stored.map(() => ["failed", "database unavailable. Reprocess the event to try again."]));

    failure.batchError = null;
    await send("-again");
    await runner.drain();
    const after = await handle.db.select().from(events).where(eq(events.partnerId, partner.id));
    expect(after.map((r) => [r.status, r.processingError, r.outcomeStatus])).toEqual(stored.map(() => ["processed", null, "skipped"]));
  });
});
