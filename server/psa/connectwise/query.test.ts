import { describe, expect, it } from "vitest";

import { and, bracketDate, chunk, cwDateTime, inList, nextLink, numericIds, quote, toSearchParams } from "./query";

describe("ConnectWise query building", () => {
  it("quotes strings with escaped quotes and backslashes", () => {
    expect(quote("Harbor Dental")).toBe('"Harbor Dental"');
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
    expect(quote("a\\b")).toBe('"a\\\\b"');
  });

  it("writes datetimes in brackets, UTC, without milliseconds; date-only means midnight UTC", () => {
    expect(bracketDate("2025-01-31")).toBe("[2025-01-31T00:00:00Z]");
    expect(bracketDate(new Date(Date.UTC(2024, 0, 31, 17, 0, 0, 123)))).toBe("[2024-01-31T17:00:00Z]");
    expect(cwDateTime(new Date("2024-06-01T12:34:56.789Z"))).toBe("2024-06-01T12:34:56Z");
    expect(() => bracketDate("not a date")).toThrow();
  });

  it("builds in-lists, combines conditions and batches ids", () => {
    expect(inList("company/id", [1, 2, 3])).toBe("company/id in (1,2,3)");
    expect(and("a = 1", undefined, "b = 2")).toBe("(a = 1) and (b = 2)");
    expect(and(undefined, "a = 1")).toBe("a = 1");
    expect(and()).toBeUndefined();
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(numericIds([" 12", "7"])).toEqual([12, 7]);
    expect(() => numericIds(["12", "abc"])).toThrow(/whole numbers/);
  });

  it("clamps pageSize to 1..1000 and encodes the expression", () => {
    const sp = toSearchParams({ conditions: 'name contains "a&b"', pageSize: 5000, page: 1, fields: ["id", "name"] });
    expect(sp.get("pageSize")).toBe("1000");
    expect(sp.get("conditions")).toBe('name contains "a&b"');
    expect(sp.toString()).toContain("conditions=name+contains+%22a%26b%22");
    expect(sp.get("fields")).toBe("id,name");
    expect(toSearchParams({ pageSize: 0 }).get("pageSize")).toBe("1");
  });

  it("reads rel=next from a Link header with several relations", () => {
    const header =
      '<https://x/apis/3.0/company/companies?page=1&pageSize=2>; rel="first", <https://x/apis/3.0/company/companies?conditions=a%3D1&page=3&pageSize=2>; rel="next", <https://x/apis/3.0/company/companies?page=9>; rel="last"';
    expect(nextLink(header)).toBe("https://x/apis/3.0/company/companies?conditions=a%3D1&page=3&pageSize=2");
    expect(nextLink('<https://x/a?page=2>; rel="last"')).toBeNull();
    expect(nextLink(null)).toBeNull();
    expect(nextLink("<https://x/a?pageId=40>; rel=next")).toBe("https://x/a?pageId=40");
  });
});
