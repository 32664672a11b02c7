import { getDb } from "~/db";
import { failVendorEvent, processVendorEvent } from "~/server/services/events/process";

import { inngest } from "../client";
import { vendorEventReceived } from "../events";

/**
 * Processes one stored vendor event. Each step calls one service; later areas (tickets, billing)
 * add their steps here. After the last retry the event is marked `failed` with the reason, so the
 * Event Log shows it and it can be reprocessed.
 */
export const vendorEventReceivedFn = inngest.createFunction(
  {
    id: "vendor-event-received",
    triggers: [vendorEventReceived],
    retries: 4,
    // Fair share between partners: one partner's burst does not starve the others.
    concurrency: { limit: 10, key: "event.data.partnerId" },
    onFailure: async ({ event, error, logger }) => {
      const parsed = vendorEventReceived.schema.safeParse(event.data.event.data);
      if (!parsed.success) {
        logger.error("vendor-event-received failed for an event without a valid partnerId/eventId");
        return;
      }
      await failVendorEvent(await getDb(), {
        ...parsed.data,
        error: `${error.message} Reprocess the event to try again.`,
      });
    },
  },
  async ({ event, step }) => {
    const { partnerId, eventId } = event.data;
    const db = await getDb();
    const processed = await step.run("process-event", () => processVendorEvent(db, { partnerId, eventId }));
    return processed;
  },
);
