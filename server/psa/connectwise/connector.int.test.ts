import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listSandboxAdditions, listSandboxConfigurations, listSandboxTickets } from "~/server/sandbox/connectwise/views";

import { connectorFor, newTenant, startSandbox } from "./test-support";

/** Every ConnectWise connector operation, over HTTP, against the sandbox. */
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe("ConnectWiseConnector against the sandbox", () => {
  it("tests the connection: companyinfo, then authenticated calls, reporting name, codebase, version and cloud flag", async () => {
    const { seeded } = newTenant({ companyName: "Contoso Test MSP" });
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    const info = await connector.testConnection();
    expect(info).toMatchObject({ provider: "connectwise", name: "Contoso Test MSP" });
    expect(info.baseUrl).toBe(`${sandbox.url}/sandbox/connectwise/v4_6_release/apis/3.0`);
    expect(info.details).toMatchObject({ codebase: "v4_6_release/", version: "v2025.8", cloud: "yes", companyId: seeded.companyId });
    expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /login/companyinfo/${seeded.companyId} 200`,
      "GET /system/info 200",
      "GET /company/companies 200",
    ]);
  });

  it("lists boards, each board's own statuses, priorities and board types (cached per connection)", async () => {
    const { seeded } = newTenant();
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    const boards = await connector.listQueues();
    expect(boards.map((b) => [b.name, b.isActive])).toEqual([
      ["Alerts", true],
      ["Help Desk", true],
      ["NOC", true],
      ["Projects Intake", false],
    ]);
    const helpDesk = boards.find((b) => b.name === "Help Desk")!;
    const alerts = boards.find((b) => b.name === "Alerts")!;
    const helpStatuses = await connector.listTicketStatuses(helpDesk.id);
    const alertStatuses = await connector.listTicketStatuses(alerts.id);
    expect(helpStatuses.map((s) => s.name)).toEqual(["New", "In Progress", "Waiting Customer", "Completed", "Closed"]);
    expect(helpStatuses.filter((s) => s.isClosed).map((s) => s.name)).toEqual(["Completed", "Closed"]);
    expect(helpStatuses.find((s) => s.isDefault)?.name).toBe("New");
    // Same status name, different ids on different boards.
    expect(alertStatuses.find((s) => s.name === "New")!.id).not.toBe(helpStatuses.find((s) => s.name === "New")!.id);
    expect(helpStatuses.every((s) => s.parentId === helpDesk.id)).toBe(true);
    const priorities = await connector.listPriorities();
    expect(priorities[0]?.name).toBe("Priority 1 - Emergency Response");
    expect(priorities.find((p) => p.isDefault)?.name).toBe("Priority 3 - Normal Response");
    expect((await connector.listIssueTypes(helpDesk.id)).map((t) => t.name)).toEqual(["Incident", "Problem", "Service Request"]);
    expect((await connector.listIssueTypes()).length).toBe(7);
    const before = requests.length;
    await connector.listQueues();
    await connector.listTicketStatuses(helpDesk.id);
    await connector.listPriorities();
    expect(requests.length).toBe(before);
    expect(() => connector.listTicketStatuses()).toThrow(/board/);
  });

  it("lists, searches and gets companies; lists agreements, catalog items and agreement additions", async () => {
    const { seeded } = newTenant({ customers: ["Harbor Dental Group", "Bluebird Logistics", "Ironwood Construction"] });
    const { connector } = connectorFor(sandbox.url, seeded);
    const companies = await connector.listCompanies();
    expect(companies.map((c) => c.name)).not.toContain("Removed Holdings");
    expect(companies.find((c) => c.name === "Old Mill Bakery")?.isActive).toBe(false);
    const harbor = companies.find((c) => c.name === "Harbor Dental Group")!;
    expect(await connector.searchCompanies({ search: "dental" })).toEqual([harbor]);
    expect((await connector.searchCompanies({ ids: companies.slice(0, 2).map((c) => c.id) })).length).toBe(2);
    expect(await connector.getCompany(harbor.id)).toEqual(harbor);
    expect(await connector.getCompany("99999999")).toBeNull();

    const onlyClients = connectorFor(sandbox.url, seeded, { companyTypeNames: ["Client"] }).connector;
    expect((await onlyClients.listCompanies()).every((c) => c.typeLabel === "Client")).toBe(true);

    const contracts = await connector.listContracts(companies.map((c) => c.id));
    const harborContracts = contracts.filter((c) => c.companyId === harbor.id);
    expect(harborContracts.map((c) => [c.typeLabel, c.status])).toEqual([
      ["Managed Services", "active"],
      ["Backup Services", "cancelled"],
    ]);
    expect(await connector.getContract(harborContracts[0]!.id)).toEqual(harborContracts[0]);
    expect(await connector.getContract("424242")).toBeNull();

    const services = await connector.listServices();
    expect(services.find((s) => s.name.startsWith("LEGACY-TAPE"))?.isActive).toBe(false);
    const lines = await connector.listContractServices(contracts.map((c) => c.id));
    expect(lines.filter((l) => l.contractId === harborContracts[0]!.id).map((l) => [l.serviceName, l.quantity])).toEqual([
      ["BACKUP-GB-BASIC", 100],
      ["EMAIL-SECURITY-MBX", 5],
    ]);
  });

  it("applies quantity changes: PATCH of an addition with its invoice description, or a new addition", async () => {
    const { seeded } = newTenant({ customers: ["Harbor Dental Group"] });
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    const [agreement] = await connector.listContracts([(await connector.searchCompanies({ search: "Harbor" }))[0]!.id]);
    const [line] = await connector.listContractServices([agreement!.id]);
    const patched = await connector.applyQuantityChange({
      contractId: agreement!.id,
      serviceId: line!.serviceId,
      contractServiceId: line!.id,
      currentQuantity: line!.quantity,
      newQuantity: 640,
      effectiveDate: "2026-02-01",
      invoiceDescription: "Online backup: 640 GB (SRV-DC01 500 GB, LAPTOP-7 140 GB)",
    });
    expect(patched.ref).toBe(line!.id);
    expect(requests.at(-1)).toMatchObject({ method: "PATCH", path: `/finance/agreements/${agreement!.id}/additions/${line!.id}`, status: 200 });

    const product = (await connector.listServices()).find((s) => s.name.startsWith("LOCAL-BACKUP-SRV"))!;
    const created = await connector.applyQuantityChange({ contractId: agreement!.id, serviceId: product.id, currentQuantity: 0, newQuantity: 3, effectiveDate: "2026-02-01" });
    // Without a contractServiceId, an existing addition for the product is updated rather than duplicated.
    const again = await connector.applyQuantityChange({ contractId: agreement!.id, serviceId: product.id, currentQuantity: 3, newQuantity: 4, effectiveDate: "2026-02-01" });
    expect(again.ref).toBe(created.ref);
    const view = listSandboxAdditions(seeded.companyId).filter((a) => a.agreementId === Number(agreement!.id));
    // The Sandbox view lists recently updated additions first; changes within one millisecond tie, so compare as a set.
    expect(view.map((a) => [a.product, a.quantity]).sort()).toEqual([
      ["BACKUP-GB-BASIC", 640],
      ["EMAIL-SECURITY-MBX", 5],
      ["LOCAL-BACKUP-SRV", 4],
    ]);
    expect(view.find((a) => a.product === "BACKUP-GB-BASIC")?.invoiceDescription).toContain("SRV-DC01 500 GB");
    expect(view.find((a) => a.product === "LOCAL-BACKUP-SRV")?.effectiveDate).toBe("2026-02-01T00:00:00Z");
  });

  it("creates, updates, notes and finds tickets by external reference", async () => {
    const { seeded } = newTenant({ customers: ["Harbor Dental Group"] });
    const { connector } = connectorFor(sandbox.url, seeded);
    const company = (await connector.searchCompanies({ search: "Harbor" }))[0]!;
    const board = (await connector.listQueues()).find((b) => b.name === "Alerts")!;
    const statuses = await connector.listTicketStatuses(board.id);
    const priority = (await connector.listPriorities())[1]!;
    const due = new Date("2026-03-01T17:00:00Z");
    const ticket = await connector.createTicket({
      companyId: company.id,
      title: "Backup failed: SRV-DC01",
      description: "The nightly backup of SRV-DC01 failed with error 0x80070005.",
      queueId: board.id,
      statusId: statuses[0]!.id,
      priorityId: priority.id,
      externalRef: "evt-2001",
      dueAt: due,
    });
    expect(ticket).toMatchObject({ title: "Backup failed: SRV-DC01", companyId: company.id, queueId: board.id, statusId: statuses[0]!.id, priorityId: priority.id, externalRef: "evt-2001" });
    expect(await connector.getTicket(ticket.id)).toEqual(ticket);

    const closed = statuses.find((s) => s.isClosed)!;
    const updated = await connector.updateTicket(ticket.id, { statusId: closed.id, title: "Backup recovered: SRV-DC01" });
    expect(updated).toMatchObject({ statusId: closed.id, title: "Backup recovered: SRV-DC01" });
    expect(updated.completedAt).toBeTruthy();
    const note = await connector.addTicketNote(ticket.id, { title: "Recovered", text: "The next backup succeeded.", internal: false });
    expect(note.id).toMatch(/^\d+$/);
    expect(await connector.findTicketByExternalRef("evt-2001")).toMatchObject({ id: ticket.id });
    expect(await connector.findTicketByExternalRef('evt-"none"')).toBeNull();
    expect(await connector.getTicket("987654321")).toBeNull();

    const view = listSandboxTickets(seeded.companyId).find((t) => t.id === Number(ticket.id))!;
    expect(view.notes.map((n) => n.text)).toEqual(["The nightly backup of SRV-DC01 failed with error 0x80070005.", "Recovered\n\nThe next backup succeeded."]);
    expect(view).toMatchObject({ board: "Alerts", status: closed.name, closed: true, externalXRef: "evt-2001" });
  });

  it("lists configuration types and question/custom-field definitions; creates and updates configurations", async () => {
    const { seeded } = newTenant({ customers: ["Harbor Dental Group"] });
    const { connector } = connectorFor(sandbox.url, seeded);
    const types = await connector.listConfigurationItemTypes();
    expect(types.filter((t) => !t.isActive).map((t) => t.name)).toEqual(["Legacy Device"]);
    const udfs = await connector.listUdfDefinitions("configurationItem");
    expect(udfs.map((u) => u.name)).toEqual(expect.arrayContaining(["BIOS Name", "Operating System", "Portal Device Id", "Firmware Version"]));
    expect(udfs.map((u) => u.name)).not.toContain("Notes");
    expect(udfs.find((u) => u.name === "Device Type")?.options?.map((o) => o.name)).toEqual(["Server", "Workstation", "Laptop", "Appliance"]);
    expect((await connector.listUdfDefinitions("ticket")).map((u) => u.name)).toEqual(["Vendor Event Id", "Escalation Reason"]);
    expect((await connector.listUdfDefinitions("company")).map((u) => u.name)).toEqual(["Vendor Customer Id", "Backup Contact"]);

    const company = (await connector.searchCompanies({ search: "Harbor" }))[0]!;
    const server = types.find((t) => t.name === "Managed Server")!;
    const ci = await connector.createConfigurationItem({
      companyId: company.id,
      typeId: server.id,
      name: "SRV-DC01",
      serialNumber: "5CG1234",
      isActive: true,
      installedOn: "2024-02-29",
      externalRef: "acct-77812",
      udfs: { "operating system": "Windows Server 2022", "Device Type": "Server" },
    });
    expect(ci).toMatchObject({ companyId: company.id, typeId: server.id, name: "SRV-DC01", installedOn: "2024-02-29", externalRef: "acct-77812" });
    expect(ci.udfs).toMatchObject({ "Operating System": "Windows Server 2022", "Device Type": "Server", RAM: null });
    const updated = await connector.updateConfigurationItem(ci.id, { isActive: false, udfs: { RAM: "64 GB" } });
    expect(updated).toMatchObject({ isActive: false });
    expect(updated.udfs).toMatchObject({ "Operating System": "Windows Server 2022", RAM: "64 GB" });
    await expect(connector.createConfigurationItem({ companyId: company.id, typeId: server.id, name: "X", isActive: true, udfs: { Colour: "red" } })).rejects.toMatchObject({
      kind: "invalid",
    });
    expect(listSandboxConfigurations(seeded.companyId)[0]).toMatchObject({ name: "SRV-DC01", active: false, answers: { RAM: "64 GB" } });
  });
});
