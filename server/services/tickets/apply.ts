import type { DbOrTx } from "~/db";
import type { AlertMappingRow, customerMappings, ticketSettings } from "~/db/schema";
import { type TicketCondition, type TicketEvent, updateCondition } from "~/db/queries/tickets";
import type { PsaConnector, PsaTicket } from "~/server/psa/types";

import { ticketRef } from "./correlation";
import { closeAction } from "./decide";
import { buildDescription, buildSubject, changeNote, type DescriptionEvent } from "./subject";

/**
 * The PSA side of each lifecycle decision, run while the condition row is locked: every change to
 * the condition is written in the same transaction, after the PSA call succeeded.
 */
export type Settings = typeof ticketSettings.$inferSelect;
export type Mapping = typeof customerMappings.$inferSelect;

export type ApplyContext = {
  tx: DbOrTx;
  connector: PsaConnector;
  settings: Settings;
  mapping: Mapping;
  event: TicketEvent;
  detailHash: string;
  appUrl: string;
  now: Date;
};

export type Applied = {
  status: "succeeded" | "skipped" | "failed";
  detail: string;
  ticket?: { id: string; number: string } | null;
  message?: string;
  hint?: string;
};

const DAY_MS = 86_400_000;

export function descriptionEvent(event: TicketEvent): DescriptionEvent {
  return { ...event, details: event.details ?? {} };
}

/** Queue, priority and due date for the event's severity (alert mapping, falling back to the defaults). */
export function ticketPlacement(settings: Settings, severity: "warning" | "error", now: Date) {
  const row: AlertMappingRow | undefined = settings.alertMapping?.[severity];
  return {
    queueId: row?.queueId || settings.queueId,
    priorityId: row?.priorityId || settings.defaultPriorityId,
    dueAt: new Date(now.getTime() + Math.max(0, row?.dueDays ?? 1) * DAY_MS),
  };
}

const ref = (t: PsaTicket) => ({ id: t.id, number: t.number });

/** Opens the condition's ticket; with `search`, first adopts a ticket an interrupted create left in the PSA. */
export async function openTicket(ctx: ApplyContext, cond: TicketCondition, search: boolean): Promise<Applied> {
  const severity = ctx.event.severity === "ok" ? "warning" : ctx.event.severity;
  const externalRef = ticketRef(cond.correlationKey, cond.psaTicketId, cond.lastEventId ?? ctx.event.id);
  let ticket = search ? await ctx.connector.findTicketByExternalRef(externalRef) : null;
  const adopted = ticket !== null;
  if (!ticket) {
    const placement = ticketPlacement(ctx.settings, severity, ctx.now);
    const missing = !placement.queueId ? "queue or board" : !placement.priorityId ? "priority" : !ctx.settings.newStatusId ? "status for new tickets" : null;
    if (missing) {
      return { status: "failed", detail: "settings incomplete", message: `No ${missing} is set for new tickets.`, hint: `Choose the ${missing} in the ticket settings on Integration Setup, then reprocess the event.` };
    }
    ticket = await ctx.connector.createTicket({
      companyId: ctx.mapping.psaCompanyId,
      contractId: ctx.mapping.psaContractId,
      title: buildSubject(ctx.settings.subjectPrefix, ctx.event, ctx.connector.provider),
      description: buildDescription(descriptionEvent(ctx.event), ctx.appUrl),
      queueId: placement.queueId!,
      statusId: ctx.settings.newStatusId!,
      priorityId: placement.priorityId!,
      dueAt: placement.dueAt,
      externalRef,
    });
  }
  await updateCondition(ctx.tx, cond, {
    state: "open",
    psaTicketId: ticket.id,
    psaTicketNumber: ticket.number,
    psaStatusId: ticket.statusId,
    psaAssigneeId: ticket.assigneeId ?? null,
    lastSeverity: severity,
    lastDetailHash: ctx.detailHash,
    lastEventId: ctx.event.id,
    openedAt: ctx.now,
    closedAt: null,
  });
  return {
    status: "succeeded",
    detail: "opened",
    ticket: ref(ticket),
    message: adopted ? `Ticket ${ticket.number} was found in the PSA by its correlation key after an interrupted create.` : `Opened ticket ${ticket.number}.`,
  };
}

export async function noteChange(ctx: ApplyContext, cond: TicketCondition): Promise<Applied> {
  await ctx.connector.addTicketNote(cond.psaTicketId!, { title: "Condition changed", text: changeNote(descriptionEvent(ctx.event), ctx.appUrl) });
  await updateCondition(ctx.tx, cond, { lastSeverity: ctx.event.severity, lastDetailHash: ctx.detailHash, lastEventId: ctx.event.id });
  return { status: "succeeded", detail: "noted", ticket: { id: cond.psaTicketId!, number: cond.psaTicketNumber ?? cond.psaTicketId! }, message: "Added a note about the change to the open ticket." };
}

