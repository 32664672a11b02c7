import { eventType } from "inngest";
import { z } from "zod";

/**
 * Typed event schemas. Events carry the partner id and row ids only; functions read the rest
 * from the database, so step results and payloads stay small.
 */
export const vendorEventReceived = eventType("vendor/event.received", {
  schema: z.object({
    partnerId: z.string().uuid(),
    /** events.id of the stored vendor event. */
    eventId: z.number().int().positive(),
  }),
});

export type VendorEventReceivedData = z.infer<typeof vendorEventReceived.schema>;

/** A billing run (sync of some or all customers, or approved changes to apply) is queued. */
export const billingRunRequested = eventType("billing/run.requested", {
  schema: z.object({
    partnerId: z.string().uuid(),
    /** billing_runs.id */
    runId: z.string().uuid(),
  }),
});

export type BillingRunRequestedData = z.infer<typeof billingRunRequested.schema>;
