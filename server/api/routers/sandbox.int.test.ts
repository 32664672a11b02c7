import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartner, createUser } from "~/db/seed/factories";
import { setSandboxTenantOwner } from "~/server/sandbox/common/admin-access";
import { connectorFor, newTenant, startSandbox } from "~/server/psa/connectwise/test-support";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";
import { removeConnectWiseTenant } from "~/server/sandbox/connectwise";
import { storeConnection } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

import { createCaller } from "../root";
import { createTRPCContext } from "../trpc";

import { connectedSandboxTenant } from "./sandbox";

/**
 * The Sandbox page's router: what the real connectors push to a sandbox over HTTP shows up in the
 * tenant views; technicians may look at their own partner's tenants only; outside demo/test mode
 * every procedure is NOT_FOUND.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let autotask: AutotaskSandboxHarness;
let connectwise: Awaited<ReturnType<typeof startSandbox>>;
const cwTenants: string[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  autotask = await startAutotaskSandbox();
  connectwise = await startSandbox();
});
afterAll(async () => {
  for (const id of cwTenants) removeConnectWiseTenant(id);
  await autotask?.close();
  await connectwise?.close();
  await handle?.close();
});

/** A technician's caller; `own` gives the partner a tenant as if its admin had created it through _admin. */
async function technician(partnerFields: { slug?: string } = {}) {
  const partner = await createPartner(handle.db, partnerFields);
  const user = await createUser(handle.db, { partnerId: partner.id, role: "technician" });
  const caller = createCaller(await createTRPCContext({ session: { user: { id: user.id } }, db: handle.db }));
  return { caller, partnerId: partner.id, own: (provider: "autotask" | "connectwise", id: string) => setSandboxTenantOwner(provider, id, partner.id) };
}

async function technicianCaller() {
  return (await technician()).caller;
}

const codeOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? error.code : error;
};

async function inMode<T>(mode: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PSA_RELAY_MODE;
  process.env.PSA_RELAY_MODE = mode;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.PSA_RELAY_MODE;
    else process.env.PSA_RELAY_MODE = before;
  }
}

