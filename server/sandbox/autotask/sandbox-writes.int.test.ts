import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getTenant } from "./state";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "./testing";

/** Part D checklist items 4–6 for writes: verbs, response shapes, child paths, business rules. */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function client(t: ReturnType<AutotaskSandboxHarness["tenant"]>) {
  const h = sb.headers(t);
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.api}/${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
  };
}

function picks(t: ReturnType<AutotaskSandboxHarness["tenant"]>) {
  const tenant = getTenant(t.tenantId)!;
  const v = (entity: "Tickets" | "TicketNotes" | "Contracts", field: string, label: string) =>
    Number(tenant.picklists[entity]![field]!.find((p) => p.label === label)!.value);
  return { tenant, v };
}

describe("tickets and notes", () => {
  it("creates with POST → {itemId}, refuses missing required fields and bad references with 500 + errors", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { v, tenant } = picks(t);
    const companyID = tenant.tables.Companies.rows[1]!.id;
    const valid = { companyID, title: "Backup failed", queueID: v("Tickets", "queueID", "Backup Alerts"), status: v("Tickets", "status", "New"), priority: v("Tickets", "priority", "High"), dueDateTime: "2030-03-21T00:00:00" };
    for (const field of Object.keys(valid)) {
      const body: Json = { ...valid };
      delete body[field];
      const res = await api("POST", "Tickets", body);
      expect(res.status, field).toBe(500);
      expect(res.json.errors[0]).toContain(`'${field}' is required`);
    }
    expect((await api("POST", "Tickets", { ...valid, companyID: 987654 })).json.errors[0]).toMatch(/companyID 987654 does not exist/);
    expect((await api("POST", "Tickets", { ...valid, queueID: v("Tickets", "queueID", "Old Escalations") })).status).toBe(500);
    expect((await api("POST", "Tickets", { ...valid, assignedResourceID: tenant.resources[0]!.id })).json.errors[0]).toBe(
      "When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.",
    );
    expect((await api("POST", "Tickets", { ...valid, colour: "red" })).status).toBe(400);
    expect((await api("POST", "Tickets", { ...valid, id: 5 })).status).toBe(500);

    const created = await api("POST", "Tickets", { ...valid, ExternalID: "evt-1", Description: "case-insensitive names" });
    expect(created).toEqual({ status: 200, json: { itemId: expect.any(Number) } });
    const item = (await api("GET", `Tickets/${created.json.itemId}`)).json.item;
    expect(item).toMatchObject({ externalID: "evt-1", description: "case-insensitive names", ticketNumber: expect.stringMatching(/^T\d{8}\.\d{4}$/), completedDate: null });
  });

  it("updates with PATCH (changed fields) and PUT (all fields), id in the body", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { v, tenant } = picks(t);
    const ticket = tenant.tables.Tickets.rows[0]!;
    expect(await api("PATCH", "Tickets", { id: ticket.id, status: v("Tickets", "status", "Complete") })).toEqual({ status: 200, json: { itemId: ticket.id } });
    const done = (await api("GET", `Tickets/${ticket.id}`)).json.item;
    expect(done.completedDate).toEqual(expect.any(String));
    expect(done.title).toBe(ticket.title);
    expect((await api("PATCH", "Tickets", { status: 1 })).json.errors[0]).toMatch(/needs the record's 'id'/);
    expect((await api("PATCH", "Tickets", { id: 999999, status: 1 })).status).toBe(500);
    const put = { ...done, title: "Replaced", description: undefined, id: ticket.id };
    delete put.description;
    expect((await api("PUT", "Tickets", put)).status).toBe(200);
    const replaced = (await api("GET", `Tickets/${ticket.id}`)).json.item;
    expect(replaced).toMatchObject({ title: "Replaced", description: null });
  });

  it("writes TicketNotes only under /Tickets/{id}/Notes", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { v, tenant } = picks(t);
    const ticket = tenant.tables.Tickets.rows[0]!;
    const note = { Title: "Update", Description: "Ran the job again", NoteType: v("TicketNotes", "noteType", "Task Notes"), Publish: v("TicketNotes", "publish", "Internal Only") };
    expect((await api("POST", "TicketNotes", { ...note, ticketID: ticket.id })).status).toBe(405);
    const created = await api("POST", `Tickets/${ticket.id}/Notes`, note);
    expect(created.json.itemId).toEqual(expect.any(Number));
    expect((await api("POST", `Tickets/${ticket.id}/Notes`, { ...note, TicketID: ticket.id + 1 })).status).toBe(500);
    expect((await api("POST", `Tickets/424242/Notes`, note)).json.errors[0]).toMatch(/Ticket 424242 does not exist/);
    const found = await api("POST", "TicketNotes/query", { filter: [{ op: "eq", field: "ticketID", value: ticket.id }] });
    expect(found.json.items.map((n: Json) => n.id)).toContain(created.json.itemId);
  });
});

