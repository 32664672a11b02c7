/**
 * The Customers page keeps its search and page position in the URL: `q`, and `after` or `before`
 * holding the (name, id) of the row the page starts after / ends before, as JSON.
 */
export const CUSTOMERS_PAGE_SIZE = 25;

type Cursor = { name: string; id: string };
type Source = { get(key: string): string | null };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseCursor(value: string | null): Cursor | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && typeof parsed[1] === "string" && UUID_RE.test(parsed[1])) {
      return { name: parsed[0], id: parsed[1] };
    }
  } catch {
    // Not a cursor: start from the first page.
  }
  return null;
}

export function cursorParam(cursor: Cursor): string {
  return JSON.stringify([cursor.name, cursor.id]);
}

export type CustomersView = { search: string; cursor: Cursor | null; direction: "next" | "prev" };

export function viewFromSearch(source: Source): CustomersView {
  const search = (source.get("q") ?? "").slice(0, 200);
  const before = parseCursor(source.get("before"));
  if (before) return { search, cursor: before, direction: "prev" };
  return { search, cursor: parseCursor(source.get("after")), direction: "next" };
}

/** The tRPC input of the list; the server prefetch and the client build it the same way. */
export function customersListInput(view: CustomersView) {
  return {
    ...(view.search.trim() ? { search: view.search.trim() } : {}),
    cursor: view.cursor,
    direction: view.direction,
    limit: CUSTOMERS_PAGE_SIZE,
  };
}

export function customersHref(params: { search?: string; after?: Cursor; before?: Cursor }): string {
  const query = new URLSearchParams();
  if (params.search?.trim()) query.set("q", params.search.trim());
  if (params.after) query.set("after", cursorParam(params.after));
  if (params.before) query.set("before", cursorParam(params.before));
  const qs = query.toString();
  return qs ? `/customers?${qs}` : "/customers";
}
