import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAccount, createCustomer, createEvents, createPartner, createUser } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { createCaller } from "../root";
import { createTRPCContext } from "../trpc";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

async function partnerWithEvents(timeZone = "UTC") {
  const db = handle.db;
  const partner = await createPartner(db, { timeZone });
  const user = await createUser(db, { partnerId: partner.id, role: "technician" });
  const customer = await createCustomer(db, { partnerId: partner.id, name: "Acme" });
  const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id });
  const events = await createEvents(
    db,
    [0, 1, 2].map((h) => ({
      partnerId: partner.id,
      customerId: customer.id,
      accountId: account.id,
      occurredAt: new Date(Date.UTC(2024, 2, 1, 8 + h)),
      severity: h === 0 ? ("ok" as const) : ("error" as const),
    })),
  );
  const caller = createCaller(await createTRPCContext({ session: { user: { id: user.id } }, db }));
  return { partner, customer, account, events, caller };
}

const codeOf = async (p: Promise<unknown>) => {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? error.code : error;
};

describe("customers and events routers", () => {
  it("answer NOT_FOUND for another partner's customer and event, and BAD_REQUEST for junk ids", async () => {
    const mine = await partnerWithEvents();
    const theirs = await partnerWithEvents();
    expect(await codeOf(mine.caller.customers.get({ id: theirs.customer.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mine.caller.events.get({ id: theirs.events[0]!.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mine.caller.customers.get({ id: "nope" }))).toBe("BAD_REQUEST");
    expect(await mine.caller.customers.get({ id: mine.customer.id })).toMatchObject({
      customer: { id: mine.customer.id },
      accounts: [{ id: mine.account.id }],
    });
    expect((await mine.caller.events.get({ id: mine.events[0]!.id })).event.id).toBe(mine.events[0]!.id);
    const list = await mine.caller.events.list({ filters: { customerId: theirs.customer.id } });
    expect(list.items).toEqual([]);
  });

  it("pages as an infinite query and reads custom bounds in the partner's time zone", async () => {
    const { caller, events } = await partnerWithEvents("Europe/Berlin");
    const first = await caller.events.list({ filters: {}, limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([events[2]!.id, events[1]!.id]);
    const second = await caller.events.list({ filters: {}, limit: 2, cursor: first.nextCursor, direction: "forward" });
    expect(second.items.map((e) => e.id)).toEqual([events[0]!.id]);
    const back = await caller.events.list({ filters: {}, limit: 2, cursor: second.prevCursor, direction: "backward" });
    expect(back.items.map((e) => e.id)).toEqual([events[2]!.id, events[1]!.id]);
    // 10:00–11:00 Berlin is 09:00–10:00 UTC: only the event at 09:00Z.
    const bounded = await caller.events.list({ filters: { from: "2024-03-01T10:00", to: "2024-03-01T11:00" } });
    expect(bounded.items.map((e) => e.id)).toEqual([events[1]!.id]);
    expect(await codeOf(caller.events.list({ filters: { from: "2024-03-02T00:00", to: "2024-03-01T00:00" } }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.events.list({ filters: {}, cursor: "1 or 1=1" }))).toBe("BAD_REQUEST");
  });

  it("counts newer events, lists filter options and builds the histogram", async () => {
    const { caller, events, customer, account } = await partnerWithEvents();
    const page = await caller.events.list({ filters: {}, limit: 50 });
    expect(await caller.events.newerCount({ filters: {}, after: page.items[2]!.cursor })).toEqual({ count: 2, capped: false });
    expect(await caller.events.newerCount({ filters: { severities: ["ok"] }, after: page.items[2]!.cursor })).toEqual({ count: 0, capped: false });
    const options = await caller.events.filterOptions({ customerId: customer.id });
    expect(options).toEqual({
      types: ["backup"],
      customers: [{ id: customer.id, name: "Acme", vendorCustomerId: customer.vendorCustomerId }],
      accounts: [{ id: account.id, accountNumber: account.accountNumber, name: account.name, customerId: customer.id }],
    });
    const histogram = await caller.events.histogram({ filters: { from: "2024-03-01T00:00", to: "2024-03-02T00:00" } });
    expect(histogram.bucket).toBe("hour");
    expect(histogram.points).toEqual([
      { bucket: "2024-03-01T08:00", ok: 1, warning: 0, error: 0 },
      { bucket: "2024-03-01T09:00", ok: 0, warning: 0, error: 1 },
      { bucket: "2024-03-01T10:00", ok: 0, warning: 0, error: 1 },
    ]);
    expect(events).toHaveLength(3);
  });
});
