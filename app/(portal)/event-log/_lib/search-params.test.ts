import { describe, expect, it } from "vitest";

import { eventLogHref, filtersFromSearch, searchFromFilters, toSource } from "./search-params";

const parse = (query: string) => filtersFromSearch(new URLSearchParams(query));

describe("Event Log URL filters", () => {
  it("round-trips every filter", () => {
    const filters = {
      customerId: "0b6f5b0e-8a55-4a8e-9a55-0e5b1f9e8c11",
      accountId: "1b6f5b0e-8a55-4a8e-9a55-0e5b1f9e8c11",
      type: "backup.job",
      severities: ["warning" as const, "error" as const],
      from: "2026-03-01T10:00",
      to: "2026-03-02T10:00",
      onlyFailed: true,
      onlyPending: true,
      search: "disk full T20260301.0001",
    };
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(eventLogHref({ severities: ["error"] })).toBe("/event-log?severity=error");
    expect(eventLogHref({})).toBe("/event-log");
    expect(eventLogHref({ onlyFailed: true })).toBe("/event-log?failed=1");
    expect(parse("failed=yes")).toEqual({});
    expect(eventLogHref({ search: "T2026.1" })).toBe("/event-log?q=T2026.1");
    expect(parse("q=%20%20")).toEqual({});
    expect(parse(`q=${"x".repeat(300)}`).search).toHaveLength(200);
  });

  it("drops values that do not parse instead of sending them", () => {
    expect(parse("customer=42&account=x&severity=fatal,error&range=2y&from=yesterday")).toEqual({ severities: ["error"] });
    // All three severities is the same as none.
    expect(parse("severity=ok,warning,error")).toEqual({});
    // A preset wins over custom bounds; a "to" before "from" is ignored.
    expect(parse("range=24h&from=2026-03-01T10:00")).toEqual({ range: "24h" });
    expect(parse("from=2026-03-02T10:00&to=2026-03-01T10:00")).toEqual({ from: "2026-03-02T10:00" });
  });

  it("reads Next's searchParams objects too", () => {
    expect(filtersFromSearch(toSource({ type: ["restore", "backup"], severity: "ok" }))).toEqual({ type: "restore", severities: ["ok"] });
  });
});
