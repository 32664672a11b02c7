import { tz } from "@date-fns/tz";
import { addDays, addHours, format, startOfDay, startOfHour } from "date-fns";

export type Point = { bucket: string; ok: number; warning: number; error: number };

const KEY_FORMAT = "yyyy-MM-dd'T'HH:mm";

/**
 * Every bucket between `from` and `to` in the partner's time zone, keyed like the histogram query
 * ("2026-03-01T13:00"), with the counts the server returned and zeros for empty buckets.
 */
export function fillBuckets(input: { from: Date; to: Date; bucket: "hour" | "day"; timeZone: string; points: Point[] }): Point[] {
  const zone = tz(input.timeZone);
  const byKey = new Map(input.points.map((p) => [p.bucket, p]));
  const step = input.bucket === "hour" ? (d: Date) => addHours(d, 1, { in: zone }) : (d: Date) => addDays(d, 1, { in: zone });
  let cursor: Date = input.bucket === "hour" ? startOfHour(input.from, { in: zone }) : startOfDay(input.from, { in: zone });
  const out: Point[] = [];
  for (let guard = 0; cursor.getTime() < input.to.getTime() && guard < 2000; guard++) {
    const key = format(cursor, KEY_FORMAT, { in: zone });
    out.push(byKey.get(key) ?? { bucket: key, ok: 0, warning: 0, error: 0 });
    cursor = step(cursor);
  }
  return out;
}

/** "2026-03-01T13:00" → "Mar 1 13:00" (hour) or "Mar 1" (day). */
export function bucketLabel(key: string, bucket: "hour" | "day"): string {
  const [date = "", time = ""] = key.split("T");
  const [, m, d] = date.split("-").map(Number);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(m ?? 1) - 1];
  return bucket === "hour" ? `${month} ${d} ${time}` : `${month} ${d}`;
}