export function noChange(cond: TicketCondition): Applied {
  return {
    status: "succeeded",
    detail: "no change",
    ticket: { id: cond.psaTicketId!, number: cond.psaTicketNumber ?? cond.psaTicketId! },
    message: "The open ticket already describes this; no note added.",
  };
}

export async function reopenTicket(ctx: ApplyContext, cond: TicketCondition): Promise<Applied> {
  if (!ctx.settings.newStatusId) {
    return { status: "failed", detail: "settings incomplete", message: "No status for new tickets is set.", hint: "Choose the status for new tickets on Integration Setup, then reprocess the event." };
  }
  const ticket = await ctx.connector.updateTicket(cond.psaTicketId!, { statusId: ctx.settings.newStatusId });
  await ctx.connector.addTicketNote(ticket.id, { title: "Condition recurred", text: changeNote(descriptionEvent(ctx.event), ctx.appUrl) });
  await updateCondition(ctx.tx, cond, {
    state: "open",
    psaStatusId: ticket.statusId,
    psaAssigneeId: ticket.assigneeId ?? null,
    lastSeverity: ctx.event.severity,
    lastDetailHash: ctx.detailHash,
    lastEventId: ctx.event.id,
    closedAt: null,
    reopenCount: cond.reopenCount + 1,
  });
  return { status: "succeeded", detail: "reopened", ticket: ref(ticket), message: `Reopened ticket ${ticket.number}: the condition recurred within the reopen window.` };
}

function clearedNote(ctx: ApplyContext, touched: boolean): string {
  const base = `The condition cleared: ${ctx.event.message?.trim() || "an OK event was received"} at ${ctx.event.occurredAt.toISOString()}.`;
  return touched ? `${base}\nThe ticket was left open because a technician has worked on it.` : base;
}

export async function closeTicket(ctx: ApplyContext, cond: TicketCondition): Promise<Applied> {
  const completed = ctx.settings.completedStatusId;
  if (!completed) {
    return { status: "failed", detail: "settings incomplete", message: "No status for completed tickets is set.", hint: "Choose the status for completed tickets on Integration Setup, then reprocess the event." };
  }
  const ticket = await ctx.connector.getTicket(cond.psaTicketId!);
  const action = closeAction(ticket, cond, completed);
  const number = cond.psaTicketNumber ?? cond.psaTicketId!;
  let result: Applied;
  let statusId = cond.psaStatusId;
  if (action === "gone") {
    result = { status: "succeeded", detail: "closed", ticket: { id: cond.psaTicketId!, number }, message: `Ticket ${number} no longer exists in the PSA; the condition is closed.` };
  } else if (action === "complete") {
    const updated = await ctx.connector.updateTicket(cond.psaTicketId!, { statusId: completed });
    statusId = updated.statusId;
    await ctx.connector.addTicketNote(cond.psaTicketId!, { title: "Condition cleared", text: clearedNote(ctx, false) });
    result = { status: "succeeded", detail: "completed", ticket: { id: cond.psaTicketId!, number }, message: `Completed ticket ${number}.` };
  } else {
    const touched = action === "note-only-touched";
    await ctx.connector.addTicketNote(cond.psaTicketId!, { title: "Condition cleared", text: clearedNote(ctx, touched) });
    result = touched
      ? { status: "succeeded", detail: "noted: worked on by a technician", ticket: { id: cond.psaTicketId!, number }, message: `A technician has worked on ticket ${number}; added a note that the condition cleared instead of completing it.` }
      : { status: "succeeded", detail: "completed", ticket: { id: cond.psaTicketId!, number }, message: `Ticket ${number} was already completed; added a note that the condition cleared.` };
  }
  await updateCondition(ctx.tx, cond, { state: "closed", closedAt: ctx.now, psaStatusId: statusId, lastSeverity: "ok", lastEventId: ctx.event.id, lastDetailHash: ctx.detailHash });
  return result;
}

/** OK event while a create may have reached the PSA: adopt the ticket and close it, or close the condition without one. */
export async function closeCreating(ctx: ApplyContext, cond: TicketCondition): Promise<Applied> {
  const found = await ctx.connector.findTicketByExternalRef(ticketRef(cond.correlationKey, cond.psaTicketId, cond.lastEventId ?? ctx.event.id));
  if (!found) {
    await updateCondition(ctx.tx, cond, { state: "closed", closedAt: ctx.now, lastSeverity: "ok", lastEventId: ctx.event.id });
    return { status: "skipped", detail: "nothing to close", message: "The condition cleared before its ticket was created; nothing to close." };
  }
  const adopted: TicketCondition = { ...cond, psaTicketId: found.id, psaTicketNumber: found.number, psaStatusId: found.statusId, psaAssigneeId: found.assigneeId ?? null };
  await updateCondition(ctx.tx, cond, { psaTicketId: found.id, psaTicketNumber: found.number, psaStatusId: found.statusId, psaAssigneeId: found.assigneeId ?? null, openedAt: ctx.now });
  return closeTicket(ctx, adopted);
}
