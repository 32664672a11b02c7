import { describe, expect, it } from "vitest";

import { parseWith } from "./client";
import { additionJson, agreementJson, catalogJson, companyJson, configurationJson, ticketJson } from "./fixtures";
import {
  additionToContractService,
  agreementToContract,
  catalogToService,
  companyToDomain,
  configurationFields,
  configurationToDomain,
  dateOnly,
  dateOnlyToCw,
  fieldsToPatch,
  noteToBody,
  ticketInputToBody,
  ticketToDomain,
  ticketUpdateToPatch,
  userDefinedFieldToUdf,
} from "./map";
import { additionSchema, agreementSchema, catalogItemSchema, companySchema, configurationSchema, ticketSchema, userDefinedFieldSchema } from "./schemas";

describe("ConnectWise → domain mapping", () => {
  it("maps a company (identifier as number, first type as label, status decides activity)", () => {
    const c = companyToDomain(parseWith(companySchema, companyJson, "t"));
    expect(c).toEqual({
      id: "250",
      name: "Harbor Dental Group",
      number: "HarborDental",
      isActive: true,
      typeLabel: "Client",
      phone: "2075550142",
      webAddress: "www.harbordental.com",
    });
    const inactive = companyToDomain(parseWith(companySchema, { ...companyJson, status: { id: 2, name: "Inactive" } }, "t"));
    expect(inactive.isActive).toBe(false);
    expect(companyToDomain(parseWith(companySchema, { ...companyJson, deletedFlag: true }, "t")).isActive).toBe(false);
  });

  it("maps an agreement with its status, dates (date-only, never shifted), billing cycle and currency", () => {
    const a = agreementToContract(parseWith(agreementSchema, agreementJson, "t"));
    expect(a).toMatchObject({ id: "118", companyId: "250", kind: "agreement", typeLabel: "Managed Services", status: "active" });
    expect(a).toMatchObject({ startDate: "2024-01-01", endDate: "2026-12-31", periodType: "monthly", currencyCode: "GBP" });
    expect(agreementToContract(parseWith(agreementSchema, { ...agreementJson, agreementStatus: "Expired" }, "t")).status).toBe("expired");
    expect(agreementToContract(parseWith(agreementSchema, { ...agreementJson, cancelledFlag: true, agreementStatus: undefined }, "t")).status).toBe("cancelled");
  });

  it("maps an addition to a contract service with its quantity", () => {
    const s = additionToContractService(parseWith(additionSchema, additionJson, "t"), "999");
    expect(s).toEqual({
      id: "5012",
      contractId: "118",
      serviceId: "77",
      serviceName: "BACKUP-GB-BASIC",
      quantity: 512.5,
      unitPrice: 0.12,
      unitCost: 0.05,
      invoiceDescription: "Online backup: 512.5 GB",
      lessIncluded: 100,
      effectiveDate: "2024-03-01",
      cancelledDate: null,
    });
  });

  it("maps a catalog item to a service", () => {
    expect(catalogToService(parseWith(catalogItemSchema, catalogJson, "t"))).toEqual({
      id: "77",
      name: "BACKUP-GB-BASIC - Online backup, Basic plan (per GB)",
      description: "Cloud backup storage",
      unitPrice: 0.12,
      unitCost: 0.05,
      periodType: "monthly",
      isActive: true,
    });
  });

  it("maps a ticket, using _info for created/updated times", () => {
    expect(ticketToDomain(parseWith(ticketSchema, ticketJson, "t"))).toEqual({
      id: "10245",
      number: "10245",
      title: "Backup failed: SRV-DC01",
      companyId: "250",
      queueId: "1",
      statusId: "16",
      priorityId: "8",
      assigneeId: "151",
      externalRef: "evt-9f1c",
      createdAt: "2025-03-04T10:01:00Z",
      lastActivityAt: "2025-03-04T10:15:00Z",
      completedAt: null,
    });
  });

  it("maps a configuration with its question answers as UDFs", () => {
    const ci = configurationToDomain(parseWith(configurationSchema, configurationJson, "t"));
    expect(ci).toMatchObject({ id: "901", companyId: "250", typeId: "12", externalRef: "acct-77812", installedOn: "2023-05-10", warrantyExpiresOn: "2026-05-10" });
    expect(ci.udfs).toEqual({ "Operating System": "Windows Server 2022", RAM: null, "Drive Count": "4" });
  });

  it("maps user-defined field definitions with pick-list options", () => {
    const u = parseWith(
      userDefinedFieldSchema,
      { id: 3, caption: "Escalation Reason", screenId: "serviceTicket", podId: 31, fieldTypeIdentifier: "Text", entryTypeIdentifier: "List", requiredFlag: true, options: [{ id: 1, optionValue: "SLA breach", defaultFlag: false, inactiveFlag: false, sortOrder: 0 }] },
      "t",
    );
    expect(userDefinedFieldToUdf(u)).toEqual({
      name: "Escalation Reason",
      label: "Escalation Reason",
      type: "Text",
      isPickList: true,
      isRequired: true,
      options: [{ id: "1", name: "SLA breach", isActive: true, isDefault: false, sortOrder: 0 }],
    });
  });

  it("turns a malformed answer into an invalid PsaError naming the field", () => {
    expect(() => parseWith(ticketSchema, { ...ticketJson, id: "abc" }, "Tickets.get")).toThrow(/Tickets\.get.*id/);
  });
});

