import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DbOrTx } from "~/db";
import { findTicketSettings, upsertTicketSettings } from "~/db/queries/ticket-settings";
import { customerMappings } from "~/db/schema";
import { createCustomer, createPartner, createUser } from "~/db/seed/factories";
import type { PsaRef } from "~/server/psa/types";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { getTenant as getAutotaskTenant } from "~/server/sandbox/autotask/state";
import { handleConnectWiseSandbox, seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import { findTenant as findConnectWiseTenant } from "~/server/sandbox/connectwise/state";
import { connectorForPartner, testAndSaveConnection } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

import type { TicketSettingsInput } from "./rules";
import { CONNECT_FIRST, getTicketSettings, getTicketSettingsView, loadTicketOptions, saveTicketSettings } from "./service";
import { sendTestTicket } from "./test-ticket";

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

async function admin() {
  const partner = await createPartner(handle.db);
  const user = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  return { partnerId: partner.id, userId: user.id, userName: user.name };
}

async function connectedAutotask() {
  const ctx = await admin();
  const tenant = seedAutotaskTenant();
  const result = await testAndSaveConnection(handle.db, ctx, {
    provider: "autotask",
    username: tenant.credentials.username,
    secret: tenant.credentials.secret,
    integrationCode: tenant.credentials.integrationCode,
    zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(at.url),
  });
  expect(result.ok).toBe(true);
  return { ctx, ticketCount: () => getAutotaskTenant(tenant.tenantId)!.tables.Tickets.size };
}

async function connectedConnectWise() {
  const ctx = await admin();
  const tenant = seedConnectWiseTenant();
  const result = await testAndSaveConnection(handle.db, ctx, {
    provider: "connectwise",
    siteUrl: `${cw.url}/sandbox/connectwise`,
    companyId: tenant.companyId,
    publicKey: tenant.publicKey,
    privateKey: tenant.privateKey,
    clientId: tenant.clientId,
  });
  expect(result.ok).toBe(true);
  return { ctx, ticketCount: () => findConnectWiseTenant(tenant.companyId)!.data.tickets.size };
}

const active = (list: PsaRef[]) => list.filter((r) => r.isActive);

function formFrom(options: { queues: PsaRef[]; priorities: PsaRef[]; statuses: PsaRef[] }, queueId: string): TicketSettingsInput {
  const statuses = active(options.statuses);
  const priorities = active(options.priorities);
  const open = statuses.find((s) => !s.isClosed) ?? statuses[0]!;
  const closed = statuses.find((s) => s.isClosed && s.id !== open.id) ?? statuses.find((s) => s.id !== open.id)!;
  return {
    subjectPrefix: "[Relay]",
    queueId,
    defaultPriorityId: priorities[0]!.id,
    newStatusId: open.id,
    completedStatusId: closed.id,
    alertMapping: {
      ok: { priorityId: null, queueId: null, dueDays: 7 },
      warning: { priorityId: priorities[1]?.id ?? priorities[0]!.id, queueId: null, dueDays: 3 },
      error: { priorityId: priorities[0]!.id, queueId, dueDays: 0 },
    },
    digestEnabled: true,
    digestPriorityId: priorities[priorities.length - 1]!.id,
    digestQueueId: null,
    digestHour: 6,
    reopenWindowHours: 48,
  };
}

async function saveAndCheck(db: DbOrTx, ctx: { partnerId: string; userId: string }) {
  const first = await loadTicketOptions(db, ctx.partnerId, {});
  expect(active(first.queues).length).toBeGreaterThan(0);
  expect(active(first.priorities).length).toBeGreaterThan(0);
  expect(first.companies.length).toBeGreaterThan(0);
  const queue = active(first.queues)[0]!;
  const options = await loadTicketOptions(db, ctx.partnerId, { queueId: queue.id, refresh: true });
  expect(active(options.statuses).length).toBeGreaterThan(1);
  const form = formFrom(options, queue.id);
  const view = await saveTicketSettings(db, ctx, form);
  expect(view.stale).toEqual([]);
  const saved = await getTicketSettings(db, ctx.partnerId);
  expect(saved).toMatchObject({
    saved: true,
    subjectPrefix: "[Relay]",
    queueId: queue.id,
    queueName: queue.name,
    newStatusId: form.newStatusId,
    completedStatusId: form.completedStatusId,
    digestEnabled: true,
    digestHour: 6,
    reopenWindowHours: 48,
  });
  expect(saved.newStatusName).toBe(options.statuses.find((s) => s.id === form.newStatusId)!.name);
  expect(saved.alertMapping.error).toMatchObject({ queueId: queue.id, queueName: queue.name, dueDays: 0 });
  return { options, form, queue };
}

describe.each([
  ["Autotask", connectedAutotask, "queue", "Autotask"],
  ["ConnectWise", connectedConnectWise, "board", "ConnectWise"],
] as const)("ticket settings against the %s sandbox", (_name, connect, word, psa) => {
  it("retrieves the lists, saves, reads back and flags values the PSA no longer has", async () => {
    const { ctx } = await connect();
    expect((await getTicketSettings(handle.db, ctx.partnerId)).saved).toBe(false);
    const { options } = await saveAndCheck(handle.db, ctx);

    // The settings now point at a queue/board and a priority that do not exist in the PSA.
    const row = await findTicketSettings(handle.db, { partnerId: ctx.partnerId });
    const { partnerId: _p, updatedAt: _u, updatedByUserId: _b, ...values } = row!;
    await upsertTicketSettings(handle.db, {
      partnerId: ctx.partnerId,
      userId: ctx.userId,
      values: { ...values, digestQueueId: "987654", digestQueueName: "Gone", alertMapping: { ...values.alertMapping, warning: { ...values.alertMapping.warning, priorityId: "876543", priorityName: "Was here" } } },
    });
    const view = await getTicketSettingsView(handle.db, ctx.partnerId);
    expect(view.staleCheckError).toBeNull();
    expect(view.stale).toEqual([
      { field: "alertMapping.warning.priorityId", id: "876543", name: "Was here", problem: "missing", message: `This priority no longer exists in ${psa} — pick another.` },
      { field: "digestQueueId", id: "987654", name: "Gone", problem: "missing", message: `This ${word} no longer exists in ${psa} — pick another.` },
    ]);

    // Saving an id the PSA does not have is refused, naming the field.
    const form = formFrom(options, options.queues.find((q) => q.isActive)!.id);
    await expect(saveTicketSettings(handle.db, ctx, { ...form, defaultPriorityId: "876543" })).rejects.toThrow(/^Default priority: .*does not exist/);
  });

  it("sends exactly one test ticket, findable by its correlation key", async () => {
    const { ctx, ticketCount } = await connect();
    const { options, form } = await saveAndCheck(handle.db, ctx);
    const company = options.companies[0]!;
    await expect(sendTestTicket(handle.db, ctx, {})).rejects.toThrow(/pick the .* company/);

    const before = ticketCount();
    const result = await sendTestTicket(handle.db, ctx, { companyId: company.id });
    if (!result.ok) throw new Error(result.message);
    expect(result.externalRef).toMatch(/^psarelay-test-[0-9a-f-]{36}$/);
    expect(result.ticketNumber).not.toBe("");
    expect(ticketCount()).toBe(before + 1);

    const connector = (await connectorForPartner(handle.db, ctx.partnerId))!;
    const found = await connector.findTicketByExternalRef(result.externalRef);
    expect(found?.id).toBe(result.ticketId);
    const ticket = await connector.getTicket(result.ticketId);
    expect(ticket).toMatchObject({
      number: result.ticketNumber,
      companyId: company.id,
      queueId: form.queueId,
      statusId: form.newStatusId,
      priorityId: form.defaultPriorityId,
      title: "[Relay] PSA Relay test ticket",
    });

    expect(result.companyName).toBe(company.name);

    // With mapped customers the dialog preselects the first mapped company by name, and that is the
    // company the ticket is created for and named; a company the admin picks is used and named instead.
    const [first, second] = [...options.companies.slice(1, 3)].sort((a, b) => a.name.localeCompare(b.name));
    for (const [name, c] of [["Zeta Customer", second!], ["Alpha Customer", first!]] as const) {
      const customer = await createCustomer(handle.db, { partnerId: ctx.partnerId, name });
      // Mapped in this order so "first mapped" (by time) and "first by name" differ.
      await handle.db.insert(customerMappings).values({ partnerId: ctx.partnerId, customerId: customer.id, psaCompanyId: c.id, psaCompanyName: c.name });
    }
    const view = await getTicketSettingsView(handle.db, ctx.partnerId);
    expect(view.testCompanies.map((c) => c.id)).toEqual([first!.id, second!.id]);
    const preselected = await sendTestTicket(handle.db, ctx, {});
    if (!preselected.ok) throw new Error(preselected.message);
    expect(preselected).toMatchObject({ companyId: first!.id, companyName: first!.name });
    expect((await connector.getTicket(preselected.ticketId))?.companyId).toBe(first!.id);
    const chosen = await sendTestTicket(handle.db, ctx, { companyId: company.id });
    if (!chosen.ok) throw new Error(chosen.message);
    expect(chosen).toMatchObject({ companyId: company.id, companyName: company.name });
    expect((await connector.getTicket(chosen.ticketId))?.companyId).toBe(company.id);
    expect(ticketCount()).toBe(before + 3);
  });

  it("returns the PSA's refusal instead of throwing, and creates nothing", async () => {
    const { ctx, ticketCount } = await connect();
    await saveAndCheck(handle.db, ctx);
    const before = ticketCount();
    const result = await sendTestTicket(handle.db, ctx, { companyId: "99999999" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(new RegExp(`^${psa} has no company with id 99999999: pick one from the list`));
    expect(result.kind).toBe("not_found");
    expect(ticketCount()).toBe(before);
  });
});

describe("ticket settings without a connection", () => {
  it("saves 'Do not map' (ticketing off) but asks for a connection before any PSA value", async () => {
    const ctx = await admin();
    const view = await saveTicketSettings(handle.db, ctx, {
      subjectPrefix: "",
      queueId: null,
      defaultPriorityId: null,
      newStatusId: null,
      completedStatusId: null,
      alertMapping: { ok: { priorityId: null, queueId: null, dueDays: 5 }, warning: { priorityId: null, queueId: null, dueDays: 3 }, error: { priorityId: null, queueId: null, dueDays: 1 } },
      digestEnabled: false,
      digestPriorityId: null,
      digestQueueId: null,
      digestHour: 23,
      reopenWindowHours: 1,
    });
    expect(view).toMatchObject({ saved: true, connection: null, stale: [], settings: { queueId: null, digestHour: 23, reopenWindowHours: 1 } });
    await expect(loadTicketOptions(handle.db, ctx.partnerId, {})).rejects.toThrow(CONNECT_FIRST);
    await expect(sendTestTicket(handle.db, ctx, { companyId: "1" })).rejects.toThrow(CONNECT_FIRST);
  });
});

describe("ConnectWise: statuses belong to the chosen board", () => {
  it("refuses a status of another board", async () => {
    const { ctx } = await connectedConnectWise();
    const { queues } = await loadTicketOptions(handle.db, ctx.partnerId, {});
    const boards = active(queues);
    expect(boards.length).toBeGreaterThan(1);
    const [one, two] = [await loadTicketOptions(handle.db, ctx.partnerId, { queueId: boards[0]!.id }), await loadTicketOptions(handle.db, ctx.partnerId, { queueId: boards[1]!.id })];
    expect(one.statusesForQueueId).toBe(boards[0]!.id);
    const form = formFrom(one, boards[0]!.id);
    const foreign = active(two.statuses).find((s) => !one.statuses.some((o) => o.id === s.id))!;
    await expect(saveTicketSettings(handle.db, ctx, { ...form, newStatusId: foreign.id })).rejects.toThrow(
      /^Status for new tickets: This status does not belong to the chosen board/,
    );
    expect((await getTicketSettings(handle.db, ctx.partnerId)).saved).toBe(false);
  });
});
