import { createHash } from "node:crypto";

import { TZDate } from "@date-fns/tz";

import type { PsaProvider } from "~/server/psa/types";

/**
 * Pure parts of the daily digest: the partner's local day and its UTC window, when a partner's
 * digest is due, the correlation key, the ticket title (trimmed to the PSA's limit) and the
 * summary text.
 */
export const TITLE_LIMITS: Record<PsaProvider, number> = { autotask: 255, connectwise: 100 };
/** Failures listed in full; the rest are counted and left to the Event Log link. */
export const MAX_LISTED_FAILURES = 100;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD of `at` in `timeZone`. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** Hour of the day (0–23) of `at` in `timeZone`. */
export function localHour(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(at));
}

export function addDays(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`day must be YYYY-MM-DD, got "${day}"`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return d.toISOString().slice(0, 10);
}

/** The UTC instants [from, to) of a local day (23 or 25 hours long on a DST change). */
export function dayWindow(day: string, timeZone: string): { from: Date; to: Date } {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`day must be YYYY-MM-DD, got "${day}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  return { from: new Date(new TZDate(y, mo, d, timeZone).getTime()), to: new Date(new TZDate(y, mo, d + 1, timeZone).getTime()) };
}

/** The day whose digest is sent at `now` when the partner's digest hour has come: yesterday, locally. */
export function dueDigestDay(now: Date, timeZone: string, digestHour: number): string | null {
  if (localHour(now, timeZone) !== digestHour) return null;
  return addDays(localDay(now, timeZone), -1);
}

/** `psarelay-digest-<hash>`: 40 characters, within Autotask's 50-character externalID. */
export function digestCorrelationKey(partnerId: string, customerId: string, day: string): string {
  return `psarelay-digest-${createHash("sha256").update(`${partnerId}|${customerId}|${day}`).digest("hex").slice(0, 24)}`;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? text.slice(0, Math.max(0, max)) : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * "<prefix>Daily backup summary — <customer> — <YYYY-MM-DD>" within the PSA's title limit. The
 * customer name is shortened first so the date stays readable; only an oversized prefix cuts the rest.
 */
export function digestTitle(input: { prefix: string; customerName: string; day: string; provider: PsaProvider }): string {
  const limit = TITLE_LIMITS[input.provider];
  const head = `${input.prefix}Daily backup summary — `;
  const tail = ` — ${input.day}`;
  const room = limit - head.length - tail.length;
  const name = input.customerName.trim();
  if (room >= Math.min(name.length, 8)) return `${head}${clip(name, room)}${tail}`;
  return clip(`${head}${name}${tail}`, limit);
}

export type DigestCountRow = { accountId: string; accountNumber: string; accountName: string | null; severity: "ok" | "warning" | "error"; n: number };
export type DigestFailureRow = {
  occurredAt: Date;
  accountNumber: string;
  accountName: string | null;
  type: string;
  severity: "ok" | "warning" | "error";
  message: string | null;
};

export type DigestSummary = {
  customerName: string;
  day: string;
  timeZone: string;
  counts: DigestCountRow[];
  failures: DigestFailureRow[];
  /** Link to the customer's events of the day in the Event Log. */
  eventLogUrl: string;
};

type Tally = { ok: number; warning: number; error: number };

export function tallyByAccount(counts: DigestCountRow[]): { label: string; tally: Tally }[] {
  const byAccount = new Map<string, { label: string; tally: Tally }>();
  for (const row of counts) {
    const entry = byAccount.get(row.accountId) ?? {
      label: row.accountName ? `${row.accountName} (${row.accountNumber})` : row.accountNumber,
      tally: { ok: 0, warning: 0, error: 0 },
    };
    entry.tally[row.severity] += row.n;
    byAccount.set(row.accountId, entry);
  }
  return [...byAccount.values()];
}

const timeIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);

const tallyText = (t: Tally) => `${t.ok} ok, ${t.warning} warning, ${t.error} error`;

/** The ticket description: totals, counts per account and result, the failures (time, account, type, message). */
export function digestDescription(s: DigestSummary): string {
  const accounts = tallyByAccount(s.counts);
  const total = accounts.reduce((t, a) => ({ ok: t.ok + a.tally.ok, warning: t.warning + a.tally.warning, error: t.error + a.tally.error }), {
    ok: 0,
    warning: 0,
    error: 0,
  });
  const failureCount = total.warning + total.error;
  const lines = [
    `Daily backup summary for ${s.customerName} on ${s.day} (${s.timeZone}).`,
    "",
    `Totals: ${total.ok + failureCount} events in ${accounts.length} account${accounts.length === 1 ? "" : "s"} — ${tallyText(total)}.`,
    "",
    "By account:",
    ...accounts.map((a) => `- ${a.label}: ${tallyText(a.tally)}`),
    "",
  ];
  if (failureCount === 0) {
    lines.push("No failures: every backup of the day succeeded.");
  } else {
    lines.push(`Failures (${failureCount}):`);
    for (const f of s.failures) {
      const account = f.accountName ? `${f.accountName} (${f.accountNumber})` : f.accountNumber;
      lines.push(`- ${timeIn(f.occurredAt, s.timeZone)} ${account} — ${f.type} ${f.severity}${f.message ? `: ${f.message}` : ""}`);
    }
    if (failureCount > s.failures.length) lines.push(`… and ${failureCount - s.failures.length} more, listed in the Event Log.`);
  }
  lines.push("", `Event Log: ${s.eventLogUrl}`);
  return lines.join("\n");
}
