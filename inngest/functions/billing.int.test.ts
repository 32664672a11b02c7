import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { billingRuns, billingSettings, eventOutcomes } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import { createRun } from "~/server/services/billing/runs";
import { ITEMS, psaQuantity, setUsage, setupBilling } from "~/server/services/billing/test-kit";
import { startTicketSandbox, type TicketSandbox } from "~/server/services/tickets/test-kit";
import { createTestDatabase } from "~/server/testing/test-db";

import { resetInlineRunner, setInlineRunner } from "../inline";
import { InlineRunner } from "../inline/runner";
import { billingForEvent, billingRun, billingSchedule } from "./billing";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let sandbox: TicketSandbox;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  // Runs the schedule queues are not executed here (no functions): the test looks at the queued rows.
  setInlineRunner(new InlineRunner({ functions: [], logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() } }));
  sandbox = await startTicketSandbox("autotask");
});
afterAll(async () => {
  resetInlineRunner();
  setDbHandle(undefined);
  await sandbox?.close();
  await handle?.close();
});

describe("billing functions", () => {
  it("billing-run executes a queued run, one per partner at a time", async () => {
    expect(billingRun.opts.concurrency).toEqual([{ limit: 1, key: "event.data.partnerId" }]);
    const tenant = await sandbox.tenant(["Acme Dental Partners"]);
    const setup = await setupBilling(handle.db, tenant, { customerNames: ["Acme Dental Partners"] });
    const [a] = ITEMS;
    const held = await psaQuantity(tenant, setup, 0, a);
    await setUsage(handle.db, setup, 0, a, held + 2);
    const run = await createRun(handle.db, { partnerId: setup.partnerId, userId: setup.adminId, customerIds: null, trigger: "manual", customers: 1 });
    const { result } = await new InngestTestEngine({ function: billingRun }).execute({
      events: [{ name: "billing/run.requested", data: { partnerId: setup.partnerId, runId: run.id } }],
    });
    expect(result).toMatchObject({ status: "completed", stats: { done: 1, failed: 0 } });
    expect(await psaQuantity(tenant, setup, 0, a)).toBe(held + 2);
    const [row] = await handle.db.select().from(billingRuns).where(eq(billingRuns.id, run.id));
    expect(row).toMatchObject({ status: "completed" });
    expect(row!.finishedAt).toBeInstanceOf(Date);
  });

  it("billing-schedule starts one run on the partner's billing day and not a second one that day", async () => {
    const partner = await createPartner(handle.db, { timeZone: "UTC" });
    const other = await createPartner(handle.db, { timeZone: "UTC" });
    // The tick of 15 November 10:15 UTC (the function reads the day from the event's timestamp).
    const tick = { name: "inngest/scheduled.timer", data: { cron: "15 * * * *" }, ts: Date.UTC(2026, 10, 15, 10, 15) };
    await handle.db.insert(billingSettings).values([
      { partnerId: partner.id, enabled: true, billingDay: 15 },
      { partnerId: other.id, enabled: true, billingDay: 16 },
    ]);
    const runs = () => handle.db.select().from(billingRuns).where(eq(billingRuns.trigger, "schedule"));
    const first = await new InngestTestEngine({ function: billingSchedule }).execute({ events: [tick] });
    expect(first.result).toMatchObject({ started: [expect.any(String)] });
    expect((await runs()).map((r) => r.partnerId)).toEqual([partner.id]);
    expect((await runs())[0]).toMatchObject({ force: false, customerIds: null });
    const second = await new InngestTestEngine({ function: billingSchedule }).execute({ events: [tick] });
    expect(second.result).toMatchObject({ started: [] });
    expect(await runs()).toHaveLength(1);
  });

  it("billing-for-event records nothing when no billing rule matches the event", async () => {
    const partner = await createPartner(handle.db);
    const customer = await createCustomer(handle.db, { partnerId: partner.id });
    const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id });
    const event = await createEvent(handle.db, { partnerId: partner.id, customerId: customer.id, accountId: account.id });
    const { result } = await new InngestTestEngine({ function: billingForEvent }).execute({
      events: [{ name: "billing/event.requested", data: { partnerId: partner.id, eventId: event.id } }],
    });
    expect(result).toEqual({ status: "no billing rule" });
    expect(await handle.db.select().from(eventOutcomes).where(and(eq(eventOutcomes.eventId, event.id), eq(eventOutcomes.action, "billing")))).toEqual([]);
  });
});
