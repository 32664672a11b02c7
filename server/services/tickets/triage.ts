import { firstMatchingRule, type Rule, ruleCoversType } from "~/server/services/notifications/match";

import { correlationKey, detailHash } from "./correlation";
import { SKIP } from "./lifecycle";

/**
 * Triage of a batch of stored events for the ticket action, pure: which events need the PSA (the
 * per-event lifecycle, with its retries, row lock and idempotent create) and which are decided by
 * what is stored alone. The decided ones get exactly the outcome the lifecycle's checks would give
 * them (lifecycle.ts `prepare`), in the same order of checks:
 *
 *   ticketing off → no rule → customer not mapped → OK event with no open condition (nothing to
 *   close) → identical repeat of an open condition that has its ticket (no change).
 *
 * The last two depend on the condition, which other events change. Such a decision is only taken
 * when no other event of the same condition is still on its way (`busyKeys`: unfinished events
 * outside the batch, as the caller read them) and no event of the same condition in this batch
 * needs the PSA; otherwise the event goes to the lifecycle too, which serialises the condition's
 * events under its row lock exactly as before.
 */
export type TriageEvent = {
  id: number;
  customerId: string;
  accountId: string;
  type: string;
  severity: "ok" | "warning" | "error";
  message: string | null;
  details: Record<string, unknown>;
};

export type TriageCondition = {
  state: "creating" | "open" | "closed";
  psaTicketId: string | null;
  psaTicketNumber: string | null;
  lastSeverity: "ok" | "warning" | "error" | null;
  lastDetailHash: string | null;
};

/** An outcome decided without the PSA: what saveTicketOutcome would have stored. */
export type DecidedTicketOutcome = {
  eventId: number;
  status: "skipped" | "succeeded";
  ruleId: string | null;
  detail: string;
  psaTicketId: string | null;
  psaTicketNumber: string | null;
  message: string | null;
};

export type TriageInput<R extends Rule> = {
  partnerId: string;
  events: TriageEvent[];
  /** The partner's ticket settings: ticketing is on when a queue/board is mapped. */
  queueId: string | null;
  /** The partner's ticket rules, in the lifecycle's order. */
  rules: R[];
  /** Customers of the batch that are mapped to a PSA company. */
  mappedCustomerIds: ReadonlySet<string>;
  /** Conditions of the batch's correlation keys, by key. */
  conditions: ReadonlyMap<string, TriageCondition>;
  /** Correlation keys with unfinished events outside the batch: `nonOk` when one of them is a warning or error. */
  busyKeys: ReadonlyMap<string, { nonOk: boolean }>;
};

export type TriageResult = {
  decided: DecidedTicketOutcome[];
  /** Events the lifecycle must handle (one job each). */
  psa: number[];
};

/** The condition-independent checks: ticketing, rule, mapping. Null when the event passes them all. */
function staticSkip<R extends Rule>(input: TriageInput<R>, event: TriageEvent): { decided: DecidedTicketOutcome } | { ruleId: string } {
  const skipped = (detail: string, ruleId: string | null): { decided: DecidedTicketOutcome } => ({
    decided: { eventId: event.id, status: "skipped", ruleId, detail, psaTicketId: null, psaTicketNumber: null, message: null },
  });
  if (!input.queueId) return skipped(SKIP.ticketingOff, null);
  const matchable = { type: event.type, severity: event.severity };
  const rule =
    firstMatchingRule(input.rules, "ticket", matchable) ?? (event.severity === "ok" ? ruleCoversType(input.rules, "ticket", event.type) : null);
  if (!rule) return skipped(SKIP.noRule, null);
  if (!input.mappedCustomerIds.has(event.customerId)) return skipped(SKIP.unmapped, rule.id);
  return { ruleId: rule.id };
}

export function keyOf(partnerId: string, event: Pick<TriageEvent, "customerId" | "accountId" | "type">): string {
  return correlationKey({ partnerId, customerId: event.customerId, accountId: event.accountId, eventType: event.type });
}

export function triageTicketEvents<R extends Rule>(input: TriageInput<R>): TriageResult {
  const decided: DecidedTicketOutcome[] = [];
  const psa: number[] = [];
  /** Condition-dependent decisions, taken only if their key stays quiet. */
  const tentative: { key: string; outcome: DecidedTicketOutcome; needsQuietOk: boolean }[] = [];
  const psaKeys = new Set<string>();

  for (const event of input.events) {
    const checked = staticSkip(input, event);
    if ("decided" in checked) {
      decided.push(checked.decided);
      continue;
    }
    const key = keyOf(input.partnerId, event);
    const cond = input.conditions.get(key) ?? null;
    const base = { eventId: event.id, ruleId: checked.ruleId };
    if (event.severity === "ok" && (!cond || cond.state === "closed")) {
      // Only a warning or error elsewhere can open the condition this OK event would have to close.
      tentative.push({ key, needsQuietOk: false, outcome: { ...base, status: "skipped", detail: SKIP.nothingToClose, psaTicketId: null, psaTicketNumber: null, message: null } });
      continue;
    }
    if (cond?.state === "open" && cond.psaTicketId && cond.lastSeverity === event.severity && cond.lastDetailHash === detailHash(event)) {
      tentative.push({
        key,
        needsQuietOk: true,
        outcome: {
          ...base,
          status: "succeeded",
          detail: "no change",
          psaTicketId: cond.psaTicketId,
          psaTicketNumber: cond.psaTicketNumber ?? cond.psaTicketId,
          message: "The open ticket already describes this; no note added.",
        },
      });
      continue;
    }
    psa.push(event.id);
    psaKeys.add(key);
  }

  for (const t of tentative) {
    const busy = input.busyKeys.get(t.key);
    // An identical repeat must also wait for an OK event on its way (it may close the ticket first).
    const contended = psaKeys.has(t.key) || (busy !== undefined && (busy.nonOk || t.needsQuietOk));
    if (contended) psa.push(t.outcome.eventId);
    else decided.push(t.outcome);
  }
  return { decided, psa };
}
