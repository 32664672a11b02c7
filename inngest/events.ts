import { eventType } from "inngest";
import { z } from "zod";

/**
 * Typed event schemas. Events carry the partner id and row ids only; functions read the rest
 * from the database, so step results and payloads stay small.
 */
const storedEventRef = z.object({
  partnerId: z.string().uuid(),
  /** events.id of the stored vendor event. */
  eventId: z.number().int().positive(),
});

/** A stored vendor event to process; processed in batches per partner (vendor-events-batch). */
export const vendorEventReceived = eventType("vendor/event.received", { schema: storedEventRef });

export type VendorEventReceivedData = z.infer<typeof vendorEventReceived.schema>;

/** A stored event whose ticket action needs the PSA (sent by vendor-events-batch; one run each). */
export const ticketEventRequested = eventType("tickets/event.requested", { schema: storedEventRef });

/** A stored event a "Synchronize with PSA" rule matches (sent by vendor-events-batch; one run each). */
export const billingEventRequested = eventType("billing/event.requested", { schema: storedEventRef });

/** A billing run (sync of some or all customers, or approved changes to apply) is queued. */
export const billingRunRequested = eventType("billing/run.requested", {
  schema: z.object({
    partnerId: z.string().uuid(),
    /** billing_runs.id */
    runId: z.string().uuid(),
  }),
});

export type BillingRunRequestedData = z.infer<typeof billingRunRequested.schema>;
