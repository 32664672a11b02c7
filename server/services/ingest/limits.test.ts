import { describe, expect, it } from "vitest";

import { parseBatch } from "./batch";
import { describeSkew, latestPeriod, occurredAtProblem, periodProblem, type TimeWindow } from "./limits";
import { eventSchema, MAX_DETAILS_DEPTH, nestedDeeperThan, usageSchema } from "./schemas";

const window: TimeWindow = { minOccurredAt: new Date("2000-01-01T00:00:00Z"), maxFutureSkewSeconds: 300 };
const now = new Date("2026-06-15T12:00:00Z");

describe("occurredAtProblem", () => {
  it("accepts times from the minimum up to the clock-skew allowance ahead of now", () => {
    for (const ok of ["2000-01-01T00:00:00Z", "2026-06-15T12:00:00Z", "2026-06-15T12:05:00Z", "2026-06-15T14:04:59+02:00"]) {
      expect(occurredAtProblem(ok, window, now), ok).toBeNull();
    }
  });

  it("refuses times before the minimum and beyond the allowance, saying which bound", () => {
    expect(occurredAtProblem("1999-12-31T23:59:59.999Z", window, now)).toContain("on or after 2000-01-01T00:00:00.000Z");
    expect(occurredAtProblem("0000-01-01T00:00:00Z", window, now)).toContain("on or after");
    expect(occurredAtProblem("2026-06-15T12:05:00.001Z", window, now)).toContain("5 minutes ahead");
    expect(occurredAtProblem("9999-12-31T23:59:59-23:59", window, now)).toContain("ahead of the server's clock");
    expect(occurredAtProblem("2026-06-15T12:10:00Z", { ...window, maxFutureSkewSeconds: 3600 }, now)).toBeNull();
  });
});

describe("periodProblem", () => {
  it("accepts days from the minimum to today where the calendar is furthest ahead (UTC+14)", () => {
    expect(latestPeriod(window, now)).toBe("2026-06-16");
    expect(latestPeriod(window, new Date("2026-06-15T09:00:00Z"))).toBe("2026-06-15");
    for (const ok of ["2000-01-01", "2024-02-29", "2026-06-16"]) expect(periodProblem(ok, window, now), ok).toBeNull();
  });

  it("refuses year 0000, days before the minimum and future days", () => {
    for (const bad of ["0000-01-01", "1999-12-31", "2026-06-17", "9999-12-31"]) {
      expect(periodProblem(bad, window, now), bad).toContain("from 2000-01-01 to 2026-06-16");
    }
  });
});

describe("describeSkew", () => {
  it("says the allowance in words", () => {
    expect([describeSkew(300), describeSkew(60), describeSkew(7200), describeSkew(90)]).toEqual(["5 minutes", "1 minute", "2 hours", "90 seconds"]);
  });
});

describe("nestedDeeperThan", () => {
  const nest = (levels: number) => {
    let v: unknown = "leaf";
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { k: v };
    return v;
  };

  it("counts the outer value as level 1 and never overflows the stack", () => {
    expect(nestedDeeperThan(nest(16), 16)).toBe(false);
    expect(nestedDeeperThan(nest(17), 16)).toBe(true);
    expect(nestedDeeperThan("text", 0)).toBe(false);
    expect(nestedDeeperThan(nest(300_000), 16)).toBe(true);
  });
});

describe("event and usage schemas", () => {
  const event = { id: "e-1", accountNumber: "A-1", type: "backup", severity: "ok", occurredAt: new Date().toISOString() };
  const issues = (body: unknown, key: string, schema: Parameters<typeof parseBatch>[3]) => {
    try {
      parseBatch(body, key, "item", schema);
      return [];
    } catch (err) {
      return ((err as { details: { issues: { path: string; message: string }[] } }).details.issues ?? []).map((i) => `${i.path}: ${i.message}`);
    }
  };
  const deepDetails = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = { k: v };
    return v as Record<string, unknown>;
  };

  it("refuses details nested too deep (even far too deep for JSON.stringify), naming each item", () => {
    expect(issues({ events: [{ ...event, details: deepDetails(MAX_DETAILS_DEPTH) }] }, "events", eventSchema)).toEqual([]);
    const found = issues(
      { events: [{ ...event, details: deepDetails(MAX_DETAILS_DEPTH + 1) }, event, { ...event, details: deepDetails(100_000) }] },
      "events",
      eventSchema,
    );
    expect(found).toEqual([
      expect.stringMatching(/^events\[0\]\.details: Must nest objects and arrays at most 16 levels deep/),
      expect.stringMatching(/^events\[2\]\.details: Must nest/),
    ]);
  });

  it("refuses a top-level __proto__ key in details instead of dropping it", () => {
    const details = JSON.parse('{"__proto__": {"x": 1}, "ok": true}') as Record<string, unknown>;
    expect(issues({ ...event, details }, "events", eventSchema)).toEqual([expect.stringContaining('details: The key "__proto__"')]);
  });

  it("refuses event times and usage days outside the window", () => {
    const future = new Date(Date.now() + 24 * 3600_000).toISOString();
    expect(issues({ events: [{ ...event, occurredAt: "0000-01-01T00:00:00Z" }, { ...event, occurredAt: future }] }, "events", eventSchema)).toEqual([
      expect.stringMatching(/^events\[0\]\.occurredAt: Must be on or after 2000-01-01/),
      expect.stringMatching(/^events\[1\]\.occurredAt: Must not be more than 5 minutes ahead/),
    ]);
    const row = { customerId: "C-1", item: "gb", quantity: 1, period: "2026-01-01" };
    expect(
      issues({ usage: [row, { ...row, period: "0000-01-01" }, { ...row, period: "2026-02-30" }, { ...row, period: "9999-12-31" }] }, "usage", usageSchema(["gb"])),
    ).toEqual([
      expect.stringMatching(/^usage\[1\]\.period: Must be a day from 2000-01-01/),
      expect.stringMatching(/^usage\[2\]\.period: Must be a real date/),
      expect.stringMatching(/^usage\[3\]\.period: Must be a day from 2000-01-01/),
    ]);
  });

  it("answers a non-string item code without echoing the value", () => {
    const deep = deepDetails(100_000);
    const found = issues({ customerId: "C-1", item: deep, quantity: 1, period: "2026-01-01" }, "usage", usageSchema(["gb"]));
    expect(found).toEqual(["item: Must be a billable item code (a string), not a object. Valid codes: gb."]);
    const long = issues({ customerId: "C-1", item: "x".repeat(100_000), quantity: 1, period: "2026-01-01" }, "usage", usageSchema(["gb"]));
    expect(long[0]!.length).toBeLessThan(120);
  });
});
