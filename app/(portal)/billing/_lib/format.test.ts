import { describe, expect, it } from "vitest";

import { formatChangePercent, formatMoney, formatQuantity, formatSigned, formatSignedMoney, plural, writeModeText } from "./format";

describe("Billing number formats", () => {
  it("formats quantities and signed differences", () => {
    expect(formatQuantity(1234.5)).toBe("1,234.5");
    expect(formatQuantity(0.12345)).toBe("0.1235");
    expect(formatQuantity(null)).toBe("—");
    expect(formatSigned(2)).toBe("+2");
    expect(formatSigned(-3)).toBe("−3");
    expect(formatSigned(0)).toBe("0");
  });

  it("formats money in the partner's currency, falling back for unknown codes", () => {
    expect(formatMoney(39.98, "USD")).toBe("$39.98");
    expect(formatMoney(1000, "EUR")).toBe("€1,000.00");
    expect(formatSignedMoney(-60, "USD")).toBe("−$60.00");
    expect(formatSignedMoney(null, "USD")).toBe("—");
    expect(formatMoney(5, "ZZ1")).toBe("5.00 ZZ1");
  });

  it("words percentages, write modes and counts", () => {
    expect(formatChangePercent(20)).toBe("+20%");
    expect(formatChangePercent(null)).toBe("new");
    expect(writeModeText("threshold", 15)).toBe("Automatic when the change is under 15%");
    expect(writeModeText("approve", 10)).toBe("Always approve");
    expect(plural(1, "customer")).toBe("1 customer");
    expect(plural(2000, "change")).toBe("2,000 changes");
  });
});
