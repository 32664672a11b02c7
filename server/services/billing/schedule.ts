import { TZDate } from "@date-fns/tz";
import { format, startOfDay } from "date-fns";
import { and, eq, gte } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { billingRuns, billingSettings, partners } from "~/db/schema";

import { type BillingRun, startSync } from "./runs";

/**
 * The schedule: on the partner's billing day (partner time zone) every mapped customer is synced
 * once; the 12-hour throttle still applies to each customer (one synced by an event rule an hour
 * ago is skipped and counted as such).
 */
export async function findDueBillingPartners(db: DbOrTx, at: Date): Promise<{ partnerId: string; day: string; since: Date }[]> {
  const rows = await db
    .select({ partnerId: partners.id, timeZone: partners.timeZone, billingDay: billingSettings.billingDay })
    .from(billingSettings)
    .innerJoin(partners, eq(partners.id, billingSettings.partnerId))
    .where(eq(billingSettings.enabled, true));
  const due: { partnerId: string; day: string; since: Date }[] = [];
  for (const r of rows) {
    const local = new TZDate(at, r.timeZone);
    if (local.getDate() !== r.billingDay) continue;
    due.push({ partnerId: r.partnerId, day: format(local, "yyyy-MM-dd"), since: new Date(startOfDay(local).getTime()) });
  }
  return due;
}

/** Starts the billing-day run of a partner unless one was started since the local day began. */
export async function startScheduledRun(db: DbOrTx, input: { partnerId: string; since: Date }): Promise<BillingRun | null> {
  const [existing] = await db
    .select({ id: billingRuns.id })
    .from(billingRuns)
    .where(and(eq(billingRuns.partnerId, input.partnerId), eq(billingRuns.trigger, "schedule"), gte(billingRuns.createdAt, input.since)))
    .limit(1);
  if (existing) return null;
  return startSync(db, { partnerId: input.partnerId, customerIds: null, trigger: "schedule", force: false });
}
