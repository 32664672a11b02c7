import { z } from "zod";

import { PsaError } from "../errors";
import type { PsaNoteInput, PsaTicket, PsaTicketInput, PsaTicketUpdate } from "../types";
import type { ConnectWiseClient } from "./client";
import { createOnce } from "./idempotent";
import { noteToBody, ticketInputToBody, ticketToDomain, ticketUpdateToPatch } from "./map";
import { ids } from "./metadata";
import { quote } from "./query";
import { noteSchema, ticketSchema } from "./schemas";

/** Service tickets: create (idempotent through externalXRef), get, JSON-patch update, notes, find. */
const recentNoteSchema = z.object({ id: z.number().int(), text: z.string().nullish(), dateCreated: z.string().nullish() });

export class Tickets {
  constructor(
    private readonly client: ConnectWiseClient,
    private readonly retry: { attempts: number; backoffBaseMs: number },
  ) {}

  async create(input: PsaTicketInput): Promise<PsaTicket> {
    ids([input.companyId, input.queueId, input.statusId, input.priorityId], "company/board/status/priority id");
    const body = ticketInputToBody(input);
    const ticket = await createOnce({
      ...this.retry,
      create: async () => ticketToDomain(await this.client.write("POST", "/service/tickets", body, ticketSchema, "Tickets.create")),
      findExisting: () => this.findByExternalRef(input.externalRef),
    });
    if (input.configurationItemId) {
      const [configurationId] = ids([input.configurationItemId], "configuration id");
      await this.client.send("POST", { path: `/service/tickets/${ticket.id}/configurations` }, { operation: "TicketConfigurations.create", body: { id: configurationId }, retry: "all" });
    }
    return ticket;
  }

  async get(id: string): Promise<PsaTicket | null> {
    if (!/^\d+$/.test(id.trim())) return null;
    const row = await this.client.getOrNull(`/service/tickets/${id.trim()}`, ticketSchema, "Tickets.get");
    return row ? ticketToDomain(row) : null;
  }

  async update(id: string, update: PsaTicketUpdate): Promise<PsaTicket> {
    const [ticketId] = ids([id], "ticket id");
    const ops = ticketUpdateToPatch(update);
    if (ops.length === 0) {
      const current = await this.get(id);
      if (!current) throw new PsaError({ kind: "not_found", provider: "connectwise", message: `ConnectWise ticket ${id} does not exist.` });
      return current;
    }
    return ticketToDomain(await this.client.write("PATCH", `/service/tickets/${ticketId}`, ops, ticketSchema, "Tickets.update"));
  }

  async addNote(ticketId: string, note: PsaNoteInput): Promise<{ id: string }> {
    const [id] = ids([ticketId], "ticket id");
    const body = noteToBody(note);
    const startedAt = Date.now();
    return createOnce({
      ...this.retry,
      create: async () => ({ id: String((await this.client.write("POST", `/service/tickets/${id}/notes`, body, noteSchema, "TicketNotes.create")).id) }),
      // Only a note with the same text written since this call began can be the one a failed POST made.
      findExisting: async () => {
        const rows = await this.client.listAll(`/service/tickets/${id}/notes`, recentNoteSchema, { orderBy: "id desc" }, "TicketNotes.list", 50);
        const match = rows.find((n) => n.text === body.text && Date.parse(n.dateCreated ?? "") >= startedAt - 60_000);
        return match ? { id: String(match.id) } : null;
      },
    });
  }

  async findByExternalRef(externalRef: string): Promise<PsaTicket | null> {
    const rows = await this.client.listAll("/service/tickets", ticketSchema, { conditions: `externalXRef = ${quote(externalRef)}`, orderBy: "id asc" }, "Tickets.find", 1);
    return rows[0] ? ticketToDomain(rows[0]) : null;
  }
}
