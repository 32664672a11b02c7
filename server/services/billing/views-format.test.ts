import { describe, expect, it } from "vitest";

import {
  auditCursorSchema,
  changeIdsSchema,
  changePercent,
  csvField,
  csvLine,
  differenceValue,
  lineDifference,
  lineMessage,
  lineStatusLabel,
  psaQuantityNow,
  reconciliationFiltersSchema,
  round,
  toCsv,
} from "./views-format";

describe("difference and value", () => {
  it("compares the vendor quantity with the PSA quantity after the sync's writes", () => {
    expect(lineDifference({ vendorQuantity: 12, psaQuantity: 10, psaQuantityAfter: null })).toBe(2);
    expect(lineDifference({ vendorQuantity: 12, psaQuantity: 10, psaQuantityAfter: 12 })).toBe(0);
    expect(lineDifference({ vendorQuantity: 3, psaQuantity: 10, psaQuantityAfter: null })).toBe(-7);
  });

  it("counts a missing contract service as 0 and a missing vendor quantity as 0", () => {
    expect(lineDifference({ vendorQuantity: 5, psaQuantity: null, psaQuantityAfter: null })).toBe(5);
    expect(lineDifference({ vendorQuantity: null, psaQuantity: 4, psaQuantityAfter: null })).toBe(-4);
    expect(psaQuantityNow({ psaQuantity: null, psaQuantityAfter: null })).toBeNull();
    expect(psaQuantityNow({ psaQuantity: 4, psaQuantityAfter: 0 })).toBe(0);
  });

  it("keeps fractional quantities without binary noise", () => {
    expect(lineDifference({ vendorQuantity: 0.3, psaQuantity: 0.1, psaQuantityAfter: null })).toBe(0.2);
    expect(round(0.1 + 0.2)).toBe(0.3);
    expect(round(-1.005, 2)).toBe(-1.01);
  });

  it("values a difference at the PSA's unit price, in cents, null without a price", () => {
    expect(differenceValue(3, 19.99)).toBe(59.97);
    expect(differenceValue(-2, 4.5)).toBe(-9);
    expect(differenceValue(0, 10)).toBe(0);
    expect(differenceValue(3, null)).toBeNull();
  });

  it("gives the change in percent of the current quantity; null when the PSA holds none", () => {
    expect(changePercent(100, 135)).toBe(35);
    expect(changePercent(10, 5)).toBe(-50);
    expect(changePercent(3, 4)).toBe(33.3);
    expect(changePercent(0, 4)).toBeNull();
    expect(changePercent(0, 0)).toBe(0);
  });
});

describe("lineMessage", () => {
  it("shows the failure and what to change in the PSA", () => {
    expect(lineMessage({ status: "failed", lastMessage: "Contract 12 is not a Recurring Service contract.", lastHint: "Change its type in Autotask." })).toBe(
      "Contract 12 is not a Recurring Service contract. Change its type in Autotask.",
    );
    expect(lineMessage({ status: "in_sync", customerStatus: "failed", lastMessage: "Agreement cancelled.", lastHint: null })).toBe("Agreement cancelled.");
    expect(lineMessage({ status: "failed" })).toMatch(/Sync now/);
  });

  it("says why a change waits and why a line is missing", () => {
    expect(lineMessage({ status: "pending_approval", pendingReason: "change of 35% is over the 10% threshold" })).toBe(
      "Waits for approval: change of 35% is over the 10% threshold",
    );
    expect(lineMessage({ status: "not_in_psa" })).toMatch(/create when missing/);
    expect(lineMessage({ status: "rejected" })).toMatch(/^Change rejected: nothing was written to the PSA\./);
    expect(lineMessage({ status: "in_sync" })).toBeNull();
    expect(lineMessage({ status: "applied" })).toBeNull();
  });

  it("labels every status, passing unknown ones through", () => {
    expect(lineStatusLabel("pending_approval")).toBe("Waits for approval");
    expect(lineStatusLabel("not_in_psa")).toBe("Not in PSA");
    expect(lineStatusLabel("rejected")).toBe("Rejected");
    expect(lineStatusLabel("something_new")).toBe("something_new");
  });
});

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("Contoso, Ltd")).toBe('"Contoso, Ltd"');
    expect(csvField('The "Best" Co')).toBe('"The ""Best"" Co"');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-Acme")).toBe("'-Acme");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(59.97)).toBe("59.97");
    expect(csvField(0.1 + 0.2)).toBe("0.3");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("writes a BOM, a header and CRLF line ends", () => {
    expect(csvLine(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"');
    expect(toCsv(["x", "y"], [["1", 2], [null, "z"]])).toBe("\uFEFFx,y\r\n1,2\r\n,z\r\n");
  });
});

describe("input schemas", () => {
  it("defaults the reconciliation status and rejects unknown ones", () => {
    expect(reconciliationFiltersSchema.parse({})).toEqual({ status: "all" });
    expect(reconciliationFiltersSchema.safeParse({ status: "everything" }).success).toBe(false);
    expect(reconciliationFiltersSchema.safeParse({ itemCode: "drop table;" }).success).toBe(false);
    expect(reconciliationFiltersSchema.parse({ search: "  Contoso ", itemCode: "local_backup_servers" })).toEqual({
      search: "Contoso",
      itemCode: "local_backup_servers",
      status: "all",
    });
  });

  it("takes 1 to 2,000 change ids, all uuids", () => {
    expect(changeIdsSchema.safeParse([]).success).toBe(false);
    expect(changeIdsSchema.safeParse(["not-a-uuid"]).success).toBe(false);
    expect(changeIdsSchema.safeParse(Array.from({ length: 2001 }, () => crypto.randomUUID())).success).toBe(false);
    expect(changeIdsSchema.safeParse([crypto.randomUUID()]).success).toBe(true);
  });

  it("accepts only audit cursors the query produced", () => {
    expect(auditCursorSchema.safeParse({ at: "2025-01-31T10:00:00.123456Z", id: crypto.randomUUID() }).success).toBe(true);
    expect(auditCursorSchema.safeParse({ at: "yesterday", id: crypto.randomUUID() }).success).toBe(false);
  });
});
