import { describe, expect, it } from "vitest";

import { PsaError } from "../errors";

import { endpointOf } from "./client";
import { assertDateOnly, conditionCount, dayBounds, idFilterSets, MAX_CONDITIONS, toAutotaskId } from "./query";

describe("idFilterSets", () => {
  it("uses one `in` list when the ids fit under the condition limit with the other conditions", () => {
    const sets = idFilterSets("contractID", [5, 3, 5, 9], [{ op: "eq", field: "status", value: 1 }]);
    expect(sets).toEqual([{ filter: [{ op: "eq", field: "status", value: 1 }, { op: "in", field: "contractID", value: [3, 5, 9] }] }]);
    expect(idFilterSets("id", [])).toEqual([]);
  });

  it("splits sparse id lists into batches that each stay under 500 conditions", () => {
    const ids = Array.from({ length: 1200 }, (_, i) => i * 10 + 1);
    const others = [
      { op: "lt", field: "startDate", value: "2026-02-01T00:00:00Z" },
      { op: "gte", field: "endDate", value: "2026-01-31T00:00:00Z" },
    ];
    const sets = idFilterSets("contractID", ids, others);
    expect(sets).toHaveLength(Math.ceil(1200 / (MAX_CONDITIONS - 1 - 2)));
    for (const set of sets) expect(conditionCount(set.filter)).toBeLessThan(MAX_CONDITIONS);
    expect(sets.flatMap((s) => s.filter.at(-1)!.value as number[])).toEqual(ids);
    expect(sets.every((s) => s.keep === undefined)).toBe(true);
  });

  it("uses one range query for dense id lists and says which ids to keep", () => {
    const ids = Array.from({ length: 800 }, (_, i) => 1000 + i).filter((n) => n % 7 !== 0);
    const [set, ...rest] = idFilterSets("companyID", ids);
    expect(rest).toEqual([]);
    expect(set!.filter).toEqual([
      { op: "gte", field: "companyID", value: 1000 },
      { op: "lte", field: "companyID", value: 1798 },
    ]);
    expect(set!.keep?.has(1000)).toBe(true);
    expect(set!.keep?.has(1001)).toBe(false); // 7 × 143
    expect(set!.keep?.size).toBe(ids.length);
  });
});

describe("conditionCount", () => {
  it("counts leaves, in-list values and nested groups", () => {
    expect(
      conditionCount([
        { op: "in", field: "id", value: [1, 2, 3] },
        { op: "or", items: [{ op: "eq", field: "a", value: 1 }, { op: "and", items: [{ op: "exist", field: "b" }, { op: "notIn", field: "c", value: [1, 2] }] }] },
      ]),
    ).toBe(7);
  });
});

describe("input checks", () => {
  it("accepts integer ids and names the field of a bad one", () => {
    expect(toAutotaskId(" 29683482 ", "queueId")).toBe(29683482);
    const err = (() => {
      try {
        toAutotaskId("abc", "queueId");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PsaError);
    expect((err as PsaError).kind).toBe("invalid");
    expect((err as PsaError).message).toMatch(/^queueId must be an Autotask id/);
  });

  it("accepts date-only values and refuses times or impossible dates", () => {
    expect(assertDateOnly("2026-03-01", "effectiveDate")).toBe("2026-03-01");
    expect(() => assertDateOnly("2026-03-01T10:00:00", "effectiveDate")).toThrow(/effectiveDate must be a date without a time/);
    expect(() => assertDateOnly("2026-13-45", "effectiveDate")).toThrow(PsaError);
  });

  it("gives midnight UTC bounds of a day, across month ends", () => {
    expect(dayBounds("2026-01-31")).toEqual({ start: "2026-01-31T00:00:00Z", next: "2026-02-01T00:00:00Z" });
  });

  it("keys the limiter by object endpoint, for relative paths, children and paging links", () => {
    expect(endpointOf("https://webservices5.autotask.net/atservicesrest/V1.0/Tickets/query")).toBe("tickets");
    expect(endpointOf("http://127.0.0.1/sandbox/autotask/atservicesrest/v1.0/Tickets/12/Notes")).toBe("tickets");
    expect(endpointOf("https://x/ATServicesRest/V1.0/Companies/query/next?paging=abc")).toBe("companies");
  });
});
