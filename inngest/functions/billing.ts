import { cron, RetryAfterError } from "inngest";

import { getDb } from "~/db";
import { failPendingBillingOutcome, handleBillingForEvent } from "~/server/services/billing/event";
import { findDueBillingPartners, startScheduledRun } from "~/server/services/billing/schedule";
import { BillingRetryableError, executeRun, failRun } from "~/server/services/billing/sync";
import { connectorForPartner } from "~/server/services/psa-connections/service";

import { inngest } from "../client";
import { billingEventRequested, billingRunRequested } from "../events";

/** Delay before retrying a PSA that gave none (throttled or unavailable). */
const DEFAULT_PSA_RETRY_MS = 15_000;

const deps = { connectorFor: connectorForPartner };

function retryable(err: unknown): never {
  if (err instanceof BillingRetryableError) throw new RetryAfterError(err.message, err.retryAfterMs ?? DEFAULT_PSA_RETRY_MS);
  throw err;
}

/**
 * A queued billing run: a sync of some or all customers (Sync now, the schedule) or approved
 * changes to apply. One run per partner at a time; a throttled or unreachable PSA retries the run,
 * which resumes after the customers it finished and reads the PSA back before any write.
 */
export const billingRun = inngest.createFunction(
  {
    id: "billing-run",
    triggers: [billingRunRequested],
    retries: 4,
    concurrency: [{ limit: 1, key: "event.data.partnerId" }],
    onFailure: async ({ event, error }) => {
      const parsed = billingRunRequested.schema.safeParse(event.data.event.data);
      if (!parsed.success) return;
      await failRun(await getDb(), parsed.data, `${error.message} (gave up after the last retry). Run Sync now once the PSA is reachable.`);
    },
  },
  async ({ event, step }) => {
    const db = await getDb();
    return step.run("run", () => executeRun(db, event.data, deps).catch(retryable));
  },
);

/**
 * "Synchronize with <PSA>" rules: the billing action of a stored vendor event, beside the ticket
 * action (its own function, so a ticket failure never holds up billing and the other way round).
 * vendor-events-batch sends it only the events a billing rule matches.
 */
export const billingForEvent = inngest.createFunction(
  {
    id: "billing-for-event",
    triggers: [billingEventRequested],
    retries: 4,
    concurrency: [{ limit: 2, key: "event.data.partnerId" }],
    onFailure: async ({ event, error }) => {
      const parsed = billingEventRequested.schema.safeParse(event.data.event.data);
      if (!parsed.success) return;
      await failPendingBillingOutcome(await getDb(), {
        ...parsed.data,
        message: `${error.message} (gave up after the last retry)`,
        hint: "Reprocess the event from the Event Log once the problem is fixed.",
      });
    },
  },
  async ({ event, step }) => {
    const db = await getDb();
    const outcome = await step.run("billing", () => handleBillingForEvent(db, event.data, deps).catch(retryable));
    return outcome ? { status: outcome.status, detail: outcome.detail } : { status: "no billing rule" };
  },
);

/** Every hour at :15: partners whose billing day it is (their time zone) get one run of every customer. */
export const billingSchedule = inngest.createFunction(
  { id: "billing-schedule", triggers: [cron("15 * * * *")], retries: 2, concurrency: 1 },
  async ({ event, step }) => {
    const db = await getDb();
    const at = typeof event.ts === "number" ? event.ts : Date.now();
    const due = await step.run("find-due-partners", () => findDueBillingPartners(db, new Date(at)));
    const started = [];
    for (const d of due) {
      const run = await step.run(`start-${d.partnerId}-${d.day}`, () => startScheduledRun(db, { partnerId: d.partnerId, since: new Date(d.since) }));
      if (run) started.push(run.id);
    }
    return { due: due.length, started };
  },
);
