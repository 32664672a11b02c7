import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { eventOutcomes, events } from "~/db/schema";
import { createAccount, createCustomer, createEvents, createPartner } from "~/db/seed/factories";
import { resetInlineRunner, setInlineRunner } from "~/inngest/inline";
import { InlineRunner } from "~/inngest/inline/runner";
import { AppError } from "~/server/errors/app-error";
import { createTestDatabase } from "~/server/testing/test-db";

import { countReprocessable, REPROCESS_CAP, reprocessEvent, reprocessEvents, reprocessMatching } from "./reprocess";

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

const quiet = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() });

/** A runner without functions: it accepts events and runs nothing, so the test sees what was sent. */
function captureSends() {
  const runner = new InlineRunner({ functions: [], logger: quiet() });
  setInlineRunner(runner);
  return vi.spyOn(runner, "send");
}
const sentIds = (send: ReturnType<typeof captureSends>) => send.mock.calls.flatMap(([batch]) => batch.map((e) => e.id!));

/** A partner with four processed events: two failed notifications, one succeeded, one without outcome. */
async function world() {
  const db = handle.db;
  const partner = await createPartner(db);
  const customer = await createCustomer(db, { partnerId: partner.id });
  const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id });
  const statuses = ["failed", "failed", "succeeded", null] as const;
  const rows = await createEvents(
    db,
    statuses.map((outcomeStatus, i) => ({
      partnerId: partner.id,
      customerId: customer.id,
      accountId: account.id,
      occurredAt: new Date(Date.now() - i * 60_000),
      status: "processed" as const,
      processedAt: new Date(),
      outcomeStatus,
    })),
  );
  await db.insert(eventOutcomes).values(
    rows.slice(0, 3).map((r, i) => ({
      partnerId: partner.id,
      eventId: r.id,
      action: "ticket" as const,
      status: statuses[i]!,
      attempts: i + 2,
      message: statuses[i] === "failed" ? "The PSA refused the credentials." : null,
      psaTicketNumber: statuses[i] === "succeeded" ? "T2026.0001" : null,
    })),
  );
  return { partner, customer, account, rows };
}

async function stateOf(ids: number[]) {
  const evs = await handle.db
    .select({ id: events.id, status: events.status, outcomeStatus: events.outcomeStatus })
    .from(events)
    .where(inArray(events.id, ids));
  const outs = await handle.db
    .select({ eventId: eventOutcomes.eventId, status: eventOutcomes.status, attempts: eventOutcomes.attempts, psaTicketNumber: eventOutcomes.psaTicketNumber })
    .from(eventOutcomes)
    .where(inArray(eventOutcomes.eventId, ids));
  return { events: new Map(evs.map((e) => [e.id, e])), outcomes: new Map(outs.map((o) => [o.eventId, o])) };
}

