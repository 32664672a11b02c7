import { describe, expect, it } from "vitest";

import {
  adjustmentBody,
  ciBody,
  dateTimeOut,
  mapCompany,
  mapConfigurationItem,
  mapContract,
  mapContractService,
  mapTicket,
  mapUdfDefinitions,
  noteBody,
  picklistToRefs,
  ticketCreateBody,
  ticketUpdateBody,
  unitsOn,
} from "./map";
import {
  companySchema,
  configurationItemSchema,
  contractSchema,
  contractServiceSchema,
  contractServiceUnitSchema,
  fieldsResultSchema,
  ticketSchema,
  udfFieldsResultSchema,
} from "./schemas";

// Vendor-shaped payloads (camelCase, nulls, datetimes with and without an offset, picklist values as strings).
const fields = fieldsResultSchema.parse({
  fields: [
    {
      name: "status",
      dataType: "integer",
      isPickList: true,
      isRequired: true,
      picklistParentValueField: "",
      picklistValues: [
        { value: "5", label: "Complete", isDefaultValue: false, sortOrder: 6, parentValue: "", isActive: true, isSystem: true },
        { value: "1", label: "New", isDefaultValue: true, sortOrder: 1, parentValue: "", isActive: true, isSystem: true },
        { value: "12", label: "Old", isDefaultValue: false, sortOrder: 3, parentValue: null, isActive: false, isSystem: false },
      ],
    },
  ],
});

describe("Autotask → domain", () => {
  it("maps picklists to refs in sort order with closed statuses by label", () => {
    const refs = picklistToRefs(fields.fields[0]!.picklistValues!, ["Complete"]);
    expect(refs.map((r) => [r.id, r.name, r.isActive, r.isDefault, r.isClosed])).toEqual([
      ["1", "New", true, true, false],
      ["12", "Old", false, false, false],
      ["5", "Complete", true, false, true],
    ]);
    expect(refs[1]!.parentId).toBeNull();
  });

  it("maps a company with its companyType label", () => {
    const raw = companySchema.parse({ id: 175, companyName: "Harbor Dental Group", companyNumber: null, companyType: 3, isActive: true, phone: "555-0100", webAddress: null, city: "Boston", userDefinedFields: [] });
    expect(mapCompany(raw, new Map([["3", "Customer"]]))).toEqual({
      id: "175",
      name: "Harbor Dental Group",
      number: null,
      isActive: true,
      typeLabel: "Customer",
      phone: "555-0100",
      webAddress: null,
    });
  });

  it("maps contracts: Recurring Service by label, status, period, expiry", () => {
    const labels = { types: new Map([["7", "Recurring Service"], ["1", "Time and Materials"]]), statuses: new Map([["1", "Active"], ["0", "Inactive"]]), periods: new Map([["1", "Monthly"]]) };
    const raw = contractSchema.parse({ id: 9, companyID: 175, contractName: "MSA", contractNumber: "MSA-1", contractType: 7, contractPeriodType: 1, status: 1, startDate: "2026-01-01T00:00:00", endDate: "2026-12-31T00:00:00" });
    expect(mapContract(raw, labels, "2026-06-01")).toMatchObject({ id: "9", companyId: "175", kind: "recurring_service", typeLabel: "Recurring Service", status: "active", startDate: "2026-01-01", endDate: "2026-12-31", periodType: "monthly" });
    expect(mapContract({ ...raw, contractType: 1 }, labels, "2026-06-01").kind).toBe("other");
    expect(mapContract(raw, labels, "2027-01-01").status).toBe("expired");
    expect(mapContract({ ...raw, status: 0 }, labels, "2026-06-01").status).toBe("inactive");
  });

  it("takes today's units per contract service, the later split row winning", () => {
    const units = [
      { id: 1, contractServiceID: 40, startDate: "2026-03-01T00:00:00Z", endDate: "2026-03-14T00:00:00Z", units: 10 },
      { id: 2, contractServiceID: 40, startDate: "2026-03-15T00:00:00Z", endDate: "2026-03-31T00:00:00Z", units: 13 },
      { id: 3, contractServiceID: 41, startDate: "2026-04-01T00:00:00", endDate: "2026-04-30T00:00:00", units: 2 },
    ].map((u) => contractServiceUnitSchema.parse(u));
    expect([...unitsOn(units, "2026-03-15")]).toEqual([[40, 13]]);
    expect([...unitsOn(units, "2026-03-14")]).toEqual([[40, 10]]);
    const cs = contractServiceSchema.parse({ id: 41, contractID: 9, serviceID: 20, unitPrice: 45, unitCost: 18, invoiceDescription: "Cloud Backup" });
    expect(mapContractService(cs, unitsOn(units, "2026-03-15"))).toMatchObject({ id: "41", contractId: "9", serviceId: "20", quantity: 0, unitPrice: 45 });
  });

  it("maps a ticket and normalises datetimes to UTC", () => {
    const raw = ticketSchema.parse({ id: 7865, ticketNumber: "T20260101.0002", title: "Backup failed", companyID: 175, queueID: 29683482, status: 1, priority: 2, assignedResourceID: null, externalID: "evt-9", createDate: "2026-01-01T10:00:00.123", lastActivityDate: "2026-01-01T10:05:00Z", completedDate: null });
    expect(mapTicket(raw)).toEqual({
      id: "7865",
      number: "T20260101.0002",
      title: "Backup failed",
      companyId: "175",
      queueId: "29683482",
      statusId: "1",
      priorityId: "2",
      assigneeId: null,
      externalRef: "evt-9",
      createdAt: "2026-01-01T10:00:00.123Z",
      lastActivityAt: "2026-01-01T10:05:00.000Z",
      completedAt: null,
    });
    expect(dateTimeOut("2026-01-01T10:00:00+02:00")).toBe("2026-01-01T08:00:00.000Z");
  });

  it("maps a configuration item with its UDFs and date-only fields", () => {
    const raw = configurationItemSchema.parse({ id: 5, companyID: 175, configurationItemType: 2, productID: null, referenceTitle: "SRV01", referenceNumber: "dev-1", serialNumber: "SN1", isActive: true, installDate: "2024-05-01T00:00:00Z", warrantyExpirationDate: null, userDefinedFields: [{ name: "Backup Status", value: "1" }, { name: "Protected Data (GB)", value: null }] });
    expect(mapConfigurationItem(raw)).toEqual({ id: "5", companyId: "175", typeId: "2", productId: null, name: "SRV01", serialNumber: "SN1", isActive: true, installedOn: "2024-05-01", warrantyExpiresOn: null, externalRef: "dev-1", udfs: { "Backup Status": "1", "Protected Data (GB)": null } });
  });

  it("maps UDF definitions with list options", () => {
    const raw = udfFieldsResultSchema.parse({ fields: [{ name: "Backup Status", label: "Backup Status", type: "list", isRequired: false, isPickList: true, picklistValues: [{ value: "1", label: "Healthy", isDefaultValue: true, sortOrder: 1, parentValue: null, isActive: true }] }, { name: "Vendor Device ID", dataType: "string", isPickList: false }] });
    const defs = mapUdfDefinitions(raw.fields);
    expect(defs[0]).toMatchObject({ name: "Backup Status", type: "list", isPickList: true, options: [{ id: "1", name: "Healthy" }] });
    expect(defs[1]).toEqual({ name: "Vendor Device ID", label: "Vendor Device ID", type: "string", isPickList: false, isRequired: false });
  });
});

