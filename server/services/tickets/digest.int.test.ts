import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { claimDigestRun, getDigestRun } from "~/db/queries/digest";
import { digestRuns } from "~/db/schema";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { clearAutotaskFaults, getAutotaskSandboxTenantView, handleAutotaskSandbox, setAutotaskFaults } from "~/server/sandbox/autotask";
import { clearConnectWiseFaults, handleConnectWiseSandbox, listConnectWiseSandboxTickets, setConnectWiseFaults } from "~/server/sandbox/connectwise";
import { createTestDatabase } from "~/server/testing/test-db";

import { sendPartnerDigests } from "./digest";
import { dayWindow, digestCorrelationKey } from "./digest-text";
import { digestWorld, type DigestWorld, eventsOnDay } from "./digest-test-kit";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let at: Awaited<ReturnType<typeof serveFetchHandler>>;
let cw: Awaited<ReturnType<typeof serveFetchHandler>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  at = await serveFetchHandler(handleAutotaskSandbox);
  cw = await serveFetchHandler(handleConnectWiseSandbox);
});
afterAll(async () => {
  await at?.close();
  await cw?.close();
  await handle?.close();
});

const DAY = "2026-11-20";
const TZ = "Europe/Paris";
const opts = { connectorOptions: { maxRetries: 1, backoffBaseMs: 2, timeoutMs: 5_000 }, appUrl: "http://portal.test" };

type Provider = "autotask" | "connectwise";
const sandbox = {
  autotask: {
    url: () => at.url,
    /** Digest tickets in the tenant: title and correlation key. */
    tickets: (tenantId: string) =>
      getAutotaskSandboxTenantView(tenantId)!.tickets.map((t) => ({ title: t.title, ref: t.externalId, company: t.companyName, queue: t.queue, status: t.status })),
    throttle: (tenantId: string) => setAutotaskFaults(tenantId, { throttleRate: 1, retryAfterSeconds: 0, pathContains: "/Tickets" }),
    clearFaults: (tenantId: string) => clearAutotaskFaults(tenantId),
  },
  connectwise: {
    url: () => cw.url,
    tickets: (tenantId: string) =>
      listConnectWiseSandboxTickets(tenantId, 10_000).map((t) => ({ title: t.summary, ref: t.externalXRef, company: t.company, queue: t.board, status: t.status })),
    throttle: (tenantId: string) => setConnectWiseFaults(tenantId, { throttleRate: 1, retryAfterSeconds: 0, pathContains: "/service/tickets" }),
    clearFaults: (tenantId: string) => clearConnectWiseFaults(tenantId),
  },
} satisfies Record<Provider, unknown>;

const digestTickets = (provider: Provider, world: DigestWorld) =>
  sandbox[provider].tickets(world.tenantId).filter((t) => t.ref?.startsWith("psarelay-digest-"));

async function world(provider: Provider, digestEnabled = true, names = ["Alpine Dental", "Birch Logistics", "Cedar Law"]) {
  const w = await digestWorld(handle.db, { provider, sandboxUrl: sandbox[provider].url(), timeZone: TZ, digestEnabled, names, mapped: 2 });
  await eventsOnDay(handle.db, w, dayWindow(DAY, TZ));
  return w;
}

