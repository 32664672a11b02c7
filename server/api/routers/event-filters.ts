import { TZDate } from "@date-fns/tz";
import { z } from "zod";

import type { EventFilters, HistogramBucket } from "~/db/queries/events";

/**
 * The Event Log filters as the portal sends them. Time presets are resolved on the server (so a
 * query key does not change every second); custom bounds are wall-clock times in the partner's
 * time zone, exactly as a datetime-local input shows them.
 */
export const RANGE_PRESETS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;

const localDateTime = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, `${field} must be a date and time like 2026-01-31T14:30.`);

export const eventFiltersSchema = z
  .object({
    customerId: z.uuid({ error: "filters.customerId is not a valid customer id." }).optional(),
    accountId: z.uuid({ error: "filters.accountId is not a valid account id." }).optional(),
    type: z.string().trim().min(1).max(100, "filters.type must be under 100 characters.").optional(),
    severities: z.array(z.enum(["ok", "warning", "error"])).max(3).optional(),
    range: z.enum(["1h", "24h", "7d", "30d"]).optional(),
    from: localDateTime("filters.from").optional(),
    to: localDateTime("filters.to").optional(),
    onlyFailed: z.boolean({ error: "filters.onlyFailed must be true or false." }).optional(),
    onlyPending: z.boolean({ error: "filters.onlyPending must be true or false." }).optional(),
    search: z.string().trim().max(200, "filters.search must be under 200 characters.").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "filters.from must be before filters.to.", path: ["from"] })
  .default({});

export type EventFiltersInput = z.infer<typeof eventFiltersSchema>;

/** "2026-01-31T14:30" in `timeZone` → the instant. */
export function localToInstant(local: string, timeZone: string): Date {
  const [date, time] = local.split("T") as [string, string];
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi, s = 0] = time.split(":").map(Number) as [number, number, number?];
  return new Date(new TZDate(y, mo - 1, d, h, mi, s, timeZone).getTime());
}

export function resolveEventFilters(input: EventFiltersInput, timeZone: string, now: Date): EventFilters {
  const { range, from, to, ...rest } = input;
  if (range) return { ...rest, from: new Date(now.getTime() - RANGE_PRESETS[range]) };
  return {
    ...rest,
    from: from ? localToInstant(from, timeZone) : undefined,
    to: to ? localToInstant(to, timeZone) : undefined,
  };
}

const DAY = 86_400_000;
/** The chart never aggregates more than this (the last 31 days of a longer range). */
export const HISTOGRAM_MAX_SPAN = 31 * DAY;
/** Without a time filter the chart shows the last week. */
export const HISTOGRAM_DEFAULT_SPAN = 7 * DAY;

export function histogramWindow(filters: EventFilters, now: Date): { from: Date; to: Date; bucket: HistogramBucket } {
  const to = filters.to && filters.to < now ? filters.to : now;
  let from = filters.from ?? new Date(to.getTime() - HISTOGRAM_DEFAULT_SPAN);
  if (to.getTime() - from.getTime() > HISTOGRAM_MAX_SPAN) from = new Date(to.getTime() - HISTOGRAM_MAX_SPAN);
  if (from > to) from = to;
  const bucket = to.getTime() - from.getTime() <= 2 * DAY ? "hour" : "day";
  return { from, to, bucket };
}
