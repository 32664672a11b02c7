import { reconciliationFiltersSchema, type ReconciliationStatusFilter } from "~/server/services/billing/views-format";

/**
 * The reconciliation keeps its filters and page in the URL (shareable, bookmarkable): `q` (customer
 * name or vendor id), `item`, `status` and `page`. Values that do not parse are dropped, so a
 * hand-edited URL never breaks the page. The CSV export takes the same parameters.
 */
export type ReconciliationView = { search: string; itemCode: string | null; status: ReconciliationStatusFilter; page: number };

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

export function viewFromSearch(source: Source): ReconciliationView {
  const parsed = reconciliationFiltersSchema.safeParse({ status: source.get("status") ?? "all" });
  const item = reconciliationFiltersSchema.shape.itemCode.safeParse(source.get("item") ?? undefined);
  const page = Number(source.get("page") ?? "1");
  return {
    search: (source.get("q") ?? "").trim().slice(0, 200),
    itemCode: item.success && item.data ? item.data : null,
    status: parsed.success ? parsed.data.status : "all",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function params(view: Partial<ReconciliationView>, withPage: boolean): URLSearchParams {
  const query = new URLSearchParams();
  if (view.search?.trim()) query.set("q", view.search.trim());
  if (view.itemCode) query.set("item", view.itemCode);
  if (view.status && view.status !== "all") query.set("status", view.status);
  if (withPage && view.page && view.page > 1) query.set("page", String(view.page));
  return query;
}

/** The Billing page with these filters (the hash keeps the reconciliation in view). */
export function billingHref(view: Partial<ReconciliationView>): string {
  const qs = params(view, true).toString();
  return qs ? `/billing?${qs}` : "/billing";
}

/** The CSV export of the filter (every page). */
export function csvHref(view: Partial<ReconciliationView>): string {
  const qs = params(view, false).toString();
  return qs ? `/api/billing/reconciliation.csv?${qs}` : "/api/billing/reconciliation.csv";
}

export function hasFilters(view: ReconciliationView): boolean {
  return Boolean(view.search || view.itemCode || view.status !== "all");
}

/** The tRPC input of the reconciliation; the server prefetch and the client build it the same way. */
export function reconciliationInput(view: ReconciliationView) {
  const filters: { status: ReconciliationStatusFilter; search?: string; itemCode?: string } = { status: view.status };
  if (view.search) filters.search = view.search;
  if (view.itemCode) filters.itemCode = view.itemCode;
  return { filters, page: view.page };
}

/** The tRPC input of the approvals table's first page (prefetched by the server). */
export const FIRST_PENDING_INPUT = { filters: {}, page: 1 };
