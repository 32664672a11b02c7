import { tz } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * Times are shown in the partner's time zone (not the browser's), the same on the server and in
 * the browser, so server-rendered and hydrated markup agree.
 */
export function formatDateTime(value: Date | string | number, timeZone: string): string {
  return format(new Date(value), "yyyy-MM-dd HH:mm:ss", { in: tz(timeZone) });
}

export function formatShortDateTime(value: Date | string | number, timeZone: string): string {
  return format(new Date(value), "MMM d, HH:mm", { in: tz(timeZone) });
}

/** The value a datetime-local input shows for an instant, in the partner's time zone. */
export function toLocalInputValue(value: Date | number, timeZone: string): string {
  return format(new Date(value), "yyyy-MM-dd'T'HH:mm", { in: tz(timeZone) });
}

/** "UTC+01:00"-style label of the zone's current offset, e.g. for column headers. */
export function timeZoneLabel(timeZone: string, at: Date = new Date()): string {
  return `${timeZone} (${format(at, "xxx", { in: tz(timeZone) })})`;
}
