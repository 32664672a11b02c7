import type { EventFiltersInput } from "~/server/api/routers/event-filters";

/**
 * The Event Log keeps every filter in the URL (shareable, bookmarkable). This module turns the
 * query string into the events router's filter input and back; values that do not parse are
 * dropped rather than sent (a hand-edited URL never breaks the page).
 */
export type Severity = "ok" | "warning" | "error";
export type RangePreset = "1h" | "24h" | "7d" | "30d";

export const SEVERITIES: Severity[] = ["ok", "warning", "error"];
export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
];
export const PAGE_SIZE = 50;
/** Longest free-text search (the events router refuses longer). */
export const SEARCH_MAX_LENGTH = 200;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

type Source = { get(key: string): string | null };

/** Reads Next's `searchParams` object (server) or URLSearchParams (browser) alike. */
export function toSource(params: URLSearchParams | Record<string, string | string[] | undefined>): Source {
  if (params instanceof URLSearchParams) return params;
  return {
    get: (key) => {
      const value = params[key];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}

export function filtersFromSearch(source: Source): EventFiltersInput {
  const filters: EventFiltersInput = {};
  const customer = source.get("customer");
  if (customer && UUID_RE.test(customer)) filters.customerId = customer.toLowerCase();
  const account = source.get("account");
  if (account && UUID_RE.test(account)) filters.accountId = account.toLowerCase();
  const type = source.get("type")?.trim();
  if (type && type.length <= 100) filters.type = type;
  const severities = (source.get("severity") ?? "").split(",").filter((s): s is Severity => (SEVERITIES as string[]).includes(s));
  if (severities.length > 0 && severities.length < 3) filters.severities = SEVERITIES.filter((s) => severities.includes(s));
  const range = source.get("range");
  if (range && RANGE_PRESETS.some((r) => r.value === range)) {
    filters.range = range as RangePreset;
  } else {
    const from = source.get("from");
    const to = source.get("to");
    if (from && LOCAL_RE.test(from)) filters.from = from;
    if (to && LOCAL_RE.test(to) && (!filters.from || filters.from < to)) filters.to = to;
  }
  if (source.get("failed") === "1") filters.onlyFailed = true;
  if (source.get("pending") === "1") filters.onlyPending = true;
  const q = source.get("q")?.trim();
  if (q) filters.search = q.slice(0, SEARCH_MAX_LENGTH);
  return filters;
}

export function searchFromFilters(filters: EventFiltersInput): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.customerId) params.set("customer", filters.customerId);
  if (filters.accountId) params.set("account", filters.accountId);
  if (filters.type) params.set("type", filters.type);
  if (filters.severities?.length) params.set("severity", filters.severities.join(","));
  if (filters.range) params.set("range", filters.range);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.onlyFailed) params.set("failed", "1");
  if (filters.onlyPending) params.set("pending", "1");
  if (filters.search) params.set("q", filters.search);
  return params;
}

export function hasFilters(filters: EventFiltersInput): boolean {
  return searchFromFilters(filters).size > 0;
}

/** A link to the Event Log with the given filters. */
export function eventLogHref(filters: EventFiltersInput): string {
  const query = searchFromFilters(filters).toString();
  return query ? `/event-log?${query}` : "/event-log";
}

/** The tRPC input of the list query; the server prefetch and the client must build it the same way. */
export function listInput(filters: EventFiltersInput) {
  return { filters, limit: PAGE_SIZE };
}

/** The tRPC input of the filter pickers (the selected customer narrows the accounts). */
export function optionsInput(filters: EventFiltersInput, customerSearch = "", accountSearch = "") {
  const input: { customerId?: string; accountId?: string; customerSearch?: string; accountSearch?: string } = {};
  if (filters.customerId) input.customerId = filters.customerId;
  if (filters.accountId) input.accountId = filters.accountId;
  if (customerSearch.trim()) input.customerSearch = customerSearch.trim();
  if (accountSearch.trim()) input.accountSearch = accountSearch.trim();
  return input;
}
