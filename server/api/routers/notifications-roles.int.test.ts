import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { eventOutcomes } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner, createUser } from "~/db/seed/factories";
import { resetInlineRunner, setInlineRunner } from "~/inngest/inline";
import { InlineRunner } from "~/inngest/inline/runner";
import { createTestDatabase } from "~/server/testing/test-db";

import { createCaller } from "../root";
import { createTRPCContext } from "../trpc";

/** Roles: admins change rules; technicians read them, see outcomes and may reprocess. */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  setInlineRunner(new InlineRunner({ functions: [], logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() } }));
});
afterAll(async () => {
  resetInlineRunner();
  setDbHandle(undefined);
  await handle?.close();
});

async function setup() {
  const partner = await createPartner(handle.db);
  const admin = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  const tech = await createUser(handle.db, { partnerId: partner.id, role: "technician" });
  const customer = await createCustomer(handle.db, { partnerId: partner.id });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
  const event = await createEvent(handle.db, { partnerId: partner.id, customerId: customer.id, accountId: account.id, status: "processed", outcomeStatus: "failed" });
  const as = async (id: string) => createCaller(await createTRPCContext({ session: { user: { id } }, db: handle.db }));
  return { partner, event, asAdmin: await as(admin.id), asTech: await as(tech.id) };
}

describe("notifications and reprocessing by role", () => {
  it("lets technicians read rules but not change them", async () => {
    const { asAdmin, asTech } = await setup();
    const rule = await asAdmin.notifications.create({ name: "Tickets", action: "ticket" });
    expect((await asTech.notifications.list()).rules.map((r) => r.id)).toEqual([rule.id]);
    await expect(asTech.notifications.create({ name: "Mine", action: "ticket" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asTech.notifications.update({ id: rule.id, name: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asTech.notifications.setEnabled({ id: rule.id, enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asTech.notifications.delete({ id: rule.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await asAdmin.notifications.list()).rules).toMatchObject([{ id: rule.id, name: "Tickets", enabled: true }]);
  });

  it("rejects an invalid rule with a message naming the field", async () => {
    const { asAdmin } = await setup();
    await expect(asAdmin.notifications.create({ name: "x", action: "ticket", severities: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/severities/),
    });
  });

  it("shows an event's outcomes and lets a technician reprocess it", async () => {
    const { partner, event, asTech } = await setup();
    await handle.db.insert(eventOutcomes).values({
      partnerId: partner.id,
      eventId: event.id,
      action: "ticket",
      status: "failed",
      message: "Autotask refused the credentials.",
      hint: "Check the API user on Integration Setup.",
      attempts: 3,
    });
    const before = await asTech.events.get({ id: event.id });
    expect(before.outcomes).toMatchObject([{ action: "ticket", status: "failed", attempts: 3, hint: "Check the API user on Integration Setup." }]);
    expect((await asTech.events.list({ filters: { onlyFailed: true } })).items.map((e) => e.id)).toEqual([event.id]);

    expect(await asTech.events.reprocessCount({ filters: { onlyFailed: true } })).toMatchObject({ count: 1, overCap: false });
    expect(await asTech.events.reprocess({ id: event.id })).toEqual({ reprocessed: 1, notQueued: 0 });
    const after = await asTech.events.get({ id: event.id });
    expect(after.outcomes).toMatchObject([{ status: "pending", attempts: 3 }]);
    expect(after.event.outcomeStatus).toBe("pending");
    expect(await asTech.events.reprocessMatching({ filters: { onlyFailed: true } })).toEqual({ reprocessed: 0, notQueued: 0 });
  });
});
