import { NonRetriableError, RetryAfterError } from "inngest";

import { getDb } from "~/db";
import { failPendingTicketOutcomes } from "~/db/queries/tickets";
import { env } from "~/server/env";
import { failVendorEvent, processVendorEvent } from "~/server/services/events/process";
import { connectorForPartner } from "~/server/services/psa-connections/service";
import { handleTicketForEvent, TicketRetryableError } from "~/server/services/tickets";

import { inngest } from "../client";
import { ticketEventRequested } from "../events";

/** Retries after the first attempt; with the backoff they span several minutes of PSA outage. */
const RETRIES = 4;
/** Delay before retrying a PSA that gave none (throttled or unavailable). */
const DEFAULT_PSA_RETRY_MS = 10_000;

/**
 * The ticket action of one stored vendor event that needs the PSA (vendor-events-batch decides the
 * others in bulk and sends only these here). Each step calls one service: "process-event" marks it
 * processed, "ticket" runs the ticket lifecycle (open / note / complete / reopen, or a skipped
 * outcome saying why). A throttled or unreachable PSA is retried with the PSA's delay (the outcome
 * stays pending meanwhile); a PSA refusal (credentials, permissions, invalid settings) fails at once
 * with the PSA's message and a hint. After the last retry the outcome and event are marked failed,
 * so the Event Log shows them and they can be reprocessed.
 */
export const vendorEventReceivedFn = inngest.createFunction(
  {
    id: "vendor-event-received",
    triggers: [ticketEventRequested],
    retries: RETRIES,
    // Fair share between partners (one PSA connection each): one partner's burst or failing PSA does
    // not starve the others. Runs waiting on a retry hold no slot, so one customer's failures never
    // hold up another's events; the connector keeps requests within the connection's limits.
    concurrency: [{ limit: 10, key: "event.data.partnerId" }],
    onFailure: async ({ event, error, logger }) => {
      const parsed = ticketEventRequested.schema.safeParse(event.data.event.data);
      if (!parsed.success) {
        logger.error("vendor-event-received failed for an event without a valid partnerId/eventId");
        return;
      }
      const db = await getDb();
      await failPendingTicketOutcomes(db, {
        ...parsed.data,
        message: `${error.message} (gave up after the last retry)`,
        hint: "Reprocess the event from the Event Log once the problem is fixed.",
      });
      await failVendorEvent(db, { ...parsed.data, error: `${error.message} Reprocess the event to try again.` });
    },
  },
  async ({ event, step, attempt, maxAttempts }) => {
    const { partnerId, eventId } = event.data;
    const db = await getDb();
    const processed = await step.run("process-event", () => processVendorEvent(db, { partnerId, eventId }));
    const ticket = await step.run("ticket", async () => {
      try {
        const outcome = await handleTicketForEvent(
          db,
          { partnerId, eventId },
          {
            connectorFor: (d, id) => connectorForPartner(d, id),
            appUrl: env().APP_URL,
            finalAttempt: maxAttempts !== undefined && attempt + 1 >= maxAttempts,
          },
        );
        if (outcome.status === "failed") throw new NonRetriableError(`${outcome.message ?? outcome.detail}${outcome.hint ? ` ${outcome.hint}` : ""}`);
        return outcome;
      } catch (err) {
        if (err instanceof TicketRetryableError) throw new RetryAfterError(err.message, err.retryAfterMs ?? DEFAULT_PSA_RETRY_MS);
        throw err;
      }
    });
    return { ...processed, ticket: { status: ticket.status, detail: ticket.detail, ticketNumber: ticket.ticketNumber } };
  },
);
