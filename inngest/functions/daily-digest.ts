import { cron, RetryAfterError } from "inngest";

import { getDb } from "~/db";
import { findDuePartners, sendPartnerDigests, summarizePartnerDigest } from "~/server/services/tickets/digest";

import { inngest } from "../client";

/**
 * Every hour at :05: each partner whose digest hour is the current hour in its time zone gets the
 * previous local day's digest, one step per partner. A throttled or unreachable PSA retries that
 * partner's step later (customers already sent are not sent again); a partner whose step fails for
 * good does not stop the others.
 */
export const dailyDigest = inngest.createFunction(
  { id: "daily-digest", triggers: [cron("5 * * * *")], retries: 4, concurrency: 1 },
  async ({ event, step }) => {
    const db = await getDb();
    // The tick's own time (stable across retries), so a retry after the hour still sends the same day.
    const at = typeof event.ts === "number" ? event.ts : Date.now();
    const due = await step.run("find-due-partners", () => findDuePartners(db, new Date(at)));
    const partners = [];
    for (const { partnerId, day } of due) {
      try {
        partners.push(
          await step.run(`digest-${partnerId}-${day}`, async () => {
            const result = await sendPartnerDigests(db, { partnerId, day });
            if (result.retry) {
              throw new RetryAfterError(
                `The PSA was throttled or unavailable for ${result.retry.customers} customer digest(s) of ${day}.`,
                result.retry.retryAfterMs,
              );
            }
            return summarizePartnerDigest(result);
          }),
        );
      } catch (err) {
        partners.push({ partnerId, day, status: "failed" as const, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return { due: due.length, partners };
  },
);
