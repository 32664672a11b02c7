import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartner, createUser } from "~/db/seed/factories";
import { connectorFor, newTenant, startSandbox } from "~/server/psa/connectwise/test-support";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";
import { removeConnectWiseTenant } from "~/server/sandbox/connectwise";
import { createTestDatabase } from "~/server/testing/test-db";

import { createCaller } from "../root";
import { createTRPCContext } from "../trpc";

import { connectedSandboxTenant } from "./sandbox";

/**
 * The Sandbox page's router: what the real connectors push to a sandbox over HTTP shows up in the
 * tenant views; technicians may look (sandboxes are global test doubles); outside demo/test mode
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

async function technicianCaller() {
  const partner = await createPartner(handle.db);
  const user = await createUser(handle.db, { partnerId: partner.id, role: "technician" });
  return createCaller(await createTRPCContext({ session: { user: { id: user.id } }, db: handle.db }));
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
  it("lists the demo tenants of both sandboxes first, with counts, to a technician", async () => {
    const caller = await technicianCaller();
    const tenants = await caller.sandbox.tenants();
    expect(tenants.slice(0, 3).map((t) => `${t.provider}:${t.id}`)).toEqual(["autotask:northwind-autotask", "connectwise:contosocloud", "connectwise:psarelaytest"]);
    const northwind = tenants[0]!;
    expect(northwind.name).toBe("Northwind Managed IT");
    expect(northwind.counts.companies).toBeGreaterThan(1);
    expect(JSON.stringify(tenants)).not.toMatch(/secret|privateKey/i);
  });

  it("shows an Autotask ticket and its note pushed by the connector over HTTP", async () => {
    const caller = await technicianCaller();
    const t = autotask.tenant({ name: "Router Test MSP", customerNames: ["Harbor Dental Group"] });
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
    const caller = await technicianCaller();
    const { seeded } = newTenant({ companyName: "Router CW MSP", customers: ["Harbor Dental Group"] });
    cwTenants.push(seeded.companyId);
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
    const caller = await technicianCaller();
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
