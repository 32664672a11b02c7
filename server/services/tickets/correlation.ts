import { createHash } from "node:crypto";

/**
 * The correlation key of a condition (partner + customer + account + event type). Stable across
 * processes and releases: it is stored in ticket_conditions and on the PSA ticket (Autotask
 * externalID, ConnectWise externalXRef), and a lost create is found in the PSA by it.
 */
export const CORRELATION_PREFIX = "psarelay:";

export type ConditionParts = { partnerId: string; customerId: string; accountId: string; eventType: string };

export function correlationKey(parts: ConditionParts): string {
  const material = [parts.partnerId, parts.customerId, parts.accountId, parts.eventType.trim().toLowerCase()].join("\u001f");
  return CORRELATION_PREFIX + createHash("sha256").update(material).digest("hex").slice(0, 24);
}

/**
 * The reference carried by the condition's ticket. The first ticket of a condition carries the key
 * itself; a later one (the previous ticket closed outside the reopen window) carries the key plus
 * the id of the event that opened it, so a lookup never adopts the old, closed ticket.
 */
export function ticketRef(key: string, previousTicketId: string | null, openingEventId: number | null): string {
  return previousTicketId && openingEventId ? `${key}.${openingEventId}` : key;
}

/** Canonical JSON (sorted keys) so equal details always hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What a repeat must differ in to be worth a note: severity, message and details. */
export function detailHash(event: { severity: string; message: string | null; details: Record<string, unknown> }): string {
  return createHash("sha256")
    .update(`${event.severity}\u001f${(event.message ?? "").trim()}\u001f${canonical(event.details)}`)
    .digest("hex")
    .slice(0, 32);
}
