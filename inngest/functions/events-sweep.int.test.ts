import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { events } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { resetInlineRunner, setInlineRunner } from "../inline";
import { InlineRunner } from "../inline/runner";
import { eventsSweep } from "./events-sweep";
import { functions } from "./index";

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

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function partnerWithAccount() {
  const partner = await createPartner(handle.db);
  const customer = await createCustomer(handle.db, { partnerId: partner.id });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
  return { partnerId: partner.id, customerId: customer.id, accountId: account.id };
}

describe("events-sweep", () => {
  it("runs every minute, one at a time", () => {
    expect(eventsSweep.opts.triggers).toEqual([{ cron: "* * * * *" }]);
    expect(eventsSweep.opts.concurrency).toBe(1);
  });

  it("hands stale events of every partner to vendor-event-received, and nothing else", async () => {
    // Inline mode with the app's real functions: re-dispatched events get processed.
    const runner = new InlineRunner({ functions, logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() } });
    setInlineRunner(runner);
    const a = await partnerWithAccount();
    const b = await partnerWithAccount();
    const rows = await createEvents(handle.db, [
      { ...a, status: "received", receivedAt: ago(2) }, // 0: never dispatched
      { ...b, status: "received", receivedAt: ago(5) }, // 1: never dispatched, other partner
      { ...b, status: "dispatched", receivedAt: ago(15) }, // 2: job lost
      { ...a, status: "received", receivedAt: ago(0) }, // 3: fresh, the ingest API is handing it over
      { ...a, status: "dispatched", receivedAt: ago(3) }, // 4: its job may still be queued
      { ...b, status: "failed", receivedAt: ago(30) }, // 5: finished (reprocess is explicit)
    ]);

    const { result } = await new InngestTestEngine({ function: eventsSweep }).execute({
      events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }],
    });
    expect(result).toEqual({ received: { found: 2, dispatched: 2 }, dispatched: { found: 1, dispatched: 1 }, complete: true });

    await runner.drain();
    const after = new Map((await handle.db.select({ id: events.id, status: events.status }).from(events)).map((r) => [r.id, r.status]));
    expect(rows.map((r) => after.get(r.id))).toEqual(["processed", "processed", "processed", "received", "dispatched", "failed"]);
  });
});
