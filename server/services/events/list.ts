import type { DbOrTx } from "~/db";
import { listOutcomeHistoryForEvents } from "~/db/queries/event-outcomes";
import { type EventCursor, type EventFilters, listEvents } from "~/db/queries/events";

import { summarizeByEvent, ticketSummaryFor } from "./ticket-summary";

/**
 * A page of the Event Log with each event's ticket numbers: the page comes from the events
 * indexes alone (listEvents), then one indexed read of the page's outcome history adds the
 * tickets (the latest attempt's, or an earlier attempt's when the latest has none).
 */
export async function listEventLogPage(
  db: DbOrTx,
  input: { partnerId: string; filters?: EventFilters; cursor?: EventCursor | null; direction?: "older" | "newer"; limit: number },
) {
  const page = await listEvents(db, input);
  const withTickets = page.items.filter((e) => e.outcomeStatus !== null).map((e) => e.id);
  const history = summarizeByEvent(await listOutcomeHistoryForEvents(db, { partnerId: input.partnerId, eventIds: withTickets }));
  return {
    ...page,
    items: page.items.map(({ ticketNumbers: _numbers, ...e }) => ({ ...e, outcome: ticketSummaryFor(history, e.id) })),
  };
}
