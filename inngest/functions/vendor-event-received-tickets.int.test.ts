import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { getTicketOutcome } from "~/db/queries/tickets";
import { createEvent } from "~/db/seed/factories";
import { storeConnection } from "~/server/services/psa-connections/service";
import { reprocessEvents } from "~/server/services/events/reprocess";
import { setupPartner, startTicketSandbox, type TicketSandbox, type TicketTenant } from "~/server/services/tickets/test-kit";
import { createTestDatabase } from "~/server/testing/test-db";

import type * as connectionsModule from "~/server/services/psa-connections/service";

import { resetInlineRunner, setInlineRunner } from "../inline";
import { InlineRunner } from "../inline/runner";
import { vendorEventReceivedFn } from "./vendor-event-received";
import { vendorEventsBatch } from "./vendor-events-batch";

// The real connector for the partner's saved connection, with short backoffs so retries are quick.
vi.mock("~/server/services/psa-connections/service", async (importOriginal) => {
  const real = await importOriginal<typeof connectionsModule>();
  return {
    ...real,
    connectorForPartner: (db: Parameters<typeof real.connectorForPartner>[0], partnerId: string) =>
      real.connectorForPartner(db, partnerId, { backoffBaseMs: 1, maxRetries: 1, timeoutMs: 3_000 }),
  };
});

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let sandbox: TicketSandbox;
let tenant: TicketTenant;
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  sandbox = await startTicketSandbox("autotask");
  tenant = await sandbox.tenant(["Northwind Traders"]);
});
afterAll(async () => {
  setDbHandle(undefined);
  await sandbox?.close();
  await handle?.close();
});

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };

describe("vendor-event-received: the ticket step", () => {
  it("opens the ticket in the job; while the PSA is unreachable the outcome stays pending, then fails reprocessably; reprocess delivers it once", async () => {
    const setup = await setupPartner(handle.db, "autotask", tenant, { customerNames: ["Northwind Traders"] });
    const customer = setup.customers[0]!;
    const runner = new InlineRunner({ functions: [vendorEventsBatch, vendorEventReceivedFn], sleep: async () => {}, logger });
    const send = (data: { partnerId: string; eventId: number }, id: string) => runner.send([{ name: "vendor/event.received", data, id }]);

    const first = await createEvent(handle.db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accounts[0]!.id, severity: "error", status: "dispatched" });
    await send({ partnerId: setup.partnerId, eventId: first.id }, `vendor-event-${first.id}`);
    await runner.drain();
    expect(await getTicketOutcome(handle.db, { partnerId: setup.partnerId, eventId: first.id })).toMatchObject({ status: "succeeded", detail: "opened", attempts: 1 });
    expect(tenant.tickets()).toHaveLength(1);

    // The PSA becomes unreachable: every attempt is retried by the job, then the outcome fails.
    await storeConnection(handle.db, { partnerId: setup.partnerId, userId: null }, { provider: "autotask", settings: { ...tenant.connection.settings, zoneDiscoveryUrl: "http://127.0.0.1:9/atservicesrest" }, secrets: tenant.connection.secrets, accountInfo: null });
    const other = await createEvent(handle.db, { partnerId: setup.partnerId, customerId: customer.id, accountId: customer.accounts[0]!.id, severity: "error", message: "Backup failed: disk full", status: "dispatched" });
    const ref = { partnerId: setup.partnerId, eventId: other.id };
    await send(ref, `vendor-event-${other.id}`);
    await runner.drain();
    const failed = await getTicketOutcome(handle.db, ref);
    expect(failed).toMatchObject({ status: "failed", attempts: 5 });
    expect(failed!.hint).toMatch(/reprocess/i);
    const event = await handle.db.query.events.findFirst({ where: (e, { eq }) => eq(e.id, other.id) });
    expect(event?.outcomeStatus).toBe("failed");

    // The PSA is back: reprocessing delivers the change as one note; reprocessing again changes nothing.
    await storeConnection(handle.db, { partnerId: setup.partnerId, userId: null }, { provider: "autotask", ...tenant.connection, accountInfo: null });
    setInlineRunner(runner);
    const result = await reprocessEvents(handle.db, { partnerId: setup.partnerId, eventIds: [other.id, 999_999_999] });
    // Reprocessing keeps the attempt count: 5 failed attempts, then the one that delivered.
    expect(result).toEqual({ reprocessed: 1, notQueued: 0 });
    await runner.drain();
    expect(await getTicketOutcome(handle.db, ref)).toMatchObject({ status: "succeeded", detail: "noted", attempts: 6 });
    expect(tenant.tickets()[0]!.notes).toBe(1);
    // Reprocessing it again (twice at once) neither opens a ticket nor repeats the note.
    await reprocessEvents(handle.db, { partnerId: setup.partnerId, eventIds: [other.id] });
    await reprocessEvents(handle.db, { partnerId: setup.partnerId, eventIds: [other.id] });
    await runner.drain();
    resetInlineRunner();
    expect(await getTicketOutcome(handle.db, ref)).toMatchObject({ status: "succeeded", detail: "no change" });
    expect(tenant.tickets()).toHaveLength(1);
    expect(tenant.tickets()[0]!.notes).toBe(1);
    expect((await handle.db.query.events.findFirst({ where: (e, { eq }) => eq(e.id, other.id) }))?.outcomeStatus).toBe("succeeded");
  });
});
