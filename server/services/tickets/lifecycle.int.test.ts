import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getCondition, getTicketOutcome } from "~/db/queries/tickets";
import { createEvent } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { correlationKey } from "./correlation";
import { handleTicketForEvent, SKIP, TicketRetryableError } from "./lifecycle";
import { type Setup, setupPartner, startTicketSandbox, testDeps, type TicketSandbox, type TicketTenant } from "./test-kit";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const NAMES = ["Northwind Traders", "Fabrikam Inc", "Tailspin Toys"];

describe.each(["autotask", "connectwise"] as const)("ticket lifecycle through the %s sandbox", (provider) => {
  let sandbox: TicketSandbox;
  let tenant: TicketTenant;
  let setup: Setup;
  beforeAll(async () => {
    sandbox = await startTicketSandbox(provider);
    tenant = await sandbox.tenant(NAMES);
    setup = await setupPartner(handle.db, provider, tenant, { customerNames: NAMES, accountsPerCustomer: 2 });
  });
  afterAll(async () => sandbox?.close());

  const deps = testDeps();
  const send = async (c: number, a: number, severity: "ok" | "warning" | "error", message: string, type = "backup") => {
    const customer = setup.customers[c]!;
    const event = await createEvent(handle.db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accounts[a]!.id, severity, message, type });
    const outcome = await handleTicketForEvent(handle.db, { partnerId: setup.partnerId, eventId: event.id }, deps);
    return { event, outcome, stored: await getTicketOutcome(handle.db, { partnerId: setup.partnerId, eventId: event.id }) };
  };
  const ticketFor = (c: number, a: number, type = "backup") => {
    const key = correlationKey({ partnerId: setup.partnerId, customerId: setup.customers[c]!.id, accountId: setup.customers[c]!.accounts[a]!.id, eventType: type });
    return { key, tickets: tenant.tickets().filter((t) => t.externalRef === key || t.externalRef?.startsWith(`${key}.`)) };
  };

  it("opens one ticket, ignores an identical repeat, notes a change once, completes on OK, reopens a recurrence", async () => {
    const opened = await send(0, 0, "error", "Backup failed");
    expect(opened.outcome).toMatchObject({ status: "succeeded", detail: "opened", attempts: 1 });
    expect(opened.stored).toMatchObject({ status: "succeeded", detail: "opened", psaTicketNumber: opened.outcome.ticketNumber });
    const first = ticketFor(0, 0);
    expect(first.tickets).toHaveLength(1);
    expect(first.tickets[0]!.externalRef).toBe(first.key);
    const notesAtOpen = first.tickets[0]!.notes;
    const row = await handle.db.query.events.findFirst({ where: (e, { eq }) => eq(e.id, opened.event.id) });
    expect(row?.outcomeStatus).toBe("succeeded");

    const repeat = await send(0, 0, "error", "Backup failed");
    expect(repeat.outcome).toMatchObject({ status: "succeeded", detail: "no change", ticketNumber: opened.outcome.ticketNumber });
    expect(ticketFor(0, 0).tickets[0]!.notes).toBe(notesAtOpen);

    const changed = await send(0, 0, "error", "Backup failed: disk full");
    expect(changed.outcome).toMatchObject({ status: "succeeded", detail: "noted" });
    const again = await send(0, 0, "error", "Backup failed: disk full");
    expect(again.outcome.detail).toBe("no change");
    expect(ticketFor(0, 0).tickets[0]!.notes).toBe(notesAtOpen + 1);

    const ok = await send(0, 0, "ok", "Backup succeeded");
    expect(ok.outcome).toMatchObject({ status: "succeeded", detail: "completed" });
    const done = await tenant.technician.getTicket(first.tickets[0]!.id);
    expect(done!.statusId).toBe(setup.choices.completed.id);
    expect(ticketFor(0, 0).tickets[0]!.notes).toBe(notesAtOpen + 2);
    expect((await getCondition(handle.db, { partnerId: setup.partnerId, correlationKey: first.key }))!.state).toBe("closed");

    const nothing = await send(0, 0, "ok", "Backup succeeded");
    expect(nothing.outcome).toMatchObject({ status: "skipped", detail: SKIP.nothingToClose });

    const recurred = await send(0, 0, "error", "Backup failed");
    expect(recurred.outcome).toMatchObject({ status: "succeeded", detail: "reopened", ticketNumber: opened.outcome.ticketNumber });
    expect(ticketFor(0, 0).tickets).toHaveLength(1);
    expect((await tenant.technician.getTicket(first.tickets[0]!.id))!.statusId).toBe(setup.choices.newStatus.id);
    const cond = await getCondition(handle.db, { partnerId: setup.partnerId, correlationKey: first.key });
    expect(cond).toMatchObject({ state: "open", reopenCount: 1 });

    // Another account, another event type: separate conditions, separate tickets.
    expect((await send(0, 1, "warning", "Backup slow")).outcome.detail).toBe("opened");
    expect((await send(0, 0, "error", "Archive failed", "archive")).outcome.detail).toBe("opened");
    expect(ticketFor(0, 1).tickets).toHaveLength(1);
    expect(ticketFor(0, 0, "archive").tickets).toHaveLength(1);
  });

  it("does not complete a ticket a technician has worked on: only a note says the condition cleared", async () => {
    const opened = await send(1, 0, "error", "Backup failed");
    const { tickets } = ticketFor(1, 0);
    await tenant.technician.updateTicket(tickets[0]!.id, { statusId: setup.choices.otherOpenStatus.id });
    const ok = await send(1, 0, "ok", "Backup succeeded");
    expect(ok.outcome).toMatchObject({ status: "succeeded", detail: "noted: worked on by a technician", ticketNumber: opened.outcome.ticketNumber });
    const after = await tenant.technician.getTicket(tickets[0]!.id);
    expect(after!.statusId).toBe(setup.choices.otherOpenStatus.id);
    expect(ticketFor(1, 0).tickets[0]!.notes).toBe(tickets[0]!.notes + 1);
  });

  it("a failure older than the recovery (reprocessed, or delivered late) neither reopens nor opens a ticket", async () => {
    const opened = await send(1, 1, "error", "Backup failed");
    const ok = await send(1, 1, "ok", "Backup succeeded");
    expect(ok.outcome.detail).toBe("completed");
    const { tickets } = ticketFor(1, 1);
    expect(tickets).toHaveLength(1);
    const notes = tickets[0]!.notes;

    // Reprocessing the original failure: skipped, still pointing at its ticket, which stays completed.
    const again = await handleTicketForEvent(handle.db, { partnerId: setup.partnerId, eventId: opened.event.id }, deps);
    expect(again).toMatchObject({ status: "skipped", detail: SKIP.superseded, ticketNumber: opened.outcome.ticketNumber, attempts: 2 });
    // A failure that happened before the recovery but arrives after it: the same.
    const customer = setup.customers[1]!;
    const late = await createEvent(handle.db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accounts[1]!.id, severity: "error", message: "Backup failed: late", occurredAt: new Date(ok.event.occurredAt.getTime() - 60_000) });
    expect(await handleTicketForEvent(handle.db, { partnerId: setup.partnerId, eventId: late.id }, deps)).toMatchObject({ status: "skipped", detail: SKIP.superseded });
    expect(ticketFor(1, 1).tickets).toHaveLength(1);
    expect(ticketFor(1, 1).tickets[0]!.notes).toBe(notes);
    expect((await tenant.technician.getTicket(tickets[0]!.id))!.statusId).toBe(setup.choices.completed.id);

    // A new failure after the recovery still reopens the ticket.
    expect((await send(1, 1, "error", "Backup failed")).outcome).toMatchObject({ detail: "reopened", ticketNumber: opened.outcome.ticketNumber });
  });

  it("a create whose answer was lost after the PSA committed is found by its key on the retry: exactly one ticket", async () => {
    let down = false;
    let posts = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (down) throw new TypeError("fetch failed");
      const res = await fetch(input, init);
      const url = String(input instanceof Request ? input.url : input);
      if ((init?.method ?? "GET") === "POST" && /\/tickets(\?|$)/i.test(url)) {
        posts++;
        down = true; // the answer is lost and the PSA stays unreachable for the rest of this attempt
        throw new TypeError("fetch failed");
      }
      return res;
    };
    const customer = setup.customers[2]!;
    const event = await createEvent(handle.db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accounts[0]!.id, severity: "error", message: "Backup failed" });
    const ref = { partnerId: setup.partnerId, eventId: event.id };
    const err = await handleTicketForEvent(handle.db, ref, testDeps({ connector: { fetch: flaky, maxRetries: 1 } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TicketRetryableError);
    expect(await getTicketOutcome(handle.db, ref)).toMatchObject({ status: "pending", attempts: 1 });
    const key = ticketFor(2, 0).key;
    expect((await getCondition(handle.db, { partnerId: setup.partnerId, correlationKey: key }))!.state).toBe("creating");
    expect(ticketFor(2, 0).tickets).toHaveLength(1);

    down = false;
    const retried = await handleTicketForEvent(handle.db, ref, testDeps({ connector: { fetch: flaky } }));
    expect(retried).toMatchObject({ status: "succeeded", detail: "opened", attempts: 2 });
    expect(retried.message).toMatch(/found in the PSA/);
    expect(posts).toBe(1);
    expect(ticketFor(2, 0).tickets).toHaveLength(1);
    expect(retried.ticketNumber).not.toBeNull();
  });
});

