import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { listOutcomeHistory } from "~/db/queries/event-outcomes";
import { getTicketOutcome } from "~/db/queries/tickets";
import { events } from "~/db/schema";
import { createEvent, createUser } from "~/db/seed/factories";
import { resetInlineRunner, setInlineRunner } from "~/inngest/inline";
import { InlineRunner } from "~/inngest/inline/runner";
import { handleTicketForEvent } from "~/server/services/tickets/lifecycle";
import { setupPartner, startTicketSandbox, testDeps, type Setup, type TicketSandbox, type TicketTenant } from "~/server/services/tickets/test-kit";
import { createTestDatabase } from "~/server/testing/test-db";
import { setDbHandle } from "~/db";

import { listEventLogPage } from "./list";
import { reprocessEvent } from "./reprocess";

/**
 * Reprocessing keeps every attempt's outcome: an OK event that completed a ticket, reprocessed,
 * becomes "nothing to close" for its new attempt, while attempt 1 (and its ticket number) stays in
 * the history, the Event Log list keeps showing that ticket, and search finds it by number.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let sandbox: TicketSandbox;
let tenant: TicketTenant;
let setup: Setup;
const NAMES = ["Contoso History"];

beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  // A runner without functions: the reprocess is handed over and the test runs the attempt itself.
  setInlineRunner(new InlineRunner({ functions: [], logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() } }));
  sandbox = await startTicketSandbox("autotask");
  tenant = await sandbox.tenant(NAMES);
  setup = await setupPartner(handle.db, "autotask", tenant, { customerNames: NAMES, accountsPerCustomer: 1 });
});
afterAll(async () => {
  resetInlineRunner();
  setDbHandle(undefined);
  await sandbox?.close();
  await handle?.close();
});

describe("event outcome history", () => {
  it("keeps the completed ticket of attempt 1 after a reprocess finds nothing to close", async () => {
    const deps = testDeps();
    const db = handle.db;
    const { partnerId } = setup;
    const customer = setup.customers[0]!;
    const account = customer.accounts[0]!;
    const user = await createUser(db, { partnerId, name: "Rita Reprocess" });
    const base = { partnerId, customerId: customer.id, accountId: account.id, type: "backup" };

    const failure = await createEvent(db, { ...base, severity: "error", message: "Backup failed: quota exceeded" });
    const opened = await handleTicketForEvent(db, { partnerId, eventId: failure.id }, deps);
    expect(opened).toMatchObject({ status: "succeeded", detail: "opened" });
    const recovery = await createEvent(db, { ...base, severity: "ok", message: "Backup completed after quota raise" });
    const completed = await handleTicketForEvent(db, { partnerId, eventId: recovery.id }, deps);
    expect(completed).toMatchObject({ status: "succeeded", detail: "completed", ticketNumber: opened.ticketNumber });
    const number = completed.ticketNumber!;

    await reprocessEvent(db, { partnerId, eventId: recovery.id, userId: user.id });
    // The new attempt shows as pending at once, attempt 1 is kept as it was.
    const pending = await listOutcomeHistory(db, { partnerId, eventId: recovery.id });
    expect(pending.map((a) => [a.attempt, a.status, a.psaTicketNumber])).toEqual([
      [2, "pending", null],
      [1, "succeeded", number],
    ]);

    const again = await handleTicketForEvent(db, { partnerId, eventId: recovery.id }, deps);
    expect(again).toMatchObject({ status: "skipped", ticketNumber: null });
    expect(await getTicketOutcome(db, { partnerId, eventId: recovery.id })).toMatchObject({ status: "skipped", psaTicketNumber: null });

    const attempts = await listOutcomeHistory(db, { partnerId, eventId: recovery.id });
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ attempt: 2, status: "skipped", detail: again.detail, psaTicketNumber: null, triggeredBy: { id: user.id, name: "Rita Reprocess" } });
    expect(attempts[1]).toMatchObject({ attempt: 1, status: "succeeded", detail: "completed", psaTicketNumber: number, triggeredBy: null });

    // The list shows the latest attempt and keeps attempt 1's ticket visible.
    const page = await listEventLogPage(db, { partnerId, limit: 10 });
    const row = page.items.find((e) => e.id === recovery.id)!;
    expect(row.outcomeStatus).toBe("skipped");
    expect(row.outcome).toMatchObject({ latestAttempt: 2, latestDetails: [again.detail], tickets: [{ number, attempt: 1, earlier: true }] });
    const openedRow = page.items.find((e) => e.id === failure.id)!;
    expect(openedRow.outcome.tickets).toEqual([expect.objectContaining({ number, earlier: false })]);

    // Search by ticket number (whole or prefix) finds both events; by message words only the match.
    const byNumber = await listEventLogPage(db, { partnerId, filters: { search: number }, limit: 10 });
    expect(byNumber.items.map((e) => e.id).sort()).toEqual([failure.id, recovery.id].sort());
    const byPrefix = await listEventLogPage(db, { partnerId, filters: { search: number.slice(0, 5) }, limit: 10 });
    expect(byPrefix.items.map((e) => e.id).sort()).toEqual([failure.id, recovery.id].sort());
    const byWords = await listEventLogPage(db, { partnerId, filters: { search: "QUOTA exce" }, limit: 10 });
    expect(byWords.items.map((e) => e.id)).toEqual([failure.id]);
    const none = await listEventLogPage(db, { partnerId, filters: { search: "nothing-like-this" }, limit: 10 });
    expect(none.items).toEqual([]);

    const [stored] = await db.select({ ticketNumbers: events.ticketNumbers, run: events.processingRun }).from(events).where(eq(events.id, recovery.id));
    expect(stored).toEqual({ ticketNumbers: number, run: 2 });
  });
});
