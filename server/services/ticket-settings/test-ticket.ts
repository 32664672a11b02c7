import { randomUUID } from "node:crypto";

import type { DbOrTx } from "~/db";
import { listMappedCompanies } from "~/db/queries/ticket-settings";
import { AppError } from "~/server/errors/app-error";
import { isPsaError } from "~/server/psa/errors";
import type { PsaConnectorOptions } from "~/server/psa/types";

import { providerLabel, queueWord } from "./rules";
import { getTicketSettings, psaFailureMessage, requireConnector } from "./service";

export const TEST_TICKET_REF_PREFIX = "psarelay-test-";

export type TestTicketResult =
  | { ok: true; ticketId: string; ticketNumber: string; companyId: string; companyName: string; externalRef: string }
  | { ok: false; kind: string; message: string; hint?: string; psaMessage?: string };

/**
 * "Send a test ticket": creates one real ticket through the partner's connector with the saved
 * settings (mapped queue/board, status for new tickets, default priority) on the company the admin
 * picked (a mapped customer's company or any PSA company, checked), else the first mapped company
 * by name — the one the dialog preselects. The result names the company the ticket was created
 * for. The correlation key makes a retried create find the first ticket instead of opening a second one.
 */
export async function sendTestTicket(
  db: DbOrTx,
  ctx: { partnerId: string; userName: string },
  input: { companyId?: string | null },
  options: PsaConnectorOptions = {},
): Promise<TestTicketResult> {
  const connector = await requireConnector(db, ctx.partnerId, options);
  const psa = providerLabel(connector.provider);
  const settings = await getTicketSettings(db, ctx.partnerId);
  if (!settings.queueId) {
    throw new AppError("BAD_REQUEST", `Ticketing is off: map a ${queueWord(connector.provider)} and save the ticket settings before sending a test ticket.`);
  }
  if (!settings.newStatusId || !settings.defaultPriorityId) {
    throw new AppError("BAD_REQUEST", "Choose the default priority and the status for new tickets, save, then send a test ticket.");
  }
  const mapped = await listMappedCompanies(db, { partnerId: ctx.partnerId });
  const companyId = input.companyId?.trim() || mapped[0]?.id;
  if (!companyId) {
    throw new AppError("BAD_REQUEST", `No customer is mapped yet: pick the ${psa} company the test ticket should be opened on.`, { field: "companyId" });
  }

  const externalRef = `${TEST_TICKET_REF_PREFIX}${randomUUID()}`;
  const now = new Date();
  try {
    let companyName = mapped.find((c) => c.id === companyId)?.name ?? null;
    if (companyName === null) {
      // Not a mapped company: it must be one the PSA has.
      const company = /^\d+$/.test(companyId) ? await connector.getCompany(companyId) : null;
      if (!company) return { ok: false, kind: "not_found", message: `${psa} has no company with id ${companyId}: pick one from the list. No ticket was created.` };
      companyName = company.name;
    }
    const ticket = await connector.createTicket({
      companyId,
      title: `${settings.subjectPrefix ? `${settings.subjectPrefix} ` : ""}PSA Relay test ticket`,
      description: [
        `A test ticket sent from PSA Relay's Integration Setup by ${ctx.userName} at ${now.toISOString()}.`,
        "It shows that tickets reach this queue/board with the chosen status and priority. You may close or delete it.",
      ].join("\n"),
      queueId: settings.queueId,
      statusId: settings.newStatusId,
      priorityId: settings.defaultPriorityId,
      dueAt: new Date(now.getTime() + 24 * 3600 * 1000),
      externalRef,
    });
    return { ok: true, ticketId: ticket.id, ticketNumber: ticket.number, companyId, companyName, externalRef };
  } catch (err) {
    if (!isPsaError(err)) throw err;
    return { ok: false, kind: err.kind, message: psaFailureMessage(err, "create the test ticket"), hint: err.hint, psaMessage: err.psaMessage };
  }
}