describe.each(["autotask", "connectwise"] as const)("daily digest through the %s sandbox", (provider) => {
  it("opens one ticket per mapped customer with events, skips the unmapped one, and sends nothing twice", async () => {
    const w = await world(provider);
    const first = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(first.status).toBe("done");
    const byCustomer = new Map(first.customers.map((c) => [c.customerId, c]));
    expect(byCustomer.get(w.customers[0]!.id)).toMatchObject({ status: "sent" });
    expect(byCustomer.get(w.customers[1]!.id)).toMatchObject({ status: "sent" });
    expect(byCustomer.get(w.customers[2]!.id)).toEqual({ customerId: w.customers[2]!.id, status: "skipped", reason: "customer not mapped" });
    expect(first.retry).toBeNull();

    const second = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(second.customers.filter((c) => c.status === "already-sent")).toHaveLength(2);
    expect(second.customers.filter((c) => c.status === "sent")).toHaveLength(0);

    const tickets = digestTickets(provider, w);
    expect(tickets).toHaveLength(2);
    const alpine = tickets.find((t) => t.ref === digestCorrelationKey(w.partnerId, w.customers[0]!.id, DAY));
    expect(alpine).toMatchObject({ title: `[Backup] Daily backup summary — Alpine Dental — ${DAY}`, company: "Alpine Dental", status: "New" });
    expect(alpine!.queue).toBe(provider === "autotask" ? "Monitoring Alert" : "Alerts");
    expect(tickets.some((t) => t.company === "Cedar Law")).toBe(false);

    const run = await getDigestRun(handle.db, { partnerId: w.partnerId, customerId: w.customers[0]!.id, day: DAY });
    expect(run).toMatchObject({ status: "succeeded", psaTicketId: expect.any(String) });
  });

  it("sends each local day on its own: the next day's events make the next day's digest", async () => {
    const w = await world(provider);
    await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    const ref = digestCorrelationKey(w.partnerId, w.customers[1]!.id, DAY);
    const ticket = await w.connector.findTicketByExternalRef(ref);
    expect(ticket).not.toBeNull();
    expect(ticket!.title).toContain("Birch Logistics");
    const next = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: "2026-11-21", ...opts });
    // The 2026-11-21 window only holds the "next day" error of each customer: its own digest, a different key.
    expect(next.customers.filter((c) => c.status === "sent")).toHaveLength(2);
    expect(digestTickets(provider, w)).toHaveLength(4);
  });

  it("does nothing when the digest is switched off", async () => {
    const w = await world(provider, false);
    const result = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(result).toMatchObject({ status: "disabled", customers: [] });
    expect(digestTickets(provider, w)).toHaveLength(0);
  });

  it("finds the ticket an interrupted attempt created instead of creating a second one", async () => {
    const w = await world(provider, true, ["Dune Farms"]);
    const customer = w.customers[0]!;
    const key = digestCorrelationKey(w.partnerId, customer.id, DAY);
    // An earlier attempt claimed the day and created the ticket, then died before recording it.
    await claimDigestRun(handle.db, { partnerId: w.partnerId, customerId: customer.id, day: DAY, correlationKey: key });
    const first = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(first.customers[0]).toMatchObject({ status: "sent" });
    expect(digestTickets(provider, w)).toHaveLength(1);
    const ticketId = first.customers[0]!.status === "sent" ? first.customers[0]!.ticketId : "";
    await handle.db.update(digestRuns).set({ status: "pending", psaTicketId: null }).where(eq(digestRuns.partnerId, w.partnerId));

    const again = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(again.customers[0]).toMatchObject({ status: "sent", ticketId });
    expect(digestTickets(provider, w)).toHaveLength(1);
  });

  it("keeps a throttled customer's digest pending for a retry, then sends it once", async () => {
    const w = await world(provider, true, ["Elm Clinic"]);
    sandbox[provider].throttle(w.tenantId);
    const throttled = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(throttled.customers[0]).toMatchObject({ status: "failed", retryable: true });
    expect(throttled.retry).toMatchObject({ customers: 1 });
    expect(await getDigestRun(handle.db, { partnerId: w.partnerId, customerId: w.customers[0]!.id, day: DAY })).toMatchObject({ status: "pending" });
    sandbox[provider].clearFaults(w.tenantId);

    const retried = await sendPartnerDigests(handle.db, { partnerId: w.partnerId, day: DAY, ...opts });
    expect(retried.customers[0]).toMatchObject({ status: "sent" });
    expect(retried.retry).toBeNull();
    expect(digestTickets(provider, w)).toHaveLength(1);
  });
});
