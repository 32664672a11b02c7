import { InngestTestEngine } from "@inngest/test";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { listOutcomeHistory } from "~/db/queries/event-outcomes";
import { getTicketOutcome } from "~/db/queries/tickets";
import { customerMappings, eventOutcomes, events, notificationRules, ticketConditions, ticketSettings } from "~/db/schema";
import { createAccount, createCustomer, createEvent, createPartner } from "~/db/seed/factories";
import { processVendorEventBatch } from "~/server/services/events/batch";
import { handleTicketForEvent, SKIP } from "~/server/services/tickets";
import { correlationKey, detailHash } from "~/server/services/tickets/correlation";
import { createTestDatabase } from "~/server/testing/test-db";

import { InlineRunner } from "../inline/runner";
import { billingForEvent } from "./billing";
import { vendorEventReceivedFn } from "./vendor-event-received";
import { vendorEventsBatch } from "./vendor-events-batch";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

/** The lifecycle with a PSA that must never be asked: these events need none. */
const noPsa = {
  connectorFor: () => Promise.reject(new Error("the PSA was asked for an event that needs no PSA work")),
  appUrl: "http://portal.test",
};

type Severity = "ok" | "warning" | "error";

/**
 * A partner with ticketing on (queue + a warning/error rule without OK events), two mapped
 * customers and one unmapped, an open condition with its ticket (account "open") and a closed one
 * (account "closed").
 */
async function ticketingPartner(opts: { ticketing?: boolean; rule?: boolean; billingRule?: boolean } = {}) {
  const partner = await createPartner(handle.db);
  const partnerId = partner.id;
  const mapped = await createCustomer(handle.db, { partnerId });
  const unmapped = await createCustomer(handle.db, { partnerId });
  const acc = {
    fresh: await createAccount(handle.db, { partnerId, customerId: mapped.id }),
    open: await createAccount(handle.db, { partnerId, customerId: mapped.id }),
    closed: await createAccount(handle.db, { partnerId, customerId: mapped.id }),
    spare: await createAccount(handle.db, { partnerId, customerId: mapped.id }),
    unmapped: await createAccount(handle.db, { partnerId, customerId: unmapped.id }),
  };
  const row = { priorityId: "p", queueId: "q", dueDays: 1 };
  await handle.db.insert(ticketSettings).values({
    partnerId,
    queueId: opts.ticketing === false ? null : "q",
    alertMapping: { ok: row, warning: row, error: row },
  });
  if (opts.rule !== false) await handle.db.insert(notificationRules).values({ partnerId, name: "Tickets", action: "ticket", severities: ["warning", "error"] });
  if (opts.billingRule) await handle.db.insert(notificationRules).values({ partnerId, name: "Billing", action: "billing", severities: ["error"] });
  await handle.db.insert(customerMappings).values({ partnerId, customerId: mapped.id, psaCompanyId: "c1", psaCompanyName: "Company" });
  const key = (accountId: string, type = "backup") => correlationKey({ partnerId, customerId: mapped.id, accountId, eventType: type });
  const openDetail = { severity: "error" as const, message: "Backup failed", details: {} };
  await handle.db.insert(ticketConditions).values([
    { partnerId, customerId: mapped.id, accountId: acc.open.id, eventType: "backup", correlationKey: key(acc.open.id), state: "open", psaTicketId: "T-1", psaTicketNumber: "T20260101.0001", lastSeverity: "error", lastDetailHash: detailHash(openDetail) },
    { partnerId, customerId: mapped.id, accountId: acc.closed.id, eventType: "backup", correlationKey: key(acc.closed.id), state: "closed", psaTicketId: "T-2", psaTicketNumber: "T20260101.0002", lastSeverity: "ok", closedAt: new Date() },
  ]);
  const event = (account: keyof typeof acc, severity: Severity, message = "Backup failed", status: "dispatched" | "received" = "dispatched") =>
    createEvent(handle.db, {
      partnerId,
      customerId: account === "unmapped" ? unmapped.id : mapped.id,
      accountId: acc[account].id,
      type: "backup",
      severity,
      message,
      details: {},
      status,
    });
  return { partnerId, event };
}

const outcomeRow = async (partnerId: string, eventId: number) => {
  const o = await getTicketOutcome(handle.db, { partnerId, eventId });
  const [e] = await handle.db.select().from(events).where(eq(events.id, eventId));
  return o && { status: o.status, ruleId: o.ruleId, detail: o.detail, psaTicketId: o.psaTicketId, psaTicketNumber: o.psaTicketNumber, message: o.message, hint: o.hint, attempts: o.attempts, event: [e!.status, e!.outcomeStatus, e!.processingError] };
};

