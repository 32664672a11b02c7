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
