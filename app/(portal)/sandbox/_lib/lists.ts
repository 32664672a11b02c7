/**
 * Each Sandbox list's search and page live in the page's address (`tickets.q=…&tickets.page=2`),
 * so a search can be shared and Back returns to it. The page (server) and the view (browser) build
 * the same request from the address, so the prefetched answer is the one the view asks for.
 */
export const SANDBOX_LIST_KEYS = [
  "tickets",
  "contracts",
  "contractServices",
  "adjustments",
  "configurationItems",
  "agreements",
  "additions",
  "configurations",
] as const;
export type SandboxListKey = (typeof SANDBOX_LIST_KEYS)[number];
export type ListRequests = Partial<Record<SandboxListKey, { q?: string; page?: number }>>;

export const qParam = (list: SandboxListKey) => `${list}.q`;
export const pageParam = (list: SandboxListKey) => `${list}.page`;

export function listsFromParams(get: (key: string) => string | null | undefined): ListRequests {
  const lists: ListRequests = {};
  for (const key of SANDBOX_LIST_KEYS) {
    const q = (get(qParam(key)) ?? "").trim().slice(0, 200);
    const page = Number(get(pageParam(key)) ?? "");
    const request: { q?: string; page?: number } = {};
    if (q) request.q = q;
    if (Number.isInteger(page) && page > 1 && page <= 1_000_000) request.page = page;
    if (request.q !== undefined || request.page !== undefined) lists[key] = request;
  }
  return lists;
}

/** The address with one list's search or page changed (a new search starts at page 1). */
export function withList(search: URLSearchParams, list: SandboxListKey, change: { q?: string; page?: number }): string {
  const next = new URLSearchParams(search);
  if (change.q !== undefined) {
    if (change.q.trim()) next.set(qParam(list), change.q.trim());
    else next.delete(qParam(list));
    next.delete(pageParam(list));
  }
  if (change.page !== undefined) {
    if (change.page > 1) next.set(pageParam(list), String(change.page));
    else next.delete(pageParam(list));
  }
  return `/sandbox?${next.toString()}`;
}
