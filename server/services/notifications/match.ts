import type { notificationRules } from "~/db/schema";

export type Rule = Pick<
  typeof notificationRules.$inferSelect,
  "id" | "action" | "includeOk" | "allTypes" | "eventTypes" | "severities" | "enabled"
>;
export type MatchableEvent = { type: string; severity: "ok" | "warning" | "error" };

/**
 * Whether a rule acts on an event. OK events count only for rules that subscribe to them (an OK
 * event is also what clears a condition, so the ticketing rule must see it to complete tickets);
 * warning and error events must be among the rule's severities; the type must be subscribed.
 */
export function ruleMatches(rule: Rule, event: MatchableEvent): boolean {
  if (!rule.enabled) return false;
  if (!rule.allTypes && !rule.eventTypes.includes(event.type)) return false;
  if (event.severity === "ok") return rule.includeOk || rule.severities.includes("ok");
  return rule.severities.includes(event.severity);
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
