import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PsaError } from "~/server/psa/errors";
import { getTenant } from "~/server/sandbox/autotask/state";
import { type AutotaskSandboxHarness, countRequests, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";
import { getAutotaskSandboxTenantView } from "~/server/sandbox/autotask/view";

/** AutotaskConnector ↔ Autotask sandbox over HTTP: tickets, notes, quantity changes, CIs. */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

async function setup(opts: Parameters<AutotaskSandboxHarness["tenant"]>[0] = {}) {
  const t = sb.tenant(opts);
  const { connector, requests } = sb.connector(t);
  const [queues, statuses, priorities, companies] = await Promise.all([connector.listQueues(), connector.listTicketStatuses(), connector.listPriorities(), connector.listCompanies()]);
  const input = {
    companyId: companies[0]!.id,
    title: "Backup failed: SRV01",
    description: "The nightly backup of SRV01 failed with error 1603.",
    queueId: queues.find((q) => q.name === "Backup Alerts")!.id,
    statusId: statuses.find((s) => s.name === "New")!.id,
    priorityId: priorities.find((p) => p.name === "High")!.id,
    externalRef: `evt-${Math.random().toString(36).slice(2, 10)}`,
  };
  return { t, connector, requests, input, statuses, companies, tenant: getTenant(t.tenantId)! };
}

describe("tickets", () => {
  it("creates a ticket (POST → itemId → GET), finds it by external reference, updates it and adds notes", async () => {
    const { connector, input, statuses, requests, t } = await setup();
    const ticket = await connector.createTicket({ ...input, dueAt: new Date("2030-01-01T09:00:00Z") });
    expect(ticket).toMatchObject({ title: input.title, companyId: input.companyId, queueId: input.queueId, statusId: input.statusId, priorityId: input.priorityId, externalRef: input.externalRef, number: expect.stringMatching(/^T\d{8}\.\d{4}$/), completedAt: null });
    expect(countRequests(requests, "/Tickets", "POST")).toBe(1);
    expect(await connector.findTicketByExternalRef(input.externalRef)).toEqual(ticket);
    expect(await connector.findTicketByExternalRef("no-such-ref")).toBeNull();
    expect(await connector.getTicket(ticket.id)).toEqual(ticket);
    expect(await connector.getTicket("99999999")).toBeNull();

    const complete = statuses.find((s) => s.isClosed)!;
    const updated = await connector.updateTicket(ticket.id, { statusId: complete.id, title: "Backup failed: SRV01 (resolved)" });
    expect(updated).toMatchObject({ statusId: complete.id, title: "Backup failed: SRV01 (resolved)", completedAt: expect.any(String) });
    expect(countRequests(requests, "/Tickets", "PATCH")).toBe(1);

    const note = await connector.addTicketNote(ticket.id, { text: "Backup succeeded on retry.", title: "Resolved" });
    const internal = await connector.addTicketNote(ticket.id, { text: "Checked logs.", internal: true });
    const view = getAutotaskSandboxTenantView(t.tenantId)!.tickets.find((x) => String(x.id) === ticket.id)!;
    expect(view.notes.map((n) => [String(n.id), n.title, n.description, n.publish])).toEqual([
      [note.id, "Resolved", "Backup succeeded on retry.", "All Autotask Users"],
      [internal.id, "PSA Relay", "Checked logs.", "Internal Only"],
    ]);
  });

  it("surfaces Autotask's business-rule text as invalid and does not retry it", async () => {
    const { connector, input, requests } = await setup();
    const err = await connector.createTicket({ ...input, companyId: "424242" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PsaError);
    expect(err).toMatchObject({ kind: "invalid", status: 500, psaMessage: "Ticket: companyID 424242 does not exist." });
    expect(countRequests(requests, "/Tickets", "POST")).toBe(1);
    await expect(connector.createTicket({ ...input, companyId: "abc" })).rejects.toThrow(/companyId must be an Autotask id/);
  });
});

describe("quantity changes", () => {
  it("applies a signed, date-only ContractServiceAdjustment and reads the new units back", async () => {
    const { connector, companies, t, requests } = await setup();
    const contracts = await connector.listContracts([companies[0]!.id]);
    const msa = contracts.find((c) => c.kind === "recurring_service")!;
    const [cs] = await connector.listContractServices([msa.id]);
    const today = new Date().toISOString().slice(0, 10);
    const down = await connector.applyQuantityChange({ contractId: msa.id, serviceId: cs!.serviceId, contractServiceId: cs!.id, currentQuantity: cs!.quantity, newQuantity: cs!.quantity + 4, effectiveDate: today });
    expect(down.ref).toMatch(/^\d+$/);
    const [after] = await connector.listContractServices([msa.id]);
    expect(after!.quantity).toBe(cs!.quantity + 4);
    const view = getAutotaskSandboxTenantView(t.tenantId)!.contractServices.find((x) => String(x.id) === cs!.id)!;
    expect(view.currentUnits).toBe(cs!.quantity + 4);
    expect(await connector.applyQuantityChange({ contractId: msa.id, serviceId: cs!.serviceId, currentQuantity: 3, newQuantity: 3, effectiveDate: today })).toEqual({ ref: "unchanged" });
    expect(countRequests(requests, "/ContractServiceAdjustments", "POST")).toBe(1);
  });

  it("adds a service the contract does not have yet, and refuses non-recurring contracts and time parts", async () => {
    const { connector, companies } = await setup({ customerNames: ["A", "B", "C", "D"] });
    const contracts = await connector.listContracts(companies.map((c) => c.id));
    const msa = contracts.find((c) => c.kind === "recurring_service")!;
    const tm = contracts.find((c) => c.kind === "other")!;
    const firewall = (await connector.listServices()).find((s) => s.name === "Managed Firewall")!;
    const today = new Date().toISOString().slice(0, 10);
    await connector.applyQuantityChange({ contractId: msa.id, serviceId: firewall.id, currentQuantity: 0, newQuantity: 7, effectiveDate: today, unitPrice: 75 });
    const added = (await connector.listContractServices([msa.id])).find((cs) => cs.serviceId === firewall.id)!;
    expect(added).toMatchObject({ quantity: 7, unitPrice: 75 });
    const refused = await connector.applyQuantityChange({ contractId: tm.id, serviceId: firewall.id, currentQuantity: 0, newQuantity: 1, effectiveDate: today }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: "invalid", psaMessage: expect.stringMatching(/not a Recurring Service contract/) });
    await expect(connector.applyQuantityChange({ contractId: msa.id, serviceId: firewall.id, currentQuantity: 7, newQuantity: 8, effectiveDate: `${today}T10:00:00` })).rejects.toMatchObject({ kind: "invalid", message: expect.stringMatching(/^effectiveDate must be a date/) });
  });
});

describe("configuration items", () => {
  it("lists CI types and UDF definitions, creates and updates CIs with UDFs", async () => {
    const { connector, companies, requests } = await setup();
    const types = await connector.listConfigurationItemTypes();
    expect(types.map((x) => [x.name, x.isActive])).toContainEqual(["Legacy Device", false]);
    const udfs = await connector.listUdfDefinitions("configurationItem");
    const status = udfs.find((u) => u.name === "Backup Status")!;
    expect(status).toMatchObject({ isPickList: true, type: "list" });
    expect((await connector.listUdfDefinitions("ticket")).map((u) => u.name)).toEqual(["Vendor Alert ID"]);
    expect((await connector.listUdfDefinitions("company")).map((u) => u.name)).toContain("Vendor Customer ID");
    await connector.listUdfDefinitions("configurationItem");
    expect(countRequests(requests, "/ConfigurationItems/entityInformation/userDefinedFields")).toBe(1);

    const server = types.find((x) => x.name === "Server")!;
    const created = await connector.createConfigurationItem({
      companyId: companies[0]!.id,
      typeId: server.id,
      name: "HARBOR-SRV01",
      serialNumber: "SN-123",
      isActive: true,
      installedOn: "2024-05-01",
      externalRef: "device-77",
      udfs: { "Vendor Device ID": "device-77", "Backup Status": status.options![0]!.id },
    });
    expect(created).toMatchObject({ companyId: companies[0]!.id, typeId: server.id, name: "HARBOR-SRV01", installedOn: "2024-05-01", externalRef: "device-77", udfs: { "Vendor Device ID": "device-77", "Backup Status": "1", "Last Successful Backup": null } });
    const updated = await connector.updateConfigurationItem(created.id, { isActive: false, udfs: { "Protected Data (GB)": "512" } });
    expect(updated).toMatchObject({ isActive: false, serialNumber: "SN-123", udfs: { "Vendor Device ID": "device-77", "Protected Data (GB)": "512" } });
    await expect(connector.updateConfigurationItem(created.id, { udfs: { Colour: "red" } })).rejects.toMatchObject({ kind: "invalid", psaMessage: expect.stringMatching(/Colour/) });
  });
});
