import type { DbOrTx } from "~/db";
import {
  beginTicketAttempt,
  type EventRef,
  getCondition,
  getCustomerMappingRow,
  getEventForTicket,
  getTicketSettingsRow,
  markConditionCreating,
  listTicketRules,
  lockCondition,
  saveTicketOutcome,
  type TicketEvent,
} from "~/db/queries/tickets";
import { firstMatchingRule, ruleCoversType } from "~/server/services/notifications/match";
import type { PsaConnector } from "~/server/psa/types";

import { type Applied, closeCreating, closeTicket, type Mapping, noChange, noteChange, openTicket, reopenTicket, type Settings } from "./apply";
import { correlationKey, detailHash } from "./correlation";
import { decide } from "./decide";
import { describeFailure } from "./failures";

/**
 * The ticket lifecycle for one stored event: checks (ticketing on, a rule, a mapped customer, a
 * PSA), then the condition's state machine applied under a row lock, so events of one condition
 * are handled one at a time and never open two tickets. The outcome is recorded on the event.
 */
export type TicketDeps = {
  connectorFor: (db: DbOrTx, partnerId: string) => Promise<PsaConnector | null>;
  /** Portal origin for the link back to the event. */
  appUrl: string;
  now?: () => Date;
  /** This is the job's last attempt: a PSA that is still unreachable fails the outcome (reprocessable). */
  finalAttempt?: boolean;
};

export type TicketOutcome = {
  eventId: number;
  status: "pending" | "succeeded" | "failed" | "skipped";
  detail: string;
  ticketNumber: string | null;
  message: string | null;
  hint: string | null;
  attempts: number;
  /** Set on a failure the job should retry (after `retryAfterMs` when the PSA gave a delay). */
  retry?: { retryAfterMs?: number };
};

/** Thrown after a retryable failure was recorded as pending; the job retries the step. */
export class TicketRetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    readonly outcome: TicketOutcome,
  ) {
    super(message);
    this.name = "TicketRetryableError";
  }
}

export const SKIP = {
  ticketingOff: "ticketing is off: map a queue/board on Integration Setup",
  noRule: "no notification rule opens tickets for this event",
  unmapped: "customer not mapped: map it on the Customer Map",
  nothingToClose: "nothing to close",
  superseded: "superseded: a later OK event already cleared this condition",
} as const;

type Ready = { settings: Settings; mapping: Mapping; ruleId: string; connector: PsaConnector; key: string };

async function prepare(db: DbOrTx, ref: EventRef, event: TicketEvent, deps: TicketDeps): Promise<Ready | Applied & { ruleId?: string }> {
  const settings = await getTicketSettingsRow(db, { partnerId: ref.partnerId });
  if (!settings?.queueId) return { status: "skipped", detail: SKIP.ticketingOff };
  const rules = await listTicketRules(db, { partnerId: ref.partnerId });
  const matchable = { type: event.type, severity: event.severity };
  const rule =
    firstMatchingRule(rules, "ticket", matchable) ?? (event.severity === "ok" ? ruleCoversType(rules, "ticket", event.type) : null);
  if (!rule) return { status: "skipped", detail: SKIP.noRule };
  const mapping = await getCustomerMappingRow(db, { partnerId: ref.partnerId, customerId: event.customerId });
  if (!mapping) return { status: "skipped", detail: SKIP.unmapped, ruleId: rule.id };
  const key = correlationKey({ partnerId: ref.partnerId, customerId: event.customerId, accountId: event.accountId, eventType: event.type });
  const cond = await getCondition(db, { partnerId: ref.partnerId, correlationKey: key });
  if (event.severity === "ok" && (!cond || cond.state === "closed")) return { status: "skipped", detail: SKIP.nothingToClose, ruleId: rule.id };
  // A failure older than the OK event that closed its condition (reprocessed, or delivered late) neither reopens nor opens a ticket.
  if (cond?.state === "closed" && cond.lastEventId !== null && (await clearedAfter(db, ref.partnerId, cond.lastEventId, event))) {
    const ticket = cond.psaTicketId ? { id: cond.psaTicketId, number: cond.psaTicketNumber ?? cond.psaTicketId } : null;
    const message = `A later OK event already cleared this condition${ticket ? ` and ticket ${ticket.number} was closed then` : ""}; nothing was changed in the PSA.`;
    return { status: "skipped", detail: SKIP.superseded, ticket, message, ruleId: rule.id };
  }
  // An identical repeat of an open condition needs neither the PSA nor the condition's lock.
  if (cond?.state === "open" && cond.psaTicketId && cond.lastSeverity === event.severity && cond.lastDetailHash === detailHash(event)) {
    return { status: "succeeded", detail: "no change", ticket: { id: cond.psaTicketId, number: cond.psaTicketNumber ?? cond.psaTicketId }, message: "The open ticket already describes this; no note added.", ruleId: rule.id };
  }
  const connector = await deps.connectorFor(db, ref.partnerId);
  if (!connector) {
    return {
      status: "failed",
      detail: "no PSA connection",
      message: "No PSA is connected, so the ticket could not be opened.",
      hint: "Connect Autotask or ConnectWise on Integration Setup, then reprocess the event.",
      ruleId: rule.id,
    };
  }
  return { settings, mapping, ruleId: rule.id, connector, key };
}

