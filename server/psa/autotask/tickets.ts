import { PsaError } from "../errors";
import type { PsaNoteInput, PsaTicket, PsaTicketInput, PsaTicketUpdate } from "../types";

import { type AutotaskContext, createOnce } from "./context";
import { mapTicket, noteBody, ticketCreateBody, ticketUpdateBody } from "./map";
import { toAutotaskId } from "./query";
import { ticketNoteSchema, ticketSchema } from "./schemas";

/**
 * Tickets: create (POST /Tickets → {itemId}, then GET it), PATCH with the id in the body, notes
 * under /Tickets/{id}/Notes, lookup by externalID. Creates are made idempotent through the
 * external reference: when Autotask's answer is lost, the ticket is looked up before retrying.
 */
const optionalId = (value: string | null | undefined, field: string) => (value ? toAutotaskId(value, field) : undefined);

export async function getTicket(ctx: AutotaskContext, id: string): Promise<PsaTicket | null> {
  const ticket = await ctx.client.getById("Tickets", toAutotaskId(id, "ticketId"), ticketSchema);
  return ticket ? mapTicket(ticket) : null;
}

async function mustGetTicket(ctx: AutotaskContext, id: number, operation: string): Promise<PsaTicket> {
  const ticket = await ctx.client.getById("Tickets", id, ticketSchema);
  if (!ticket) throw new PsaError({ kind: "not_found", provider: "autotask", operation, message: `Autotask ticket ${id} is not visible after ${operation}.` });
  return mapTicket(ticket);
}

export async function findTicketByExternalRef(ctx: AutotaskContext, externalRef: string): Promise<PsaTicket | null> {
  if (!externalRef.trim()) return null;
  const rows = await ctx.client.query("Tickets", { MaxRecords: 50, filter: [{ op: "eq", field: "externalID", value: externalRef }] }, ticketSchema, 50);
  const exact = rows.filter((t) => t.externalID === externalRef).sort((a, b) => a.id - b.id);
  return exact[0] ? mapTicket(exact[0]) : null;
}

export async function createTicket(ctx: AutotaskContext, input: PsaTicketInput): Promise<PsaTicket> {
  const body = ticketCreateBody(
    input,
    {
      companyID: toAutotaskId(input.companyId, "companyId"),
      queueID: toAutotaskId(input.queueId, "queueId"),
      status: toAutotaskId(input.statusId, "statusId"),
      priority: toAutotaskId(input.priorityId, "priorityId"),
      issueType: optionalId(input.issueTypeId, "issueTypeId"),
      subIssueType: optionalId(input.subIssueTypeId, "subIssueTypeId"),
      configurationItemID: optionalId(input.configurationItemId, "configurationItemId"),
      contractID: optionalId(input.contractId, "contractId"),
    },
    ctx.now(),
  );
  return createOnce(
    ctx,
    async () => mustGetTicket(ctx, await ctx.client.create("Tickets", body, "Tickets.create"), "Tickets.create"),
    () => findTicketByExternalRef(ctx, input.externalRef),
  );
}

export async function updateTicket(ctx: AutotaskContext, id: string, update: PsaTicketUpdate): Promise<PsaTicket> {
  const ticketId = toAutotaskId(id, "ticketId");
  const body = ticketUpdateBody(ticketId, update, {
    status: optionalId(update.statusId, "statusId"),
    priority: optionalId(update.priorityId, "priorityId"),
    queueID: optionalId(update.queueId, "queueId"),
  });
  if (Object.keys(body).length > 1) await ctx.client.patch("Tickets", body, "Tickets.update");
  return mustGetTicket(ctx, ticketId, "Tickets.update");
}

export async function addTicketNote(ctx: AutotaskContext, ticketId: string, note: PsaNoteInput): Promise<{ id: string }> {
  const id = toAutotaskId(ticketId, "ticketId");
  const [noteTypes, publishes] = await Promise.all([ctx.meta.picklist("TicketNotes", "noteType"), ctx.meta.picklist("TicketNotes", "publish")]);
  const noteType = noteTypes.find((p) => p.isDefaultValue && p.isActive !== false) ?? noteTypes.find((p) => p.isActive !== false);
  const wantInternal = note.internal === true;
  const publish =
    publishes.find((p) => p.isActive !== false && /internal/i.test(p.label) === wantInternal && (!wantInternal || /only/i.test(p.label))) ??
    publishes.find((p) => p.isActive !== false && /internal/i.test(p.label) === wantInternal);
  if (!noteType || !publish) {
    throw new PsaError({
      kind: "invalid",
      provider: "autotask",
      operation: "TicketNotes.fields",
      message: `This Autotask database has no active ticket note ${noteType ? (wantInternal ? "internal" : "all-users") + " publish" : "type"} value.`,
    });
  }
  const body = noteBody(id, note, { noteType: Number(noteType.value), publish: Number(publish.value) });
  return createOnce(
    ctx,
    async () => ({ id: String(await ctx.client.create(`Tickets/${id}/Notes`, body, "TicketNotes.create")) }),
    async () => {
      const notes = await ctx.client.query(
        "TicketNotes",
        { filter: [{ op: "eq", field: "ticketID", value: id }, { op: "eq", field: "title", value: body.title }] },
        ticketNoteSchema,
      );
      const landed = notes.find((n) => n.description === body.description);
      return landed ? { id: String(landed.id) } : null;
    },
  );
}