describe("domain → ConnectWise bodies", () => {
  it("builds a ticket body with references, a 100-character summary and a UTC required date", () => {
    const body = ticketInputToBody({
      companyId: "250",
      title: "x".repeat(150),
      description: "Details",
      queueId: "1",
      statusId: "16",
      priorityId: "8",
      externalRef: "evt-1",
      dueAt: new Date("2025-03-05T12:00:00.500Z"),
      issueTypeId: "4",
      contractId: "118",
    });
    expect((body.summary as string).length).toBe(100);
    expect(body).toMatchObject({ company: { id: 250 }, board: { id: 1 }, status: { id: 16 }, priority: { id: 8 }, type: { id: 4 }, agreement: { id: 118 } });
    expect(body).toMatchObject({ initialDescription: "Details", externalXRef: "evt-1", requiredDate: "2025-03-05T12:00:00Z" });
    expect(body).not.toHaveProperty("subType");
  });

  it("builds JSON-patch operations for a ticket update", () => {
    expect(ticketUpdateToPatch({ title: "New", statusId: "17", priorityId: "9", queueId: "2", dueAt: null })).toEqual([
      { op: "replace", path: "summary", value: "New" },
      { op: "replace", path: "board/id", value: 2 },
      { op: "replace", path: "status/id", value: 17 },
      { op: "replace", path: "priority/id", value: 9 },
      { op: "remove", path: "requiredDate" },
    ]);
    expect(ticketUpdateToPatch({})).toEqual([]);
  });

  it("builds notes (internal analysis vs. discussion) and configuration bodies", () => {
    expect(noteToBody({ title: "Recovered", text: "OK now", internal: true })).toEqual({
      text: "Recovered\n\nOK now",
      detailDescriptionFlag: false,
      internalAnalysisFlag: true,
      processNotifications: false,
    });
    const fields = configurationFields({ name: "SRV", typeId: "12", companyId: "250", externalRef: "acct-1", isActive: false, installedOn: "2024-02-29" });
    expect(fields).toEqual({ name: "SRV", type: { id: 12 }, company: { id: 250 }, deviceIdentifier: "acct-1", activeFlag: false, installationDate: "2024-02-29T00:00:00Z" });
    expect(fieldsToPatch({ type: { id: 12 }, serialNumber: null, name: "X" })).toEqual([
      { op: "replace", path: "type/id", value: 12 },
      { op: "remove", path: "serialNumber" },
      { op: "replace", path: "name", value: "X" },
    ]);
  });

  it("keeps date-only values on their day", () => {
    expect(dateOnly("2025-01-31T00:00:00Z")).toBe("2025-01-31");
    expect(dateOnly(null)).toBeNull();
    expect(dateOnlyToCw("2025-01-31")).toBe("2025-01-31T00:00:00Z");
    expect(() => dateOnlyToCw("31/01/2025")).toThrow();
  });
});