describe("skipped and failed outcomes", () => {
  let sandbox: TicketSandbox;
  let tenant: TicketTenant;
  beforeAll(async () => {
    sandbox = await startTicketSandbox("autotask");
    tenant = await sandbox.tenant(NAMES);
  });
  afterAll(async () => sandbox?.close());

  const run = async (setup: Setup, c = 0, severity: "error" | "ok" = "error") => {
    const customer = setup.customers[c]!;
    const event = await createEvent(handle.db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accounts[0]!.id, severity });
    const outcome = await handleTicketForEvent(handle.db, { partnerId: setup.partnerId, eventId: event.id }, testDeps());
    const row = await handle.db.query.events.findFirst({ where: (e, { eq }) => eq(e.id, event.id) });
    return { outcome, stored: await getTicketOutcome(handle.db, { partnerId: setup.partnerId, eventId: event.id }), eventStatus: row?.outcomeStatus };
  };

  it("says which: customer not mapped, no rule, ticketing off, nothing to close", async () => {
    const unmapped = await setupPartner(handle.db, "autotask", tenant, { customerNames: NAMES.slice(0, 2), unmapped: [NAMES[1]!] });
    expect(await run(unmapped, 1)).toMatchObject({ outcome: { status: "skipped", detail: SKIP.unmapped }, stored: { status: "skipped", detail: SKIP.unmapped }, eventStatus: "skipped" });
    expect(await run(unmapped, 0, "ok")).toMatchObject({ outcome: { status: "skipped", detail: SKIP.nothingToClose } });
    const noRule = await setupPartner(handle.db, "autotask", tenant, { customerNames: NAMES.slice(0, 1), rule: false });
    expect(await run(noRule)).toMatchObject({ outcome: { status: "skipped", detail: SKIP.noRule }, eventStatus: "skipped" });
    const off = await setupPartner(handle.db, "autotask", tenant, { customerNames: NAMES.slice(0, 1), ticketing: false });
    expect(await run(off)).toMatchObject({ outcome: { status: "skipped", detail: SKIP.ticketingOff } });
    expect(tenant.tickets()).toHaveLength(0);
  });

  it("fails with a hint when no PSA is connected, and with the PSA's own message on bad credentials", async () => {
    const notConnected = await setupPartner(handle.db, "autotask", tenant, { customerNames: NAMES.slice(0, 1), connected: false });
    // Settings were read from the PSA through the technician connector; the partner itself has no connection.
    const none = await run(notConnected);
    expect(none).toMatchObject({ outcome: { status: "failed", detail: "no PSA connection" }, eventStatus: "failed" });
    expect(none.stored!.hint).toMatch(/Integration Setup/);

    const badCreds = await setupPartner(handle.db, "autotask", tenant, { customerNames: NAMES.slice(0, 1) });
    const { storeConnection } = await import("~/server/services/psa-connections/service");
    await storeConnection(handle.db, { partnerId: badCreds.partnerId, userId: null }, { provider: "autotask", settings: tenant.connection.settings, secrets: { secret: "wrong-secret" }, accountInfo: null });
    const auth = await run(badCreds);
    expect(auth).toMatchObject({ outcome: { status: "failed", detail: "PSA refused" }, eventStatus: "failed" });
    expect(auth.stored!.hint).toMatch(/Integration Setup/);
    expect(auth.stored!.message).toBeTruthy();
    expect(tenant.tickets()).toHaveLength(0);
  });
});