describe("vendor-events-batch: decisions without the PSA", () => {
  it.each([
    ["ticketing off", { ticketing: false }, "fresh", "error", SKIP.ticketingOff],
    ["no rule", { rule: false }, "fresh", "error", SKIP.noRule],
    ["customer not mapped", {}, "unmapped", "error", SKIP.unmapped],
    ["OK event, no condition", {}, "fresh", "ok", SKIP.nothingToClose],
    ["OK event, closed condition", {}, "closed", "ok", SKIP.nothingToClose],
    ["identical repeat of the open ticket", {}, "open", "error", "no change"],
  ] as const)("%s: the same outcome as the lifecycle gives, recorded and processed in the batch", async (_name, opts, account, severity, detail) => {
    const p = await ticketingPartner(opts);
    const batched = await p.event(account, severity);
    const summary = await processVendorEventBatch(handle.db, { partnerId: p.partnerId, eventIds: [batched.id] });
    expect(summary).toEqual({ processed: 1, ignored: 0, ticket: [], billing: [] });
    // Its twin, handled the per-event way today's job does (after the batched one is finished).
    const single = await p.event(account, severity);
    await handle.db.update(events).set({ status: "processed", processedAt: new Date() }).where(eq(events.id, single.id));
    const lifecycle = await handleTicketForEvent(handle.db, { partnerId: p.partnerId, eventId: single.id }, noPsa);
    expect(lifecycle.detail).toBe(detail);
    const a = await outcomeRow(p.partnerId, batched.id);
    const b = await outcomeRow(p.partnerId, single.id);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ detail, attempts: 1, event: ["processed", lifecycle.status, null] });
    // The attempt is kept in the outcome history alike.
    const history = async (eventId: number) =>
      (await listOutcomeHistory(handle.db, { partnerId: p.partnerId, eventId })).map((h) => [h.action, h.attempt, h.status, h.detail, h.psaTicketNumber, h.retries]);
    expect(await history(batched.id)).toEqual(await history(single.id));
    expect(await history(batched.id)).toHaveLength(1);
  });

  it("counts another attempt when a reprocessed event is decided again", async () => {
    const p = await ticketingPartner({ ticketing: false });
    const e = await p.event("fresh", "error");
    await processVendorEventBatch(handle.db, { partnerId: p.partnerId, eventIds: [e.id] });
    await handle.db.update(events).set({ status: "received" }).where(eq(events.id, e.id));
    await processVendorEventBatch(handle.db, { partnerId: p.partnerId, eventIds: [e.id] });
    expect(await outcomeRow(p.partnerId, e.id)).toMatchObject({ status: "skipped", detail: SKIP.ticketingOff, attempts: 2 });
  });

  it("sends PSA work to the lifecycle: new conditions, changes, OK events for an open ticket, and any event whose condition has other events on their way", async () => {
    const p = await ticketingPartner({ billingRule: true });
    const opening = await p.event("fresh", "error");
    const okSameBatch = await p.event("fresh", "ok");
    const changed = await p.event("open", "error", "Backup failed: disk full");
    const closing = await p.event("open", "ok");
    const reopened = await p.event("closed", "warning");
    const quiet = await p.event("unmapped", "error");
    // An OK event whose condition has a warning still waiting outside this batch must wait for it.
    await p.event("spare", "warning", "still queued", "received");
    const okBehindQueued = await p.event("spare", "ok");
    const batch = [opening, okSameBatch, changed, closing, reopened, quiet, okBehindQueued].map((e) => e.id);
    const summary = await processVendorEventBatch(handle.db, { partnerId: p.partnerId, eventIds: [...batch, 999_999_999] });
    expect(summary.processed).toBe(1);
    expect(summary.ignored).toBe(1);
    expect(summary.ticket).toEqual([opening.id, okSameBatch.id, changed.id, closing.id, reopened.id, okBehindQueued.id]);
    // The billing rule (errors) matches the error events, whatever their ticket action.
    expect(summary.billing).toEqual([opening.id, changed.id, quiet.id]);
    const statuses = await handle.db.select({ id: events.id, status: events.status }).from(events).where(inArray(events.id, batch));
    expect(new Map(statuses.map((s) => [s.id, s.status])).get(quiet.id)).toBe("processed");
    expect(statuses.filter((s) => s.status === "processed")).toHaveLength(1);
    // Events left to the lifecycle get no outcome from the batch.
    expect(await handle.db.select().from(eventOutcomes).where(and(eq(eventOutcomes.partnerId, p.partnerId), inArray(eventOutcomes.eventId, summary.ticket)))).toEqual([]);
  });

  it("leaves other partners' and processed events alone", async () => {
    const p = await ticketingPartner({ ticketing: false });
    const other = await ticketingPartner({ ticketing: false });
    const foreign = await other.event("fresh", "error");
    const done = await p.event("fresh", "error");
    await handle.db.update(events).set({ status: "processed" }).where(eq(events.id, done.id));
    expect(await processVendorEventBatch(handle.db, { partnerId: p.partnerId, eventIds: [foreign.id, done.id] })).toEqual({ processed: 0, ignored: 2, ticket: [], billing: [] });
    expect((await handle.db.select().from(events).where(eq(events.id, foreign.id)))[0]!.status).toBe("dispatched");
    expect(await handle.db.select().from(eventOutcomes).where(inArray(eventOutcomes.eventId, [foreign.id, done.id]))).toEqual([]);
  });
});

