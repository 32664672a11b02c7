import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import { SKIP } from "~/server/services/tickets";
import { createTestDatabase } from "~/server/testing/test-db";

import { vendorEventReceivedFn } from "./vendor-event-received";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

/** A fresh engine per run: an engine memoises step results across its executions. */
const run = (data: { partnerId: string; eventId: number }) =>
  new InngestTestEngine({ function: vendorEventReceivedFn }).execute({ events: [{ name: "tickets/event.requested", data }] });

async function storedEvent() {
  const partner = await createPartner(handle.db);
  const customer = await createCustomer(handle.db, { partnerId: partner.id });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
  const event = await createEvent(handle.db, { partnerId: partner.id, customerId: customer.id, accountId: account.id, status: "dispatched" });
  return { partnerId: partner.id, eventId: event.id };
}

const rowOf = async (id: number) => (await handle.db.select().from(events).where(eq(events.id, id)))[0]!;

describe("vendor-event-received", () => {
  it("marks the stored event processed in its process-event step, then runs the ticket step", async () => {
    const ref = await storedEvent();
    const { result, ctx } = await run(ref);
    expect(result).toEqual({ eventId: ref.eventId, outcome: "processed", ticket: { status: "skipped", detail: SKIP.ticketingOff, ticketNumber: null } });
    expect(ctx.step.run).toHaveBeenCalledWith("process-event", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("ticket", expect.any(Function));
    const row = await rowOf(ref.eventId);
    expect(row.status).toBe("processed");
    expect(row.processedAt).toBeInstanceOf(Date);
  });

  it("is a no-op for an event that is already processed", async () => {
    const ref = await storedEvent();
    await run(ref);
    const before = await rowOf(ref.eventId);
    const { result } = await run(ref);
    expect(result).toMatchObject({ eventId: ref.eventId, outcome: "already-processed" });
    expect((await rowOf(ref.eventId)).processedAt).toEqual(before.processedAt);
  });

  it("leaves an event alone when the partner id is not its owner", async () => {
    const ref = await storedEvent();
    const other = await createPartner(handle.db);
    const { result } = await run({ partnerId: other.id, eventId: ref.eventId });
    expect(result).toEqual({ eventId: ref.eventId, outcome: "not-found", ticket: { status: "skipped", detail: "event not found", ticketNumber: null } });
    expect((await rowOf(ref.eventId)).status).toBe("dispatched");
  });
});
