import type { PsaProvider } from "~/server/psa/types";

/**
 * Ticket subject and description. The subject is prefix + customer + account + what happened,
 * trimmed to the PSA's limit (Autotask title 255, ConnectWise summary 100).
 */
export const SUBJECT_LIMITS: Record<PsaProvider, number> = { autotask: 255, connectwise: 100 };

export type SubjectEvent = {
  type: string;
  severity: "ok" | "warning" | "error";
  message: string | null;
  customerName: string;
  accountNumber: string;
  accountName: string | null;
};

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

export function accountLabel(e: Pick<SubjectEvent, "accountNumber" | "accountName">): string {
  const name = e.accountName ? oneLine(e.accountName) : "";
  return name && name !== e.accountNumber ? `${name} (${e.accountNumber})` : e.accountNumber;
}

/** What happened, in a few words: the event's message, else "<Type> <severity>". */
export function whatHappened(e: Pick<SubjectEvent, "type" | "severity" | "message">): string {
  const message = e.message ? oneLine(e.message) : "";
  if (message) return message;
  const type = oneLine(e.type.replace(/[_.-]+/g, " "));
  return `${type.charAt(0).toUpperCase()}${type.slice(1)} ${e.severity === "error" ? "failed" : e.severity === "warning" ? "warning" : "OK"}`;
}

/** Cuts at `limit` characters, on a word boundary when one is near, ending with "…". */
export function trimTo(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  const base = space >= limit * 0.6 ? cut.slice(0, space) : cut;
  return `${base.trimEnd()}…`;
}

/** "<prefix> <customer> - <account>: <what happened>", trimmed to the PSA's limit. */
export function buildSubject(prefix: string, e: SubjectEvent, provider: PsaProvider): string {
  const head = oneLine(prefix);
  const subject = `${head ? `${head} ` : ""}${oneLine(e.customerName)} - ${accountLabel(e)}: ${whatHappened(e)}`;
  return trimTo(subject, SUBJECT_LIMITS[provider]);
}

export function eventLink(appUrl: string, eventId: number): string {
  return `${appUrl.replace(/\/+$/, "")}/event-log/${eventId}`;
}

function detailLines(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .slice(0, 30)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
}

export type DescriptionEvent = SubjectEvent & { id: number; occurredAt: Date; details: Record<string, unknown> };

export function buildDescription(e: DescriptionEvent, appUrl: string): string {
  const lines = [
    whatHappened(e),
    "",
    `Customer: ${oneLine(e.customerName)}`,
    `Account: ${accountLabel(e)}`,
    `Event type: ${e.type}`,
    `Severity: ${e.severity}`,
    `Occurred at: ${e.occurredAt.toISOString()}`,
  ];
  const details = detailLines(e.details);
  if (details.length > 0) lines.push("", "Details:", ...details);
  lines.push("", `View the event in PSA Relay: ${eventLink(appUrl, e.id)}`);
  return lines.join("\n");
}

/** The note added when a repeat of the condition changed something. */
export function changeNote(e: DescriptionEvent, appUrl: string): string {
  return [`The condition repeated with a change (${e.severity}) at ${e.occurredAt.toISOString()}.`, "", buildDescription(e, appUrl)].join("\n");
}
