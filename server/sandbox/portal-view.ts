import { getAutotaskSandboxTenantView } from "./autotask";
import { getConnectWiseSandboxTenantView } from "./connectwise";

/**
 * The Sandbox page's view of one tenant, one page per list: each list (tickets, contracts, ...) has
 * its own free-text search and page, so a tenant with thousands of records shows 25 of each.
 * Searching finds the text in any field of a record (ticket number, title, company, a note, ...),
 * case-insensitive.
 */
export const SANDBOX_PAGE_SIZE = 25;

export const AUTOTASK_LISTS = ["tickets", "contracts", "contractServices", "adjustments", "configurationItems"] as const;
export const CONNECTWISE_LISTS = ["tickets", "agreements", "additions", "configurations"] as const;
export type SandboxListKey = (typeof AUTOTASK_LISTS)[number] | (typeof CONNECTWISE_LISTS)[number];

export type ListRequest = { q?: string; page?: number };
export type ListRequests = Partial<Record<SandboxListKey, ListRequest>>;
/** What the page shows under a list: how many match, which page, the search it answers. */
export type ListPage = { total: number; matching: number; page: number; pageCount: number; pageSize: number; q: string };

/** Every string and number inside a record, lower-cased, for the free-text search. */
function textOf(value: unknown, out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === "string") out.push(value.toLowerCase());
  else if (typeof value === "number") out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) textOf(v, out);
  else if (typeof value === "object") for (const v of Object.values(value)) textOf(v, out);
  return out;
}

/** Filters by `q` (the text, case-insensitive, in any one field) and cuts out the requested page (clamped to the last one). */
export function searchAndPage<T>(items: T[], request: ListRequest = {}, pageSize = SANDBOX_PAGE_SIZE): { items: T[]; page: ListPage } {
  const q = (request.q ?? "").trim();
  const needle = q.toLowerCase().replace(/\s+/g, " ");
  const matching = needle === "" ? items : items.filter((item) => textOf(item).some((text) => text.replace(/\s+/g, " ").includes(needle)));
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, Math.floor(request.page ?? 1)), pageCount);
  return {
    items: matching.slice((page - 1) * pageSize, page * pageSize),
    page: { total: items.length, matching: matching.length, page, pageCount, pageSize, q },
  };
}

function paged<V extends Record<string, unknown>, K extends keyof V & SandboxListKey>(view: V, keys: readonly K[], lists: ListRequests) {
  const out = { ...view };
  const pages = {} as Record<K, ListPage>;
  for (const key of keys) {
    const result = searchAndPage(view[key] as unknown[], lists[key]);
    (out as Record<string, unknown>)[key] = result.items;
    pages[key] = result.page;
  }
  return { view: out, pages };
}

const ALL = Number.MAX_SAFE_INTEGER;

export function getAutotaskTenantPage(id: string, lists: ListRequests = {}) {
  const view = getAutotaskSandboxTenantView(id, { limit: ALL });
  return view ? paged(view, AUTOTASK_LISTS, lists) : undefined;
}

export function getConnectWiseTenantPage(id: string, lists: ListRequests = {}) {
  const view = getConnectWiseSandboxTenantView(id, { limit: ALL });
  return view ? paged(view, CONNECTWISE_LISTS, lists) : undefined;
}
