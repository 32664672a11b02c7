/**
 * What the Event Log list shows of an event's outcome history (pure). The list shows the latest
 * attempt; when that attempt recorded no PSA ticket (a reprocess that found "nothing to close"),
 * the ticket numbers of the most recent earlier attempt that had one stay visible, marked as
 * earlier, so reprocessing never hides the ticket an event already owns.
 */
export type AttemptRow = {
  eventId: number;
  action: string;
  attempt: number;
  detail: string | null;
  psaTicketId: string | null;
  psaTicketNumber: string | null;
};

export type EventTicket = {
  number: string;
  psaTicketId: string | null;
  /** The attempt that recorded it. */
  attempt: number;
  /** True when it comes from an attempt before the latest one. */
  earlier: boolean;
};

export type EventTicketSummary = {
  /** The latest attempt number (1 = original processing), null without any outcome. */
  latestAttempt: number | null;
  /** The details of the latest attempt's outcomes, e.g. "skipped: nothing to close". */
  latestDetails: string[];
  tickets: EventTicket[];
};

const EMPTY: EventTicketSummary = { latestAttempt: null, latestDetails: [], tickets: [] };

function ticketsOf(rows: AttemptRow[], earlier: boolean): EventTicket[] {
  const seen = new Set<string>();
  const out: EventTicket[] = [];
  for (const r of rows) {
    if (!r.psaTicketNumber || seen.has(r.psaTicketNumber)) continue;
    seen.add(r.psaTicketNumber);
    out.push({ number: r.psaTicketNumber, psaTicketId: r.psaTicketId, attempt: r.attempt, earlier });
  }
  return out;
}

export function summarizeEventTickets(rows: AttemptRow[]): EventTicketSummary {
  if (rows.length === 0) return EMPTY;
  const byAttempt = new Map<number, AttemptRow[]>();
  for (const r of rows) byAttempt.set(r.attempt, [...(byAttempt.get(r.attempt) ?? []), r]);
  const attempts = [...byAttempt.keys()].sort((a, b) => b - a);
  const latest = attempts[0]!;
  const latestRows = [...byAttempt.get(latest)!].sort((a, b) => a.action.localeCompare(b.action));
  const latestDetails = latestRows.map((r) => r.detail).filter((d): d is string => Boolean(d));
  const current = ticketsOf(latestRows, false);
  if (current.length > 0) return { latestAttempt: latest, latestDetails, tickets: current };
  for (const attempt of attempts.slice(1)) {
    const earlier = ticketsOf(byAttempt.get(attempt)!, true);
    if (earlier.length > 0) return { latestAttempt: latest, latestDetails, tickets: earlier };
  }
  return { latestAttempt: latest, latestDetails, tickets: [] };
}

/** The summaries of many events' attempt rows, by event id. */
export function summarizeByEvent(rows: AttemptRow[]): Map<number, EventTicketSummary> {
  const grouped = new Map<number, AttemptRow[]>();
  for (const r of rows) grouped.set(r.eventId, [...(grouped.get(r.eventId) ?? []), r]);
  return new Map([...grouped].map(([id, list]) => [id, summarizeEventTickets(list)]));
}

export function ticketSummaryFor(map: Map<number, EventTicketSummary>, eventId: number): EventTicketSummary {
  return map.get(eventId) ?? EMPTY;
}
