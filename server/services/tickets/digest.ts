import type { DbOrTx } from "~/db";
import {
  claimDigestRun,
  digestCounts,
  digestFailures,
  finishDigestRun,
  getDigestCustomer,
  getDigestSettings,
  listCustomersWithEvents,
  listDigestPartners,
} from "~/db/queries/digest";
import type { ticketSettings } from "~/db/schema";
import { env } from "~/server/env";
import { isPsaError } from "~/server/psa/errors";
import type { PsaConnector, PsaConnectorOptions } from "~/server/psa/types";
import { connectorForPartner } from "~/server/services/psa-connections/service";

import {
  addDays,
  dayWindow,
  digestCorrelationKey,
  digestDescription,
  digestTitle,
  dueDigestDay,
  MAX_LISTED_FAILURES,
} from "./digest-text";

/**
 * The daily digest: once a day per customer that had events that day (partner time zone), one PSA
 * ticket summarising the day's backups. Sending twice is a no-op: the digest run (unique per
 * partner, customer and day) records the ticket, and a run that never learnt whether its create
 * reached the PSA looks the ticket up by its correlation key before creating again.
 */
type Settings = typeof ticketSettings.$inferSelect;

export type CustomerDigestResult =
  | { customerId: string; status: "sent" | "already-sent"; ticketId: string; ticketNumber: string }
  | { customerId: string; status: "skipped"; reason: string }
  | { customerId: string; status: "failed"; message: string; retryable: boolean; retryAfterMs?: number };

export type PartnerDigestResult = {
  partnerId: string;
  day: string;
  status: "done" | "disabled" | "no-connection";
  customers: CustomerDigestResult[];
  /** Customers whose digest hit a throttled or unavailable PSA: retry the partner later. */
  retry: { customers: number; retryAfterMs: number } | null;
};

type Target = { queueId: string; priorityId: string; statusId: string };

/** Digest queue/board and priority, else the main queue and default priority; new status of that board. */
async function digestTarget(connector: PsaConnector, s: Settings): Promise<Target | { skip: string }> {
  const queueId = s.digestQueueId ?? s.queueId;
  if (!queueId) return { skip: "ticketing off: no queue or board mapped" };
  const priorityId = s.digestPriorityId ?? s.defaultPriorityId;
  if (!priorityId) return { skip: "no digest or default priority set" };
  let statusId = s.newStatusId;
  if (connector.provider === "connectwise" && queueId !== s.queueId) {
    // ConnectWise statuses belong to a board: take the digest board's status of the same name, or its default.
    const statuses = (await connector.listTicketStatuses(queueId)).filter((st) => st.isActive && !st.isClosed);
    const named = s.newStatusName ? statuses.find((st) => st.name.toLowerCase() === s.newStatusName!.toLowerCase()) : undefined;
    statusId = (named ?? statuses.find((st) => st.isDefault) ?? statuses[0])?.id ?? null;
  }
  if (!statusId) return { skip: "no status for new tickets set" };
  return { queueId, priorityId, statusId };
}

