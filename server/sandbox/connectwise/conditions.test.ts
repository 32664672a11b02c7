import { describe, expect, it } from "vitest";

import { quote } from "~/server/psa/connectwise/query";

import { ConditionSyntaxError, evaluate, parseConditions } from "./conditions";

const ticket = {
  id: 42,
  summary: 'Backup "nightly" failed',
  closedFlag: false,
  externalXRef: null,
  company: { id: 7, identifier: "HarborDental", name: "Harbor Dental Group" },
  board: { id: 3, name: "Help Desk" },
  _info: { lastUpdated: "2025-03-01T10:00:00Z", dateEntered: "2025-02-01T08:30:00Z" },
  types: [{ id: 1, name: "Client" }, { id: 4, name: "Partner" }],
  amount: 12.5,
};

const match = (expr: string, rec: unknown = ticket) => evaluate(parseConditions(expr), rec);

describe("ConnectWise conditions grammar (sandbox)", () => {
  it("compares numbers, strings (case-insensitive), booleans and null", () => {
    expect(match("id = 42")).toBe(true);
    expect(match("id != 42")).toBe(false);
    expect(match("id > 41 and id >= 42 and id < 43 and id <= 42")).toBe(true);
    expect(match("amount > 12.4")).toBe(true);
    expect(match('board/name = "help desk"')).toBe(true);
    expect(match("closedFlag = false")).toBe(true);
    expect(match("closedFlag = true")).toBe(false);
    expect(match("externalXRef = null")).toBe(true);
    expect(match("externalXRef != null")).toBe(false);
  });

  it("reads nested paths and bracketed UTC dates", () => {
    expect(match("company/id = 7")).toBe(true);
    expect(match("_info/lastUpdated > [2025-02-28T00:00:00Z]")).toBe(true);
    expect(match("_info/dateEntered < [2025-02-01T08:00:00Z]")).toBe(false);
  });

  it("supports contains, like with % and * wildcards, and their negations", () => {
    expect(match('company/name contains "dental"')).toBe(true);
    expect(match('company/name not contains "dental"')).toBe(false);
    expect(match('company/name like "Harbor%"')).toBe(true);
    expect(match('company/name like "*Group"')).toBe(true);
    expect(match('company/name like "Dental%"')).toBe(false);
    expect(match('company/name not like "Dental%"')).toBe(true);
  });

  it("supports in (...) and not in (...)", () => {
    expect(match("company/id in (1, 7, 9)")).toBe(true);
    expect(match("company/id not in (1,7)")).toBe(false);
    expect(match('board/name in ("Alerts","Help Desk")')).toBe(true);
  });

  it("honours precedence (and binds tighter than or), parentheses and not", () => {
    expect(match("id = 1 or id = 42 and closedFlag = true")).toBe(false);
    expect(match("(id = 1 or id = 42) and closedFlag = false")).toBe(true);
    expect(match("not (id = 42)")).toBe(false);
    expect(match("ID = 42 AND Board/Name = \"Help Desk\" Or id = 0")).toBe(true);
  });

  it("reads quoted strings with escaped quotes exactly as the connector writes them", () => {
    expect(match(`summary = ${quote('Backup "nightly" failed')}`)).toBe(true);
    const odd = { id: 1, summary: 'a\\b "c" (d), e' };
    expect(match(`summary = ${quote(odd.summary)}`, odd)).toBe(true);
  });

  it("fans out over arrays for childConditions", () => {
    expect(match('types/name = "Partner"')).toBe(true);
    expect(match("types/id in (9, 1)")).toBe(true);
    expect(match('types/name = "Vendor"')).toBe(false);
  });

  it("rejects malformed expressions with a syntax error", () => {
    for (const bad of ["id =", "id 5", "(id = 1", 'name = "open', "id = [not a date]", "id = 1 2", "", "id ! 1"]) {
      expect(() => parseConditions(bad), bad).toThrow(ConditionSyntaxError);
    }
  });
});