describe("domain → Autotask bodies", () => {
  const now = new Date("2026-03-10T12:00:00.456Z");
  const input = { companyId: "175", title: "  Backup failed  ", description: "x".repeat(9000), queueId: "29683482", statusId: "1", priorityId: "2", externalRef: "evt-1" };

  it("builds a ticket create body with a default due date and Autotask's length limits", () => {
    const body = ticketCreateBody(input, { companyID: 175, queueID: 29683482, status: 1, priority: 2, subIssueType: 1002 }, now);
    expect(body).toMatchObject({ companyID: 175, title: "Backup failed", queueID: 29683482, status: 1, priority: 2, dueDateTime: "2026-03-11T12:00:00Z", externalID: "evt-1", subIssueType: 1002 });
    expect((body.description as string).length).toBe(8000);
    expect(body).not.toHaveProperty("issueType");
    expect(() => ticketCreateBody({ ...input, externalRef: "e".repeat(51) }, { companyID: 1, queueID: 1, status: 1, priority: 1 }, now)).toThrow(/externalRef/);
  });

  it("builds PATCH bodies with only the changed fields and the id", () => {
    expect(ticketUpdateBody(7, { title: "New" }, { status: 5 })).toEqual({ id: 7, title: "New", status: 5 });
    expect(ticketUpdateBody(7, { dueAt: new Date("2026-04-01T00:00:00Z") }, {})).toEqual({ id: 7, dueDateTime: "2026-04-01T00:00:00Z" });
  });

  it("builds a note body and refuses an empty note", () => {
    expect(noteBody(7, { text: "Hello" }, { noteType: 2, publish: 1 })).toEqual({ ticketID: 7, title: "PSA Relay", description: "Hello", noteType: 2, publish: 1 });
    expect(() => noteBody(7, { text: " " }, { noteType: 2, publish: 1 })).toThrow(/note text/);
  });

  it("builds a signed, date-only ContractServiceAdjustment", () => {
    const change = { contractId: "9", serviceId: "20", currentQuantity: 12, newQuantity: 9, effectiveDate: "2026-03-15", unitPrice: 40 };
    expect(adjustmentBody(change, { contractID: 9, serviceID: 20, contractServiceID: 41 })).toEqual({ contractID: 9, serviceID: 20, contractServiceID: 41, effectiveDate: "2026-03-15", unitChange: -3, adjustedUnitPrice: 40 });
  });

  it("builds CI bodies with UDF arrays and midnight dates", () => {
    expect(ciBody({ name: "SRV01", isActive: true, installedOn: "2024-05-01", externalRef: "dev-1", udfs: { "Backup Status": "2" } }, { companyID: 175, configurationItemType: 2 })).toEqual({
      companyID: 175,
      configurationItemType: 2,
      referenceTitle: "SRV01",
      isActive: true,
      installDate: "2024-05-01T00:00:00Z",
      referenceNumber: "dev-1",
      userDefinedFields: [{ name: "Backup Status", value: "2" }],
    });
    expect(ciBody({ serialNumber: "X" }, {})).toEqual({ serialNumber: "X" });
  });
});
