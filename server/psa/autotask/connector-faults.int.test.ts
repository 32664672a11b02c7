import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { autotaskRequestLog, setAutotaskFaults } from "~/server/sandbox/autotask/admin";
import { getTenant } from "~/server/sandbox/autotask/state";
import { type AutotaskSandboxHarness, countRequests, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";

/** Fault injection: random 429s / 500s and "fail after commit" — the connector still ends right, without duplicates. */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

async function setup(opts: Parameters<AutotaskSandboxHarness["tenant"]>[0] = {}, connectorOpts: Parameters<AutotaskSandboxHarness["connector"]>[1] = {}) {
  const t = sb.tenant(opts);
  const { connector, requests } = sb.connector(t, connectorOpts);
  const [queues, statuses, priorities, companies] = await Promise.all([connector.listQueues(), connector.listTicketStatuses(), connector.listPriorities(), connector.listCompanies()]);
  const ticket = (ref: string) => ({
    companyId: companies[0]!.id,
    title: `Backup failed (${ref})`,
    description: "Nightly job failed.",
    queueId: queues[0]!.id,
    statusId: statuses[0]!.id,
    priorityId: priorities[0]!.id,
    externalRef: ref,
  });
  return { t, connector, requests, ticket, companies, tenant: getTenant(t.tenantId)! };
}

const ticketsWithRef = (s: Awaited<ReturnType<typeof setup>>, ref: string) => s.tenant.tables.Tickets.rows.filter((r) => r.externalID === ref);

describe("fail after commit", () => {
  it("createTicket: the ticket was written but the answer was a 500 — it is found by external reference, not created twice", async () => {
    const s = await setup();
    setAutotaskFaults(s.t.tenantId, { failAfterCommitRate: 1, failAfterCommitMode: "500" });
    const created = await s.connector.createTicket(s.ticket("evt-commit-500"));
    setAutotaskFaults(s.t.tenantId, {});
    expect(ticketsWithRef(s, "evt-commit-500")).toHaveLength(1);
    expect(created.id).toBe(String(ticketsWithRef(s, "evt-commit-500")[0]!.id));
    expect(await s.connector.findTicketByExternalRef("evt-commit-500")).toEqual(created);
    expect(countRequests(s.requests, "/Tickets", "POST")).toBe(1);
  });

  it("createTicket: the answer never came (timeout) — same outcome", async () => {
    const s = await setup({}, { timeoutMs: 400 });
    setAutotaskFaults(s.t.tenantId, { failAfterCommitRate: 1, failAfterCommitMode: "timeout", hangMs: 1500 });
    const created = await s.connector.createTicket(s.ticket("evt-commit-timeout"));
    setAutotaskFaults(s.t.tenantId, {});
    expect(ticketsWithRef(s, "evt-commit-timeout")).toHaveLength(1);
    expect(created.externalRef).toBe("evt-commit-timeout");
    expect(s.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Tickets")).map((r) => r.status)).toEqual(["timeout"]);
  });

  it("notes, quantity changes and CIs with an external reference are applied exactly once", async () => {
    const s = await setup();
    const ticket = await s.connector.createTicket(s.ticket("evt-notes"));
    const contracts = await s.connector.listContracts([s.companies[0]!.id]);
    const msa = contracts.find((c) => c.kind === "recurring_service")!;
    const [cs] = await s.connector.listContractServices([msa.id]);
    const today = new Date().toISOString().slice(0, 10);
    setAutotaskFaults(s.t.tenantId, { failAfterCommitRate: 1 });
    await s.connector.addTicketNote(ticket.id, { text: "Once only" });
    await s.connector.applyQuantityChange({ contractId: msa.id, serviceId: cs!.serviceId, contractServiceId: cs!.id, currentQuantity: cs!.quantity, newQuantity: cs!.quantity + 2, effectiveDate: today });
    const ci = await s.connector.createConfigurationItem({ companyId: s.companies[0]!.id, typeId: String(s.tenant.tables.ConfigurationItemTypes.rows[0]!.id), name: "SRV", isActive: true, externalRef: "dev-once" });
    const noRef = await s.connector
      .createConfigurationItem({ companyId: s.companies[0]!.id, typeId: String(s.tenant.tables.ConfigurationItemTypes.rows[0]!.id), name: "NOREF", isActive: true })
      .catch((e: unknown) => e);
    setAutotaskFaults(s.t.tenantId, {});
    expect(s.tenant.tables.TicketNotes.rows.filter((n) => n.ticketID === Number(ticket.id) && n.description === "Once only")).toHaveLength(1);
    expect((await s.connector.listContractServices([msa.id])).find((x) => x.id === cs!.id)!.quantity).toBe(cs!.quantity + 2);
    expect(s.tenant.tables.ContractServiceAdjustments.size).toBe(1);
    expect(s.tenant.tables.ConfigurationItems.rows.filter((r) => r.referenceNumber === "dev-once").map((r) => String(r.id))).toEqual([ci.id]);
    // Without an external reference a lost answer cannot be checked, so it is reported rather than retried.
    expect(noRef).toMatchObject({ kind: "unavailable" });
    expect(s.tenant.tables.ConfigurationItems.rows.filter((r) => r.referenceTitle === "NOREF")).toHaveLength(1);
  });
});

describe("a run with random faults", () => {
  it("completes every operation correctly while a share of requests get 429s, 500s and lost answers", async () => {
    const s = await setup({ customerNames: Array.from({ length: 60 }, (_, i) => `Faulty ${i}`) }, { maxRetries: 8, backoffBaseMs: 1 });
    setAutotaskFaults(s.t.tenantId, { throttleRate: 0.1, retryAfterSeconds: 0, errorRate: 0.15, failAfterCommitRate: 0.25, latencyMs: 2 });

    const companies = await s.connector.listCompanies();
    const contracts = await s.connector.listContracts(companies.map((c) => c.id));
    const services = await s.connector.listContractServices(contracts.map((c) => c.id));
    const refs = Array.from({ length: 12 }, (_, i) => `evt-fault-${i}`);
    const tickets = await Promise.all(refs.map((ref) => s.connector.createTicket(s.ticket(ref))));
    await Promise.all(tickets.map((t) => s.connector.addTicketNote(t.id, { text: `note for ${t.externalRef}` })));
    const today = new Date().toISOString().slice(0, 10);
    const changed = services.slice(0, 8);
    await Promise.all(changed.map((cs) => s.connector.applyQuantityChange({ contractId: cs.contractId, serviceId: cs.serviceId, contractServiceId: cs.id, currentQuantity: cs.quantity, newQuantity: cs.quantity + 1, effectiveDate: today })));
    const after = await s.connector.listContractServices(contracts.map((c) => c.id));
    setAutotaskFaults(s.t.tenantId, {});

    expect(companies).toHaveLength(60);
    expect(contracts).toHaveLength(60 + 15);
    expect(services).toHaveLength(s.tenant.tables.ContractServices.size);
    for (const ref of refs) expect(ticketsWithRef(s, ref)).toHaveLength(1);
    expect(s.tenant.tables.TicketNotes.rows.filter((n) => String(n.description).startsWith("note for evt-fault-"))).toHaveLength(12);
    expect(s.tenant.tables.ContractServiceAdjustments.size).toBe(8);
    for (const cs of changed) expect(after.find((x) => x.id === cs.id)!.quantity).toBe(cs.quantity + 1);
    const statuses = autotaskRequestLog(s.t.tenantId, 5000).entries.map((e) => e.status);
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((x) => x === 500).length).toBeGreaterThan(0);
  });
});
