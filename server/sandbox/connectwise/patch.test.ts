import { describe, expect, it } from "vitest";

import { SandboxHttpError } from "./http";
import { applyPatch, parsePatch } from "./patch";

const spec = { resource: "ticket", fields: ["id", "summary", "status", "requiredDate", "_info"], readOnly: ["id", "_info"] };
const record = { id: 5, summary: "Old", status: { id: 10, name: "New", _info: {} }, requiredDate: "2025-01-01T00:00:00Z", _info: {} };

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SandboxHttpError ? err.status : -1;
  }
  return undefined;
}

describe("ConnectWise JSON-patch (sandbox)", () => {
  it("replaces plain and nested values, with or without a leading slash", () => {
    const out = applyPatch(
      record,
      parsePatch([
        { op: "replace", path: "summary", value: "New title" },
        { op: "replace", path: "/status/id", value: 11 },
      ]),
      spec,
    );
    expect(out.summary).toBe("New title");
    // Setting a key inside a reference replaces the reference: the old name must not linger.
    expect(out.status).toEqual({ id: 11 });
    expect(record.summary).toBe("Old");
  });

  it("accepts reference objects as values and remove as null", () => {
    const out = applyPatch(record, parsePatch([{ op: "replace", path: "status", value: { name: "Closed" } }, { op: "remove", path: "requiredDate" }]), spec);
    expect(out.status).toEqual({ name: "Closed" });
    expect(out.requiredDate).toBeNull();
  });

  it("rejects case-mismatched and unknown paths, read-only fields, and non-array bodies with 400", () => {
    expect(statusOf(() => applyPatch(record, parsePatch([{ op: "replace", path: "Summary", value: "x" }]), spec))).toBe(400);
    expect(statusOf(() => applyPatch(record, parsePatch([{ op: "replace", path: "nope", value: "x" }]), spec))).toBe(400);
    expect(statusOf(() => applyPatch(record, parsePatch([{ op: "replace", path: "id", value: 9 }]), spec))).toBe(400);
    expect(statusOf(() => parsePatch({ summary: "x" }))).toBe(400);
    expect(statusOf(() => parsePatch([{ op: "move", path: "summary", value: "x" }]))).toBe(400);
    expect(statusOf(() => parsePatch([{ op: "replace", path: "summary" }]))).toBe(400);
  });
});
