import { TZDate } from "@date-fns/tz";

/**
 * The last `count` calendar days in `timeZone`, today included (pure): their labels (YYYY-MM-DD,
 * oldest first) and the instant the first one starts.
 */
export function lastDays(now: Date, timeZone: string, count: number): { from: Date; labels: string[] } {
  const local = new TZDate(now.getTime(), timeZone);
  const labels: string[] = [];
  let from = now;
  for (let i = count - 1; i >= 0; i--) {
    const start = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - i, 0, 0, 0, timeZone);
    if (i === count - 1) from = new Date(start.getTime());
    const y = start.getFullYear();
    const m = String(start.getMonth() + 1).padStart(2, "0");
    const d = String(start.getDate()).padStart(2, "0");
    labels.push(`${y}-${m}-${d}`);
  }
  return { from, labels };
}