describe("sandbox router", () => {
  it("lists only the partner's own tenants (demo tenant by slug, created by its admin, its connection's), with counts, to a technician", async () => {
    const northwind = await technician({ slug: "northwind" });
    const created = newTenant({ companyName: "Created By Its Admin", customers: ["Harbor Dental Group"] }).seeded;
    cwTenants.push(created.companyId);
    northwind.own("connectwise", created.companyId);
    const connected = autotask.tenant({ name: "Its Connection", customerNames: ["Harbor Dental Group"] });
    await storeConnection(handle.db, { partnerId: northwind.partnerId, userId: null }, {
      provider: "autotask",
      settings: { username: connected.credentials.username, integrationCode: connected.credentials.integrationCode, zoneDiscoveryUrl: autotask.zoneDiscoveryUrl },
      secrets: { secret: connected.credentials.secret },
      accountInfo: null,
    });
    const tenants = await northwind.caller.sandbox.tenants();
    expect(tenants.map((t) => `${t.provider}:${t.id}`).sort()).toEqual(
      ["autotask:northwind-autotask", `autotask:${connected.tenantId}`, `connectwise:${created.companyId}`].sort(),
    );
    expect(tenants[0]).toMatchObject({ id: "northwind-autotask", name: "Northwind Managed IT" });
    expect(tenants[0]!.counts.companies).toBeGreaterThan(1);
    expect(JSON.stringify(tenants)).not.toMatch(/secret|privateKey/i);

    // Another partner sees none of them, and opening one answers like an unknown tenant.
    const stranger = await technicianCaller();
    expect(await stranger.sandbox.tenants()).toEqual([]);
    expect(await codeOf(stranger.sandbox.tenant({ provider: "autotask", id: "northwind-autotask" }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.sandbox.tenant({ provider: "autotask", id: connected.tenantId }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.sandbox.tenant({ provider: "connectwise", id: created.companyId }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.sandbox.tenant({ provider: "connectwise", id: "psarelaytest" }))).toBe("NOT_FOUND");
  });

  it("shows an Autotask ticket and its note pushed by the connector over HTTP", async () => {
    const { caller, own } = await technician();
    const t = autotask.tenant({ name: "Router Test MSP", customerNames: ["Harbor Dental Group"] });
    own("autotask", t.tenantId);
    const { connector } = autotask.connector(t);
    const ticketsBefore = (await caller.sandbox.tenant({ provider: "autotask", id: t.tenantId })).view.tickets.length;
    const [queues, statuses, priorities, companies] = await Promise.all([
      connector.listQueues(),
      connector.listTicketStatuses(),
      connector.listPriorities(),
      connector.listCompanies(),
    ]);
    const ticket = await connector.createTicket({
      companyId: companies[0]!.id,
      title: "Backup failed: SRV01",
      description: "The nightly backup of SRV01 failed.",
      queueId: queues[0]!.id,
      statusId: statuses.find((s) => s.name === "New")!.id,
      priorityId: priorities[0]!.id,
      externalRef: "evt-router-1",
    });
    await connector.addTicketNote(ticket.id, { title: "Retried", text: "The retry succeeded." });

    const listed = (await caller.sandbox.tenants()).find((x) => x.provider === "autotask" && x.id === t.tenantId);
    expect(listed).toMatchObject({ name: "Router Test MSP", counts: { tickets: ticketsBefore + 1 } });
    const result = await caller.sandbox.tenant({ provider: "autotask", id: t.tenantId });
    if (result.provider !== "autotask") throw new Error("expected the Autotask view");
    expect(result.view.tickets).toHaveLength(ticketsBefore + 1);
    expect(result.view.tickets[0]).toMatchObject({
      title: "Backup failed: SRV01",
      companyName: "Harbor Dental Group",
      externalId: "evt-router-1",
      status: "New",
      notes: [{ title: "Retried", description: "The retry succeeded." }],
    });
  });

  it("shows a ConnectWise ticket and its note pushed by the connector over HTTP", async () => {
    const { caller, own } = await technician();
    const { seeded } = newTenant({ companyName: "Router CW MSP", customers: ["Harbor Dental Group"] });
    cwTenants.push(seeded.companyId);
    own("connectwise", seeded.companyId);
    const { connector } = connectorFor(connectwise.url, seeded);
    const ticketsBefore = (await caller.sandbox.tenant({ provider: "connectwise", id: seeded.companyId })).view.tickets.length;
    const company = (await connector.searchCompanies({ search: "Harbor" }))[0]!;
    const board = (await connector.listQueues())[0]!;
    const status = (await connector.listTicketStatuses(board.id))[0]!;
    const priority = (await connector.listPriorities())[0]!;
    const ticket = await connector.createTicket({
      companyId: company.id,
      title: "Backup failed: SRV-DC01",
      description: "The nightly backup failed.",
      queueId: board.id,
      statusId: status.id,
      priorityId: priority.id,
      externalRef: "evt-router-2",
    });
    await connector.addTicketNote(ticket.id, { text: "Checked the logs.", internal: true });

    // ConnectWise company ids are case-insensitive, as in the sandbox.
    const result = await caller.sandbox.tenant({ provider: "connectwise", id: seeded.companyId.toUpperCase() });
    if (result.provider !== "connectwise") throw new Error("expected the ConnectWise view");
    expect(result.view.tenant).toMatchObject({ id: seeded.companyId, name: "Router CW MSP", counts: { tickets: ticketsBefore + 1 } });
    expect(result.view.tickets[0]).toMatchObject({
      summary: "Backup failed: SRV-DC01",
      company: "Harbor Dental Group",
      externalXRef: "evt-router-2",
    });
    // ConnectWise keeps the initial description as the first note.
    expect(result.view.tickets[0]!.notes.map((n) => [n.text, n.internal])).toEqual([
      ["The nightly backup failed.", false],
      ["Checked the logs.", true],
    ]);
  });

  it("answers NOT_FOUND for an unknown tenant, and for everything outside demo and test modes", async () => {
    const { caller } = await technician({ slug: "contoso" });
    expect(await codeOf(caller.sandbox.tenant({ provider: "autotask", id: "no-such-tenant" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.sandbox.tenant({ provider: "connectwise", id: "northwind-autotask" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.sandbox.tenant({ provider: "autotask", id: " " }))).toBe("BAD_REQUEST");
    expect(await inMode("demo", () => caller.sandbox.tenants())).not.toHaveLength(0);
    for (const mode of ["production", ""]) {
      expect(await inMode(mode, () => codeOf(caller.sandbox.tenants()))).toBe("NOT_FOUND");
      expect(await inMode(mode, () => codeOf(caller.sandbox.tenant({ provider: "autotask", id: "northwind-autotask" })))).toBe("NOT_FOUND");
    }
    // Even with the sandbox served in production (SANDBOX_ENABLED=1) the page stays off.
    process.env.SANDBOX_ENABLED = "1";
    try {
      expect(await inMode("production", () => codeOf(caller.sandbox.tenants()))).toBe("NOT_FOUND");
    } finally {
      delete process.env.SANDBOX_ENABLED;
    }
  });
});

describe("connectedSandboxTenant", () => {
  it("finds the tenant a partner's connection points at: Autotask by API user, ConnectWise by company id", () => {
    const at = autotask.tenant({ name: "Connected AT MSP", customerNames: ["Harbor Dental Group"] });
    expect(connectedSandboxTenant({ provider: "autotask", settings: { username: at.credentials.username.toUpperCase() } })).toEqual({ provider: "autotask", id: at.tenantId });
    expect(connectedSandboxTenant({ provider: "autotask", settings: { username: "nobody@nowhere.test" } })).toBeNull();
    const { seeded } = newTenant({ companyName: "Connected CW MSP", customers: ["Harbor Dental Group"] });
    cwTenants.push(seeded.companyId);
    expect(connectedSandboxTenant({ provider: "connectwise", settings: { companyId: seeded.companyId.toLowerCase() } })).toEqual({ provider: "connectwise", id: seeded.companyId });
    expect(connectedSandboxTenant({ provider: "connectwise", settings: { companyId: "no-such-company" } })).toBeNull();
    expect(connectedSandboxTenant(null)).toBeNull();
  });
});
