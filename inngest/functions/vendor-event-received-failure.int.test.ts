import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import type * as processModule from "~/server/services/events/process";

import { InlineRunner } from "../inline/runner";
import { vendorEventReceivedFn } from "./vendor-event-received";

/** Processing fails while `failure.error` is set; everything else is the real service. */
const failure = vi.hoisted(() => ({ error: null as Error | null, calls: 0 }));
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
    await runner.send([{ name: "vendor/event.received", data: { partnerId: partner.id, eventId: event.id }, id: `vendor-event-${event.id}` }]);
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
    await runner.send([{ name: "vendor/event.received", data: { partnerId: partner.id, eventId: event.id }, id: `vendor-event-${event.id}-again` }]);
    await runner.drain();
    const [after] = await handle.db.select().from(events).where(eq(events.id, event.id));
    expect(after).toMatchObject({ status: "processed", processingError: null });
  });
});
