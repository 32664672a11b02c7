import { PsaError } from "../errors";

/**
 * Building Autotask queries (psa-api-facts A4/A5): QueryModel `{MaxRecords, IncludeFields, filter}`,
 * pages of at most 500, at most 500 conditions per query (an `in` list counts one per value), so
 * long id lists are split into batches that stay under the limit — or, when the ids are dense, one
 * range query whose surplus rows are dropped client-side (fewer requests for "everything").
 */
export type AtFilter = { op: string; field?: string; value?: unknown; udf?: boolean; items?: AtFilter[] };
export type AtQuery = { MaxRecords?: number; IncludeFields?: string[]; filter: AtFilter[] };

export const MAX_PAGE_SIZE = 500;
export const MAX_CONDITIONS = 500;

export const everything = (): AtFilter => ({ op: "exist", field: "id" });

export function conditionCount(filters: AtFilter[]): number {
  let n = 0;
  for (const f of filters) {
    if (f.items) n += conditionCount(f.items);
    else if ((f.op === "in" || f.op === "notIn") && Array.isArray(f.value)) n += f.value.length;
    else n += 1;
  }
  return n;
}

export type FilterSet = {
  filter: AtFilter[];
  /** When set, only rows whose `field` value is in here were asked for (range queries). */
  keep?: Set<number>;
};

/**
 * Filter sets that together select rows whose `field` is one of `ids`, each under the
 * 500-condition limit together with `others`.
 */
export function idFilterSets(field: string, ids: number[], others: AtFilter[] = []): FilterSet[] {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return [];
  const room = MAX_CONDITIONS - 1 - conditionCount(others);
  if (room < 1) throw new Error("Query has no room for an id list");
  if (unique.length <= room) return [{ filter: [...others, { op: "in", field, value: unique }] }];
  const min = unique[0]!;
  const max = unique[unique.length - 1]!;
  if (max - min + 1 <= unique.length * 2) {
    return [
      {
        filter: [...others, { op: "gte", field, value: min }, { op: "lte", field, value: max }],
        keep: new Set(unique),
      },
    ];
  }
  const sets: FilterSet[] = [];
  for (let i = 0; i < unique.length; i += room) sets.push({ filter: [...others, { op: "in", field, value: unique.slice(i, i + room) }] });
  return sets;
}

/** Parses a domain id into an Autotask integer id, naming the field when it is not one. */
export function toAutotaskId(value: string, field: string): number {
  const trimmed = value.trim();
  if (!/^\d{1,15}$/.test(trimmed)) {
    throw new PsaError({
      kind: "invalid",
      provider: "autotask",
      message: `${field} must be an Autotask id (a whole number), got "${value.slice(0, 40)}".`,
      operation: field,
    });
  }
  return Number(trimmed);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function assertDateOnly(value: string, field: string): string {
  if (!DATE_ONLY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new PsaError({
      kind: "invalid",
      provider: "autotask",
      message: `${field} must be a date without a time (YYYY-MM-DD), got "${value.slice(0, 40)}".`,
      operation: field,
    });
  }
  return value;
}

/** Midnight UTC of a date-only value and of the next day, as Autotask datetimes. */
export function dayBounds(day: string): { start: string; next: string } {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return { start: `${day}T00:00:00Z`, next: `${new Date(ms + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z` };
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
