import { describe, expect, it } from "vitest";

import { firstMatchingRule, type Rule, ruleCoversType, ruleMatches, shadowingRule } from "./match";

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: "r1",
  action: "ticket",
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
    expect(ruleMatches(rule({ severities: ["ok", "warning"] }), { type: "backup", severity: "ok" })).toBe(true);
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

describe("which rule wins", () => {
  const named = (over: Partial<Rule> & { id: string }) => ({ ...rule(over), name: `Rule ${over.id}` });

  it("a later rule whose events an earlier 'all types' rule of the action already matches is shadowed by it", () => {
    const all = named({ id: "all" });
    const backup = named({ id: "backup", allTypes: false, eventTypes: ["backup"], severities: ["error"] });
    expect(shadowingRule(backup, [all, backup])?.id).toBe("all");
    // The earlier rule is the one that acts on those events.
    expect(firstMatchingRule([all, backup], "ticket", { type: "backup", severity: "error" })?.id).toBe("all");
    // A rule not saved yet would be added last: it is checked against every rule.
    expect(shadowingRule({ ...backup, id: "new" }, [all, backup])?.id).toBe("all");
  });

  it("is not shadowed by a later rule, another action, a rule that is off, or one that misses a type or a severity", () => {
    const all = named({ id: "all" });
    const backup = named({ id: "backup", allTypes: false, eventTypes: ["backup"] });
    expect(shadowingRule(all, [all, backup])).toBeNull();
    expect(shadowingRule(backup, [named({ id: "billing", action: "billing" }), backup])).toBeNull();
    expect(shadowingRule(backup, [named({ id: "off", enabled: false }), backup])).toBeNull();
    expect(shadowingRule(backup, [named({ id: "other", allTypes: false, eventTypes: ["disk"] }), backup])).toBeNull();
    expect(shadowingRule(named({ id: "ok", severities: ["ok"] }), [all])).toBeNull();
    expect(shadowingRule(named({ id: "two", allTypes: false, eventTypes: ["backup", "disk"] }), [named({ id: "b", allTypes: false, eventTypes: ["backup"] })])).toBeNull();
    // Switched off, a rule acts on nothing: nothing to say.
    expect(shadowingRule(named({ id: "x", enabled: false }), [all])).toBeNull();
  });
});
