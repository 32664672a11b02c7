import { describe, expect, it } from "vitest";

import { firstMatchingRule, type Rule, ruleCoversType, ruleMatches } from "./match";

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: "r1",
  action: "ticket",
  includeOk: false,
  allTypes: true,
  eventTypes: [],
  severities: ["warning", "error"],
  enabled: true,
  ...over,
});

describe("rule matching", () => {
  it("matches warnings and errors of any type by default, not OK events", () => {
    expect(ruleMatches(rule(), { type: "backup", severity: "error" })).toBe(true);
    expect(ruleMatches(rule(), { type: "disk_usage", severity: "warning" })).toBe(true);
    expect(ruleMatches(rule(), { type: "backup", severity: "ok" })).toBe(false);
  });
  it("honours OK subscription, severities, chosen types and the on/off switch", () => {
    expect(ruleMatches(rule({ includeOk: true }), { type: "backup", severity: "ok" })).toBe(true);
    expect(ruleMatches(rule({ severities: ["error"] }), { type: "backup", severity: "warning" })).toBe(false);
    expect(ruleMatches(rule({ allTypes: false, eventTypes: ["backup"] }), { type: "archiving", severity: "error" })).toBe(false);
    expect(ruleMatches(rule({ allTypes: false, eventTypes: ["backup"] }), { type: "backup", severity: "error" })).toBe(true);
    expect(ruleMatches(rule({ enabled: false }), { type: "backup", severity: "error" })).toBe(false);
  });
  it("picks the first matching rule of the action", () => {
    const rules = [rule({ id: "billing", action: "billing" }), rule({ id: "off", enabled: false }), rule({ id: "on" })];
    expect(firstMatchingRule(rules, "ticket", { type: "backup", severity: "error" })?.id).toBe("on");
    expect(firstMatchingRule(rules, "ticket", { type: "backup", severity: "ok" })).toBeNull();
    expect(ruleCoversType(rules, "ticket", "backup")?.id).toBe("on");
    expect(ruleCoversType([rule({ allTypes: false, eventTypes: ["x"] })], "ticket", "backup")).toBeNull();
  });
});
