import { describe, expect, it } from "vitest";

import { compileFilter, parseDateTime } from "./filter";
import { MODEL_FIELDS } from "./model-fields";
import { SandboxError } from "./responses";
import type { Row } from "./state";

const ctx = { entity: "Tickets", fields: MODEL_FIELDS.Tickets!, udfNames: ["Vendor Alert ID"], nonQueryable: ["creatorType"] };

const rows: Row[] = [
  { id: 1, title: "Backup failed on SRV01", status: 1, priority: 2, companyID: 10, dueDateTime: "2026-01-10T00:00:00Z", externalID: null, userDefinedFields: [{ name: "Vendor Alert ID", value: "A-1" }] },
  { id: 2, title: "Printer offline", status: 5, priority: 1, companyID: 11, dueDateTime: "2026-01-12T08:30:00Z", externalID: "evt-2", userDefinedFields: [] },
  { id: 3, title: "backup WARNING", status: 8, priority: 3, companyID: 10, dueDateTime: "2026-01-15T00:00:00", externalID: "", userDefinedFields: [] },
];

const ids = (filter: unknown) => rows.filter(compileFilter(filter, ctx).predicate).map((r) => r.id);

function ruleText(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SandboxError);
    expect((err as SandboxError).status).toBe(500);
    return (err as SandboxError).errors.join(" ");
  }
  throw new Error("expected a business-rule error");
}

describe("Autotask filter grammar", () => {
  it("applies comparison operators with case-insensitive field names and text", () => {
    expect(ids([{ op: "eq", field: "Status", value: 5 }])).toEqual([2]);
    expect(ids([{ op: "noteq", field: "status", value: 5 }])).toEqual([1, 3]);
    expect(ids([{ op: "gt", field: "priority", value: 1 }])).toEqual([1, 3]);
    expect(ids([{ op: "gte", field: "priority", value: 2 }, { op: "lte", field: "priority", value: 2 }])).toEqual([1]);
    expect(ids([{ op: "lt", field: "dueDateTime", value: "2026-01-12T08:30:00" }])).toEqual([1]);
    expect(ids([{ op: "beginsWith", field: "title", value: "BACKUP" }])).toEqual([1, 3]);
    expect(ids([{ op: "endsWith", field: "title", value: "srv01" }])).toEqual([1]);
    expect(ids([{ op: "contains", field: "title", value: "offline" }])).toEqual([2]);
    expect(ids([{ op: "eq", field: "title", value: "printer OFFLINE" }])).toEqual([2]);
  });

  it("treats null and empty text as missing for exist / notExist", () => {
    expect(ids([{ op: "exist", field: "externalID" }])).toEqual([2]);
    expect(ids([{ op: "notExist", field: "externalID" }])).toEqual([1, 3]);
    expect(ids([{ op: "exist", field: "id" }])).toEqual([1, 2, 3]);
  });

  it("supports in / notIn lists and nested and/or groups", () => {
    expect(ids([{ op: "in", field: "status", value: [1, 8] }])).toEqual([1, 3]);
    expect(ids([{ op: "notIn", field: "status", value: [1, 8] }])).toEqual([2]);
    const nested = [
      { op: "eq", field: "companyID", value: 10 },
      { op: "or", items: [{ op: "eq", field: "status", value: 8 }, { op: "and", items: [{ op: "eq", field: "priority", value: 2 }, { op: "contains", field: "title", value: "SRV" }] }] },
    ];
    expect(ids(nested)).toEqual([1, 3]);
  });

  it("filters on one UDF by name with udf:true, and refuses a second UDF condition", () => {
    expect(ids([{ op: "eq", field: "vendor alert id", udf: true, value: "a-1" }])).toEqual([1]);
    expect(ruleText(() => ids([{ op: "exist", field: "Vendor Alert ID", udf: true }, { op: "eq", field: "Vendor Alert ID", udf: true, value: "x" }]))).toMatch(/one user-defined field/);
  });

  it("counts every in-list value as a condition and refuses more than 500", () => {
    const list = Array.from({ length: 499 }, (_, i) => i + 1);
    expect(compileFilter([{ op: "in", field: "id", value: list }, { op: "eq", field: "status", value: 1 }], ctx).conditions).toBe(500);
    expect(ruleText(() => compileFilter([{ op: "in", field: "id", value: [...list, 500] }, { op: "eq", field: "status", value: 1 }], ctx))).toMatch(/501 conditions/);
  });

  it("refuses unknown fields and operators, non-queryable fields, non-boolean booleans and empty filters", () => {
    expect(ruleText(() => ids([{ op: "eq", field: "nope", value: 1 }]))).toMatch(/'nope' is not a valid field of Tickets/);
    expect(ruleText(() => ids([{ op: "startsWith", field: "title", value: "x" }]))).toMatch(/Unknown filter operator 'startsWith'/);
    expect(ruleText(() => ids([{ op: "eq", field: "creatorType", value: 1 }]))).toMatch(/cannot be queried/);
    expect(ruleText(() => ids([{ op: "eq", field: "serviceLevelAgreementHasBeenMet", value: "true" }]))).toMatch(/compare it with true or false/);
    expect(ruleText(() => ids([]))).toMatch(/at least one filter/);
    expect(ruleText(() => ids([{ op: "or", items: [] }]))).toMatch(/non-empty 'items'/);
    expect(ruleText(() => ids([{ op: "in", field: "status", value: 1 }]))).toMatch(/non-empty list/);
  });

  it("reads datetimes without an offset as UTC", () => {
    expect(parseDateTime("2026-01-15T00:00:00")).toBe(Date.UTC(2026, 0, 15));
    expect(parseDateTime("2026-01-15")).toBe(Date.UTC(2026, 0, 15));
    expect(parseDateTime("2026-01-15T02:00:00+02:00")).toBe(Date.UTC(2026, 0, 15));
    expect(parseDateTime("yesterday")).toBeNull();
  });
});