function failure(customerId: string, err: unknown): CustomerDigestResult {
  if (isPsaError(err)) {
    const message = [err.message, err.psaMessage && err.psaMessage !== err.message ? `PSA said: ${err.psaMessage}` : null, err.hint].filter(Boolean).join(" ");
    return { customerId, status: "failed", message, retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  }
  return { customerId, status: "failed", message: err instanceof Error ? err.message : String(err), retryable: false };
}

/** Sends (at most once) the digest of one customer for one local day. */
export async function sendCustomerDigest(
  db: DbOrTx,
  input: { partnerId: string; customerId: string; day: string; settings: Settings; timeZone: string; connector: PsaConnector; appUrl?: string },
): Promise<CustomerDigestResult> {
  const { partnerId, customerId, day, settings, timeZone, connector } = input;
  const customer = await getDigestCustomer(db, { partnerId, customerId });
  if (!customer) return { customerId, status: "skipped", reason: "customer not found" };
  if (!customer.mapping) return { customerId, status: "skipped", reason: "customer not mapped" };
  const { from, to } = dayWindow(day, timeZone);
  const counts = await digestCounts(db, { partnerId, customerId, from, to });
  if (counts.length === 0) return { customerId, status: "skipped", reason: "no events that day" };

  const correlationKey = digestCorrelationKey(partnerId, customerId, day);
  const { run, created } = await claimDigestRun(db, { partnerId, customerId, day, correlationKey });
  if (run.status === "succeeded" && run.psaTicketId) {
    return { customerId, status: "already-sent", ticketId: run.psaTicketId, ticketNumber: run.psaTicketNumber ?? run.psaTicketId };
  }
  try {
    if (!created) {
      // An earlier attempt may have created the ticket and lost the answer: never create a second one.
      const found = await connector.findTicketByExternalRef(correlationKey);
      if (found) {
        await finishDigestRun(db, { partnerId, id: run.id, status: "succeeded", psaTicketId: found.id, psaTicketNumber: found.number });
        return { customerId, status: "sent", ticketId: found.id, ticketNumber: found.number };
      }
    }
    const target = await digestTarget(connector, settings);
    if ("skip" in target) {
      await finishDigestRun(db, { partnerId, id: run.id, status: "skipped", message: target.skip });
      return { customerId, status: "skipped", reason: target.skip };
    }
    const failures = await digestFailures(db, { partnerId, customerId, from, to, limit: MAX_LISTED_FAILURES });
    const appUrl = (input.appUrl ?? env().APP_URL).replace(/\/+$/, "");
    const eventLogUrl = `${appUrl}/event-log?customer=${customerId}&from=${day}T00:00&to=${addDays(day, 1)}T00:00`;
    const ticket = await connector.createTicket({
      companyId: customer.mapping.psaCompanyId,
      contractId: customer.mapping.psaContractId,
      title: digestTitle({ prefix: settings.subjectPrefix, customerName: customer.name, day, provider: connector.provider }),
      description: digestDescription({ customerName: customer.name, day, timeZone, counts, failures, eventLogUrl }),
      queueId: target.queueId,
      priorityId: target.priorityId,
      statusId: target.statusId,
      externalRef: correlationKey,
    });
    await finishDigestRun(db, { partnerId, id: run.id, status: "succeeded", psaTicketId: ticket.id, psaTicketNumber: ticket.number });
    return { customerId, status: "sent", ticketId: ticket.id, ticketNumber: ticket.number };
  } catch (err) {
    const result = failure(customerId, err);
    if (result.status === "failed") {
      // A retryable failure stays pending (the retry looks the ticket up first); others are final until resent.
      await finishDigestRun(db, { partnerId, id: run.id, status: result.retryable ? "pending" : "failed", message: result.message });
    }
    return result;
  }
}

/**
 * Sends the digests of every customer of the partner with events on `day`. One customer's failure
 * never stops the others; throttled / unavailable ones are counted in `retry`.
 */
export async function sendPartnerDigests(
  db: DbOrTx,
  input: { partnerId: string; day: string; connector?: PsaConnector; connectorOptions?: PsaConnectorOptions; appUrl?: string },
): Promise<PartnerDigestResult> {
  const { partnerId, day } = input;
  const base = { partnerId, day, customers: [] as CustomerDigestResult[], retry: null };
  const found = await getDigestSettings(db, { partnerId });
  if (!found || !found.settings.digestEnabled) return { ...base, status: "disabled" };
  const connector = input.connector ?? (await connectorForPartner(db, partnerId, input.connectorOptions));
  if (!connector) return { ...base, status: "no-connection" };

  const { from, to } = dayWindow(day, found.timeZone);
  const customers = await listCustomersWithEvents(db, { partnerId, from, to });
  const results: CustomerDigestResult[] = [];
  for (const customer of customers) {
    try {
      results.push(
        await sendCustomerDigest(db, { partnerId, customerId: customer.id, day, settings: found.settings, timeZone: found.timeZone, connector, appUrl: input.appUrl }),
      );
    } catch (err) {
      results.push(failure(customer.id, err));
    }
  }
  const retryable = results.filter((r): r is Extract<CustomerDigestResult, { status: "failed" }> => r.status === "failed" && r.retryable);
  const retry = retryable.length ? { customers: retryable.length, retryAfterMs: Math.max(30_000, ...retryable.map((r) => r.retryAfterMs ?? 0)) } : null;
  return { partnerId, day, status: "done", customers: results, retry };
}

/** The partners whose digest hour is the current hour in their time zone, with the day to send (yesterday, locally). */
export async function findDuePartners(db: DbOrTx, now: Date): Promise<{ partnerId: string; day: string }[]> {
  const partners = await listDigestPartners(db);
  return partners.flatMap((p) => {
    const day = dueDigestDay(now, p.timeZone, p.digestHour);
    return day ? [{ partnerId: p.partnerId, day }] : [];
  });
}

/** Step-sized summary of a partner's digest run (results stay small JSON). */
export function summarizePartnerDigest(r: PartnerDigestResult) {
  const count = (s: CustomerDigestResult["status"]) => r.customers.filter((c) => c.status === s).length;
  return {
    partnerId: r.partnerId,
    day: r.day,
    status: r.status,
    sent: count("sent"),
    alreadySent: count("already-sent"),
    skipped: count("skipped"),
    failed: count("failed"),
    failures: r.customers.flatMap((c) => (c.status === "failed" ? [{ customerId: c.customerId, message: c.message.slice(0, 300) }] : [])).slice(0, 20),
  };
}
