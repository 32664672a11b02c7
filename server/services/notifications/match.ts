import type { notificationRules } from "~/db/schema";

export type Rule = Pick<
  typeof notificationRules.$inferSelect,
  "id" | "action" | "allTypes" | "eventTypes" | "severities" | "enabled"
>;
export type MatchableEvent = { type: string; severity: "ok" | "warning" | "error" };

/**
 * Whether a rule acts on an event: the type must be subscribed and the severity among the rule's
 * severities — "ok" included: subscribing to OK events is the OK severity, one switch. (An OK event
 * still completes a ticket a rule opened for the same condition, see ruleCoversType.)
 */
export function ruleMatches(rule: Rule, event: MatchableEvent): boolean {
  if (!rule.enabled) return false;
  if (!rule.allTypes && !rule.eventTypes.includes(event.type)) return false;
  return rule.severities.includes(event.severity);
}

/**
 * Rules act in list order: the first enabled rule of an action that matches an event wins. A rule
 * is shadowed when an earlier enabled rule of the same action matches every event it matches
 * (all its types or more, all its severities or more): it can never win. Returns that earlier rule.
 * `rules` in list order; `rule` may be a rule not saved yet (it would be added last).
 */
export function shadowingRule<R extends Rule & { name: string }>(rule: Pick<Rule, "id" | "action" | "allTypes" | "eventTypes" | "severities" | "enabled">, rules: R[]): R | null {
  if (!rule.enabled) return null;
  const index = rules.findIndex((r) => r.id === rule.id);
  const earlier = index === -1 ? rules : rules.slice(0, index);
  return (
    earlier.find(
      (r) =>
        r.id !== rule.id &&
        r.enabled &&
        r.action === rule.action &&
        (r.allTypes || (!rule.allTypes && rule.eventTypes.every((t) => r.eventTypes.includes(t)))) &&
        rule.severities.every((s) => r.severities.includes(s)),
    ) ?? null
  );
}

/** The first enabled rule of `action` that matches, or null. */
export function firstMatchingRule<R extends Rule>(rules: R[], action: Rule["action"], event: MatchableEvent): R | null {
  return rules.find((r) => r.action === action && ruleMatches(r, event)) ?? null;
}

/**
 * A rule that would have matched the event's condition (type) at warning/error severity. Used to
 * let an OK event clear a ticket opened under a rule that does not subscribe to OK events: the
 * recovery of a condition that a rule ticketed must complete the ticket.
 */
export function ruleCoversType<R extends Rule>(rules: R[], action: Rule["action"], type: string): R | null {
  return rules.find((r) => r.enabled && r.action === action && (r.allTypes || r.eventTypes.includes(type))) ?? null;
}