describe("contract services and adjustments", () => {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  it("keeps ContractServices writes under /Contracts/{id}/Services and adjustments create-only", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { tenant } = picks(t);
    const cs = tenant.tables.ContractServices.rows[0]!;
    expect((await api("POST", "ContractServices", { contractID: cs.contractID, serviceID: 24, unitPrice: 1 })).status).toBe(405);
    const created = await api("POST", `Contracts/${cs.contractID}/Services`, { serviceID: 24, unitPrice: 80 });
    expect(created.json.itemId).toEqual(expect.any(Number));
    expect((await api("POST", `Contracts/${cs.contractID}/Services`, { serviceID: 24, unitPrice: 80 })).json.errors[0]).toMatch(/already on contract/);
    expect((await api("POST", "ContractServiceAdjustments/query", { filter: [{ op: "exist", field: "id" }] })).status).toBe(404);
    expect((await api("PATCH", "ContractServiceAdjustments", { id: 1 })).status).toBe(405);
  });

  it("splits the unit row covering the effective date and moves later periods by the same change", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { tenant } = picks(t);
    const cs = tenant.tables.ContractServices.rows[0]!;
    const rows = () => tenant.tables.ContractServiceUnits.rows.filter((u) => u.contractServiceID === cs.id).map((u) => ({ ...u })).sort((a, b) => String(a.startDate).localeCompare(String(b.startDate)));
    const before = rows();
    const target = before[4]!; // a later period, not the first
    const effective = Date.parse(String(target.startDate)) + 9 * 86_400_000;
    const res = await api("POST", "ContractServiceAdjustments", { contractID: cs.contractID, serviceID: cs.serviceID, effectiveDate: day(effective), unitChange: 3 });
    expect(res.json.itemId).toEqual(expect.any(Number));
    const after = rows();
    expect(after).toHaveLength(before.length + 1);
    const old = after.find((u) => u.id === target.id)!;
    expect(String(old.endDate).slice(0, 10)).toBe(day(effective - 86_400_000));
    expect(old.units).toBe(target.units);
    const split = after.find((u) => String(u.startDate).slice(0, 10) === day(effective))!;
    expect(split).toMatchObject({ units: Number(target.units) + 3, endDate: target.endDate });
    expect(after.find((u) => u.id === before[5]!.id)!.units).toBe(Number(before[5]!.units) + 3);
    expect(after.find((u) => u.id === before[3]!.id)!.units).toBe(before[3]!.units);
  });

  it("creates the ContractService when missing, and enforces the business rules", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { tenant, v } = picks(t);
    const contract = tenant.tables.Contracts.rows.find((c) => c.contractType === v("Contracts", "contractType", "Recurring Service"))!;
    const tm = tenant.tables.Contracts.rows.find((c) => c.contractType === v("Contracts", "contractType", "Time and Materials"))!;
    const start = Date.parse(String(contract.startDate));
    const effective = day(start + 40 * 86_400_000);
    const firewall = tenant.tables.Services.rows.find((s) => s.name === "Managed Firewall")!;
    const res = await api("POST", `Contracts/${contract.id}/ServiceAdjustments`, { serviceID: firewall.id, effectiveDate: `${effective}T00:00:00`, unitChange: 2 });
    expect(res.status).toBe(200);
    const cs = tenant.tables.ContractServices.rows.find((r) => r.contractID === contract.id && r.serviceID === firewall.id)!;
    const units = tenant.tables.ContractServiceUnits.rows.filter((u) => u.contractServiceID === cs.id);
    expect(units.length).toBeGreaterThan(1);
    expect(units.every((u) => u.units === 2)).toBe(true);
    expect(String(units[0]!.startDate).slice(0, 10)).toBe(effective);

    const rule = async (body: Json) => (await api("POST", "ContractServiceAdjustments", { contractID: contract.id, serviceID: firewall.id, unitChange: 1, effectiveDate: effective, ...body })).json.errors[0] as string;
    expect(await rule({ effectiveDate: `${effective}T10:30:00` })).toMatch(/without a time of day/);
    expect(await rule({ effectiveDate: day(start - 86_400_000) })).toMatch(/outside the contract's dates/);
    expect(await rule({ contractID: tm.id })).toMatch(/not a Recurring Service contract/);
    expect(await rule({ unitChange: -5 })).toMatch(/fewer than 0 units/);
    expect(await rule({ unitChange: 0 })).toMatch(/must not be 0/);
  });
});

describe("configuration items and CI types", () => {
  it("creates and patches CIs with UDF arrays checked against the tenant's definitions", async () => {
    const t = sb.tenant();
    const api = client(t);
    const { tenant } = picks(t);
    const type = tenant.tables.ConfigurationItemTypes.rows[0]!;
    const base = { companyID: 1, configurationItemType: type.id, isActive: true, referenceTitle: "SRV99" };
    const created = await api("POST", "ConfigurationItems", { ...base, userDefinedFields: [{ name: "backup status", value: "2" }] });
    const id = created.json.itemId;
    expect((await api("POST", "ConfigurationItems", { ...base, userDefinedFields: [{ name: "Colour", value: "x" }] })).json.errors[0]).toMatch(/not a user-defined field/);
    expect((await api("POST", "ConfigurationItems", { ...base, userDefinedFields: [{ name: "Backup Status", value: "9" }] })).json.errors[0]).toMatch(/not a value of the list field/);
    await api("PATCH", "ConfigurationItems", { id, userDefinedFields: [{ name: "Protected Data (GB)", value: "120" }] });
    const item = (await api("GET", `ConfigurationItems/${id}`)).json.item;
    const udf = Object.fromEntries(item.userDefinedFields.map((u: Json) => [u.name, u.value]));
    expect(udf).toMatchObject({ "Backup Status": "2", "Protected Data (GB)": "120", "Vendor Device ID": null });
    expect((await api("DELETE", `ConfigurationItemTypes/${type.id}`)).status).toBe(500);
    const spare = await api("POST", "ConfigurationItemTypes", { name: "Spare", isActive: true });
    expect(await api("DELETE", `ConfigurationItemTypes/${spare.json.itemId}`)).toEqual({ status: 200, json: { itemId: spare.json.itemId } });
  });
});
