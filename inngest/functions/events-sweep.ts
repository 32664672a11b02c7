import { cron } from "inngest";

import { getDb } from "~/db";
import { sweepStaleEvents } from "~/server/services/events/sweep";

import { inngest } from "../client";
import { handOverVendorEvents } from "../dispatch";

/**
 * Every minute: hands over again the events that were stored but never reached a job, or whose job
 * was lost (crash recovery — nothing acknowledged is lost). One run at a time.
 */
export const eventsSweep = inngest.createFunction(
  { id: "events-sweep", triggers: [cron("* * * * *")], retries: 1, concurrency: 1 },
  async ({ step }) => {
    const db = await getDb();
    return step.run("sweep-stale-events", () =>
      sweepStaleEvents(db, {
        dispatch: (items, reason) => handOverVendorEvents(items, { db, redispatch: reason === "job-lost" }),
      }),
    );
  },
);