describe("reprocessing events", () => {
  it("resets only the partner's events and outcomes and sends them again under fresh ids", async () => {
    const a = await world();
    const b = await world();
    const send = captureSends();
    const [a0, a1] = a.rows;

    const result = await reprocessEvents(handle.db, { partnerId: a.partner.id, eventIds: [a0!.id, a1!.id, a1!.id, b.rows[0]!.id] });
    expect(result).toEqual({ reprocessed: 2, notQueued: 0 });

    const after = await stateOf([...a.rows, ...b.rows].map((r) => r.id));
    for (const e of [a0!, a1!]) {
      // Handed over again: received, then marked dispatched once the send succeeded.
      expect(after.events.get(e.id)).toMatchObject({ status: "dispatched", outcomeStatus: "pending" });
      expect(after.outcomes.get(e.id)?.status).toBe("pending");
    }
    // Attempts are kept.
    expect([after.outcomes.get(a0!.id)?.attempts, after.outcomes.get(a1!.id)?.attempts]).toEqual([2, 3]);
    // Not chosen, and partner B's event: untouched.
    expect(after.events.get(a.rows[2]!.id)).toMatchObject({ status: "processed", outcomeStatus: "succeeded" });
    expect(after.events.get(b.rows[0]!.id)).toMatchObject({ status: "processed", outcomeStatus: "failed" });
    expect(after.outcomes.get(b.rows[0]!.id)?.status).toBe("failed");

    const first = sentIds(send);
    expect(first).toHaveLength(2);
    for (const e of [a0!, a1!]) {
      expect(first.filter((id) => new RegExp(`^vendor-event-${e.id}-reprocess-[0-9a-f-]{36}$`).test(id))).toHaveLength(1);
    }
    expect(send.mock.calls[0]![0][0]!.data).toMatchObject({ partnerId: a.partner.id });

    // A second reprocess of the same event is not swallowed as a duplicate: a new id.
    send.mockClear();
    await reprocessEvents(handle.db, { partnerId: a.partner.id, eventIds: [a0!.id] });
    const second = sentIds(send);
    expect(second).toHaveLength(1);
    expect(first).not.toContain(second[0]);
  });

  it("refuses one event of another partner as not found, touching nothing", async () => {
    const a = await world();
    const b = await world();
    const send = captureSends();
    const err = await reprocessEvent(handle.db, { partnerId: b.partner.id, eventId: a.rows[0]!.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("NOT_FOUND");
    expect(send).not.toHaveBeenCalled();
    expect((await stateOf([a.rows[0]!.id])).events.get(a.rows[0]!.id)?.status).toBe("processed");

    expect(await reprocessEvent(handle.db, { partnerId: a.partner.id, eventId: a.rows[3]!.id })).toEqual({ reprocessed: 1, notQueued: 0 });
  });

  it("counts and reprocesses the events matching the filters, the partner's only", async () => {
    const a = await world();
    const b = await world();
    const send = captureSends();
    expect(await countReprocessable(handle.db, { partnerId: a.partner.id, filters: { onlyFailed: true } })).toEqual({ count: 2, overCap: false, cap: REPROCESS_CAP });
    expect(await countReprocessable(handle.db, { partnerId: b.partner.id, filters: { accountId: a.account.id } })).toMatchObject({ count: 0 });

    expect(await reprocessMatching(handle.db, { partnerId: a.partner.id, filters: { onlyFailed: true } })).toEqual({ reprocessed: 2, notQueued: 0 });
    const after = await stateOf([...a.rows, ...b.rows].map((r) => r.id));
    expect(a.rows.map((r) => after.events.get(r.id)?.outcomeStatus)).toEqual(["pending", "pending", "succeeded", null]);
    expect(b.rows.map((r) => after.events.get(r.id)?.outcomeStatus)).toEqual(["failed", "failed", "succeeded", null]);
    expect(sentIds(send).map((id) => Number(/^vendor-event-(\d+)-/.exec(id)![1])).sort()).toEqual([a.rows[0]!.id, a.rows[1]!.id].sort());
    // The failed filter no longer matches them.
    expect((await countReprocessable(handle.db, { partnerId: a.partner.id, filters: { onlyFailed: true } })).count).toBe(0);

    // Partner B with A's account id reprocesses nothing.
    expect(await reprocessMatching(handle.db, { partnerId: b.partner.id, filters: { accountId: a.account.id } })).toEqual({ reprocessed: 0, notQueued: 0 });
  });

  it("refuses more than the cap as a whole, with a message that says to narrow the filters", async () => {
    const { partner, customer, account } = await world();
    const send = captureSends();
    await handle.db.execute(sql`
      insert into events (partner_id, vendor_event_id, customer_id, account_id, type, severity, occurred_at, status, outcome_status)
      select ${partner.id}, 'bulk-' || g, ${customer.id}, ${account.id}, 'bulk', 'error', now() - g * interval '1 second', 'processed', 'failed'
      from generate_series(1, ${REPROCESS_CAP}) g`);
    expect(await countReprocessable(handle.db, { partnerId: partner.id, filters: { onlyFailed: true } })).toEqual({ count: REPROCESS_CAP, overCap: true, cap: REPROCESS_CAP });
    const err = await reprocessMatching(handle.db, { partnerId: partner.id, filters: { onlyFailed: true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/More than 10,000 events match these filters.*narrow/);
    expect(send).not.toHaveBeenCalled();
    const [pending] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.partnerId, partner.id), eq(events.outcomeStatus, "pending")));
    expect(pending?.n).toBe(0);

    // Narrowed to one type it is within the cap.
    expect(await countReprocessable(handle.db, { partnerId: partner.id, filters: { onlyFailed: true, type: "backup" } })).toMatchObject({ count: 2, overCap: false });
  });
});
