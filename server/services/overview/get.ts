import type { DbOrTx } from "~/db";
import { eventsByDayAndOutcome, listOpenTickets, overviewCounts } from "~/db/queries/overview";

import { attentionCards } from "./cards";
import { lastDays } from "./days";

/** Open tickets named on the Overview (the count covers all of them). */
const OPEN_TICKETS_SHOWN = 5;
/** Days of the events chart. */
export const CHART_DAYS = 7;

/**
 * The Overview: what needs the partner's attention now, the tickets PSA Relay keeps open and the
 * last week of events by outcome. Three cheap queries, run together.
 */
export async function getOverview(db: DbOrTx, input: { partnerId: string; timeZone: string; now?: Date }) {
  const now = input.now ?? new Date();
  const days = lastDays(now, input.timeZone, CHART_DAYS);
  const [counts, openTickets, byDay] = await Promise.all([
    overviewCounts(db, { partnerId: input.partnerId }),
    listOpenTickets(db, { partnerId: input.partnerId, limit: OPEN_TICKETS_SHOWN }),
    eventsByDayAndOutcome(db, { partnerId: input.partnerId, from: days.from, timeZone: input.timeZone }),
  ]);
  const chart = days.labels.map((day) => {
    const point = { day, succeeded: 0, failed: 0, pending: 0, skipped: 0, none: 0 };
    for (const row of byDay) {
      if (row.day === day && row.outcome in point) point[row.outcome as keyof Omit<typeof point, "day">] += row.count;
    }
    return point;
  });
  return {
    cards: attentionCards(counts),
    openTickets: { total: counts.openTickets, items: openTickets },
    chart,
    timeZone: input.timeZone,
  };
}