/** Whether the OK event that closed the condition (`lastEventId`) happened after this event. */
async function clearedAfter(db: DbOrTx, partnerId: string, lastEventId: number, event: TicketEvent): Promise<boolean> {
  if (lastEventId === event.id) return false;
  const last = await getEventForTicket(db, { partnerId, eventId: lastEventId });
  if (!last || last.severity !== "ok") return false;
  const diff = last.occurredAt.getTime() - event.occurredAt.getTime();
  return diff > 0 || (diff === 0 && last.id > event.id);
}

/**
 * Warning/error events: a condition about to get a new ticket is committed as "creating" before the
 * PSA is called, so a create interrupted after the PSA committed is looked up by its key, never repeated.
 * Any run that then finds the condition "creating" looks the ticket up by its key before creating it.
 */
async function markCreating(db: DbOrTx, ref: EventRef, event: TicketEvent, key: string, hash: string, settings: Settings, now: Date): Promise<void> {
  if (event.severity === "ok") return;
  const hours = settings.reopenWindowHours;
  // No reopen window: every closed ticket is past it.
  const reopenCutoff = hours > 0 ? new Date(now.getTime() - hours * 3_600_000) : new Date(now.getTime() + 3_600_000);
  await markConditionCreating(db, {
    partnerId: ref.partnerId,
    customerId: event.customerId,
    accountId: event.accountId,
    eventType: event.type,
    correlationKey: key,
    eventId: event.id,
    severity: event.severity,
    detailHash: hash,
    reopenCutoff,
  });
}

async function runStateMachine(db: DbOrTx, ref: EventRef, event: TicketEvent, ready: Ready, deps: TicketDeps, hash: string): Promise<Applied> {
  const now = deps.now?.() ?? new Date();
  return db.transaction(async (tx) => {
    const cond = await lockCondition(tx, { partnerId: ref.partnerId, correlationKey: ready.key });
    const decision = decide({ severity: event.severity, detailHash: hash, condition: cond, reopenWindowHours: ready.settings.reopenWindowHours, now });
    const ctx = { tx, connector: ready.connector, settings: ready.settings, mapping: ready.mapping, event, detailHash: hash, appUrl: deps.appUrl, now };
    if (!cond) return { status: "skipped", detail: SKIP.nothingToClose } satisfies Applied;
    switch (decision.kind) {
      case "open":
      case "resume-create":
        // Another run (or an earlier attempt) may have created the ticket and lost the answer: look it up first.
        return openTicket(ctx, cond, true);
      case "no-change":
        return noChange(cond);
      case "note":
        return noteChange(ctx, cond);
      case "reopen":
        return reopenTicket(ctx, cond);
      case "close":
        return closeTicket(ctx, cond);
      case "close-creating":
        return closeCreating(ctx, cond);
      case "nothing-to-close":
        return { status: "skipped", detail: SKIP.nothingToClose } satisfies Applied;
    }
  });
}

/**
 * Handles the event's ticket action and records its outcome. Throws TicketRetryableError (after
 * recording "pending") when the PSA is throttled or unavailable and this is not the final attempt.
 */
export async function handleTicketForEvent(db: DbOrTx, ref: EventRef, deps: TicketDeps): Promise<TicketOutcome> {
  const event = await getEventForTicket(db, ref);
  if (!event) {
    return { eventId: ref.eventId, status: "skipped", detail: "event not found", ticketNumber: null, message: null, hint: null, attempts: 0 };
  }
  const attempts = await beginTicketAttempt(db, ref);
  let ruleId: string | null = null;
  const finish = async (applied: Applied): Promise<TicketOutcome> => {
    await saveTicketOutcome(db, ref, {
      status: applied.status,
      ruleId,
      detail: applied.detail,
      psaTicketId: applied.ticket?.id ?? null,
      psaTicketNumber: applied.ticket?.number ?? null,
      message: applied.message ?? null,
      hint: applied.hint ?? null,
    });
    return { eventId: ref.eventId, status: applied.status, detail: applied.detail, ticketNumber: applied.ticket?.number ?? null, message: applied.message ?? null, hint: applied.hint ?? null, attempts };
  };
  try {
    const ready = await prepare(db, ref, event, deps);
    ruleId = ready.ruleId ?? null;
    if (!("connector" in ready)) return await finish(ready);
    const hash = detailHash(event);
    await markCreating(db, ref, event, ready.key, hash, ready.settings, deps.now?.() ?? new Date());
    return await finish(await runStateMachine(db, ref, event, ready, deps, hash));
  } catch (err) {
    const failure = describeFailure(err);
    if (!failure.retryable || deps.finalAttempt) {
      if (!failure.retryable) return finish({ status: "failed", detail: "PSA refused", message: failure.message, hint: failure.hint });
      return finish({
        status: "failed",
        detail: "PSA unreachable",
        message: `${failure.message} (gave up after ${attempts} attempts)`,
        hint: "The PSA stayed unreachable or busy through every retry: reprocess the event from the Event Log once it answers again.",
      });
    }
    await saveTicketOutcome(db, ref, { status: "pending", ruleId, detail: "retrying", message: `${failure.message} Retrying.`, hint: failure.hint });
    const outcome: TicketOutcome = { eventId: ref.eventId, status: "pending", detail: "retrying", ticketNumber: null, message: failure.message, hint: failure.hint, attempts, retry: { retryAfterMs: failure.retryAfterMs } };
    throw new TicketRetryableError(failure.message, failure.retryAfterMs, outcome);
  }
}