describe("vendor-events-batch: the function", () => {
  it("processes the batch in one step and fans out one ticket and one billing event per event that needs them (InngestTestEngine)", async () => {
    const p = await ticketingPartner({ billingRule: true });
    const needsPsa = await p.event("fresh", "error");
    const skipped = await p.event("unmapped", "warning");
    // The fan-out's send is mocked: there is no Inngest server here.
    const engine = new InngestTestEngine({ function: vendorEventsBatch, steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }] });
    const { result, ctx } = await engine.execute({
      events: [
        { name: "vendor/event.received", id: `vendor-event-${needsPsa.id}`, data: { partnerId: p.partnerId, eventId: needsPsa.id } },
        { name: "vendor/event.received", id: `vendor-event-${skipped.id}`, data: { partnerId: p.partnerId, eventId: skipped.id } },
      ],
    });
    expect(result).toEqual({ events: 2, processed: 1, ticket: 1, billing: 1, failed: 0 });
    expect(ctx.step.run).toHaveBeenCalledTimes(1);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out", [
      expect.objectContaining({ name: "tickets/event.requested", id: `vendor-event-${needsPsa.id}-ticket`, data: { partnerId: p.partnerId, eventId: needsPsa.id } }),
      expect.objectContaining({ name: "billing/event.requested", id: `vendor-event-${needsPsa.id}-billing`, data: { partnerId: p.partnerId, eventId: needsPsa.id } }),
    ]);
    expect(await outcomeRow(p.partnerId, skipped.id)).toMatchObject({ detail: SKIP.unmapped, event: ["processed", "skipped", null] });
  });

  it("inline: 250 events of two partners become batches of at most 100 per partner; every event ends processed with its outcome", async () => {
    const a = await ticketingPartner({ ticketing: false });
    const b = await ticketingPartner({ rule: false });
    const stored: { partnerId: string; id: number }[] = [];
    for (let i = 0; i < 125; i++) stored.push({ partnerId: a.partnerId, id: (await a.event("fresh", i % 3 === 0 ? "ok" : "error")).id });
    for (let i = 0; i < 125; i++) stored.push({ partnerId: b.partnerId, id: (await b.event("fresh", "warning")).id });
    const sizes: number[] = [];
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
    const runner = new InlineRunner({ functions: [vendorEventsBatch, vendorEventReceivedFn, billingForEvent], sleep: async () => {}, logger });
    const enqueue = runner.enqueue.bind(runner);
    vi.spyOn(runner, "enqueue").mockImplementation((fn, event, list) => {
      if (fn.id() === "vendor-events-batch") sizes.push(list?.length ?? 1);
      return enqueue(fn, event, list);
    });
    await runner.send(stored.map((s) => ({ name: "vendor/event.received", id: `vendor-event-${s.id}`, data: { partnerId: s.partnerId, eventId: s.id } })));
    await runner.drain();
    expect(sizes.sort((x, y) => y - x)).toEqual([100, 100, 25, 25]);
    const rows = await handle.db.select({ status: events.status, outcome: events.outcomeStatus }).from(events).where(inArray(events.id, stored.map((s) => s.id)));
    expect(rows.every((r) => r.status === "processed" && r.outcome === "skipped")).toBe(true);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
