import { env } from "~/server/env";

/**
 * The plausible time window of the ingest API. An event time or usage day outside it can never
 * be right (a sender's clock set to 1970 or 2099, a year 0000 placeholder), so it is refused with
 * a 400 naming the field instead of being stored — a far-future time would otherwise stay the
 * account's "last event" and the top of the Event Log for years.
 *
 * INGEST_MIN_OCCURRED_AT (default 2000-01-01T00:00:00Z) is the earliest time accepted;
 * INGEST_MAX_FUTURE_SKEW_SECONDS (default 300) is how far ahead of the server's clock an event
 * may be, for senders whose clocks run a little fast.
 */
export type TimeWindow = { minOccurredAt: Date; maxFutureSkewSeconds: number };

export function ingestWindow(): TimeWindow {
  const e = env();
  return { minOccurredAt: new Date(e.INGEST_MIN_OCCURRED_AT), maxFutureSkewSeconds: e.INGEST_MAX_FUTURE_SKEW_SECONDS };
}

/** A day (YYYY-MM-DD) is "today" somewhere on Earth until UTC+14 has left it. */
const EARLIEST_ZONE_AHEAD_MS = 14 * 60 * 60 * 1000;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export function describeSkew(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** Why an event time (already a valid ISO 8601 date-time) is implausible, or null. */
export function occurredAtProblem(value: string, window: TimeWindow, now: Date = new Date()): string | null {
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return "Must be a real date-time.";
  if (at < window.minOccurredAt.getTime()) {
    return `Must be on or after ${window.minOccurredAt.toISOString()}; check the sending machine's clock.`;
  }
  if (at > now.getTime() + window.maxFutureSkewSeconds * 1000) {
    return (
      `Must not be more than ${describeSkew(window.maxFutureSkewSeconds)} ahead of the server's clock ` +
      `(now ${now.toISOString()}); check the sending machine's clock.`
    );
  }
  return null;
}

/** The last usage day accepted: today in the time zone furthest ahead, plus the clock skew. */
export function latestPeriod(window: TimeWindow, now: Date = new Date()): string {
  return dayOf(new Date(now.getTime() + EARLIEST_ZONE_AHEAD_MS + window.maxFutureSkewSeconds * 1000));
}

/** Why a usage day (already a valid YYYY-MM-DD) is implausible, or null. */
export function periodProblem(value: string, window: TimeWindow, now: Date = new Date()): string | null {
  const earliest = dayOf(window.minOccurredAt);
  const latest = latestPeriod(window, now);
  if (value < earliest || value > latest) {
    return `Must be a day from ${earliest} to ${latest}: the day the quantity was measured, which cannot be in the future.`;
  }
  return null;
}
