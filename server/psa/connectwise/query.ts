/**
 * Building ConnectWise list queries: the `conditions` grammar (strings in double quotes with `\"`
 * escapes, datetimes in square brackets as UTC without milliseconds, `in (...)` lists), batching of
 * long id lists, and reading the `Link` header's rel="next".
 */
export type ListParams = {
  conditions?: string;
  childConditions?: string;
  orderBy?: string;
  fields?: string[];
  pageSize?: number;
};

export const MAX_PAGE_SIZE = 1000;
/** Ids per `in (...)` condition: keeps URLs well under common 8 KB limits. */
export const IN_BATCH = 200;

export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `[2024-01-31T00:00:00Z]` from a Date or a date-only / ISO string. */
export function bracketDate(value: Date | string): string {
  const date = typeof value === "string" ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`);
  return `[${cwDateTime(date)}]`;
}

/** UTC ISO-8601 without milliseconds, as ConnectWise writes datetimes. */
export function cwDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function numericIds(ids: string[]): number[] {
  return ids.map((id) => {
    if (!/^\d+$/.test(id.trim())) throw new Error(`ConnectWise ids are whole numbers; got '${id}'`);
    return Number(id.trim());
  });
}

export function inList(field: string, ids: number[]): string {
  return `${field} in (${ids.join(",")})`;
}

export function and(...parts: Array<string | null | undefined | false>): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === "string" && p.trim() !== "");
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : kept.map((p) => `(${p})`).join(" and ");
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function toSearchParams(params: ListParams & { page?: number }): URLSearchParams {
  const sp = new URLSearchParams();
  if (params.conditions) sp.set("conditions", params.conditions);
  if (params.childConditions) sp.set("childConditions", params.childConditions);
  if (params.orderBy) sp.set("orderBy", params.orderBy);
  if (params.fields?.length) sp.set("fields", params.fields.join(","));
  if (params.page !== undefined) sp.set("page", String(params.page));
  if (params.pageSize !== undefined) sp.set("pageSize", String(Math.min(Math.max(1, params.pageSize), MAX_PAGE_SIZE)));
  return sp;
}

/** The rel="next" URL of an RFC 8288 Link header, or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]!)) return m[1]!;
  }
  return null;
}
