import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { failVendorEvent, MAX_PROCESSING_ERROR_LENGTH, processVendorEvent } from "./process";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

async function eventOfNewPartner(status: "received" | "dispatched" | "processed" | "failed" = "dispatched") {
  const partner = await createPartner(handle.db);
  const customer = await createCustomer(handle.db, { partnerId: partner.id });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
  const event = await createEvent(handle.db, { partnerId: partner.id, customerId: customer.id, accountId: account.id, status });
  return { partner, event };
}

const rowOf = async (id: number) => (await handle.db.select().from(events).where(eq(events.id, id)))[0]!;

describe("processVendorEvent", () => {
  it("marks the event processed once; a repeat is a no-op", async () => {
    const { partner, event } = await eventOfNewPartner("dispatched");
    expect(await processVendorEvent(handle.db, { partnerId: partner.id, eventId: event.id })).toEqual({
      eventId: event.id,
      outcome: "processed",
    });
    const first = await rowOf(event.id);
    expect(first.status).toBe("processed");
    expect(first.processedAt).toBeInstanceOf(Date);

    expect(await processVendorEvent(handle.db, { partnerId: partner.id, eventId: event.id })).toEqual({
      eventId: event.id,
      outcome: "already-processed",
    });
    expect((await rowOf(event.id)).processedAt).toEqual(first.processedAt);
  });

  it("processes a failed event again and clears its error", async () => {
    const { partner, event } = await eventOfNewPartner("failed");
    await handle.db.update(events).set({ processingError: "PSA down" }).where(eq(events.id, event.id));
    await processVendorEvent(handle.db, { partnerId: partner.id, eventId: event.id });
    expect(await rowOf(event.id)).toMatchObject({ status: "processed", processingError: null });
  });

  it("never touches another partner's event", async () => {
    const { event } = await eventOfNewPartner("received");
    const other = await createPartner(handle.db);
    expect(await processVendorEvent(handle.db, { partnerId: other.id, eventId: event.id })).toEqual({
      eventId: event.id,
      outcome: "not-found",
    });
    expect(await rowOf(event.id)).toMatchObject({ status: "received", processedAt: null });
  });
});

describe("failVendorEvent", () => {
  it("records the reason, capped in length, but leaves a processed event alone", async () => {
    const { partner, event } = await eventOfNewPartner("dispatched");
    expect(await failVendorEvent(handle.db, { partnerId: partner.id, eventId: event.id, error: "x".repeat(5000) })).toBe(true);
    const failed = await rowOf(event.id);
    expect(failed.status).toBe("failed");
    expect(failed.processingError).toHaveLength(MAX_PROCESSING_ERROR_LENGTH);

    const done = await eventOfNewPartner("processed");
    expect(await failVendorEvent(handle.db, { partnerId: done.partner.id, eventId: done.event.id, error: "late" })).toBe(false);
    expect(await rowOf(done.event.id)).toMatchObject({ status: "processed", processingError: null });
  });

  it("does not fail another partner's event", async () => {
    const { event } = await eventOfNewPartner("dispatched");
    const other = await createPartner(handle.db);
    expect(await failVendorEvent(handle.db, { partnerId: other.id, eventId: event.id, error: "nope" })).toBe(false);
    expect((await rowOf(event.id)).status).toBe("dispatched");
  });
});
