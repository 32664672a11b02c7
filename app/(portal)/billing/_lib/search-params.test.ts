import { describe, expect, it } from "vitest";

import { billingHref, csvHref, hasFilters, reconciliationInput, viewFromSearch } from "./search-params";

const view = (href: string) => viewFromSearch(new URL(href, "http://x").searchParams);

describe("Billing URL state", () => {
  it("round-trips search, item, status and page", () => {
    const href = billingHref({ search: " Contoso ", itemCode: "local_backup_servers", status: "differences", page: 3 });
    expect(href).toBe("/billing?q=Contoso&item=local_backup_servers&status=differences&page=3");
    expect(view(href)).toEqual({ search: "Contoso", itemCode: "local_backup_servers", status: "differences", page: 3 });
    expect(billingHref({ status: "all", page: 1 })).toBe("/billing");
  });

  it("drops values that do not parse", () => {
    expect(view("/billing?status=everything&item=drop%20table&page=-2")).toEqual({ search: "", itemCode: null, status: "all", page: 1 });
    expect(view("/billing?page=1.5").page).toBe(1);
    expect(hasFilters(view("/billing"))).toBe(false);
    expect(hasFilters(view("/billing?status=failed"))).toBe(true);
  });

  it("exports the filter without the page", () => {
    expect(csvHref({ search: "a&b", status: "failed", page: 4 })).toBe("/api/billing/reconciliation.csv?q=a%26b&status=failed");
    expect(csvHref({})).toBe("/api/billing/reconciliation.csv");
  });

  it("builds the query input without empty keys", () => {
    expect(reconciliationInput({ search: "", itemCode: null, status: "all", page: 1 })).toEqual({ filters: { status: "all" }, page: 1 });
    expect(reconciliationInput({ search: "x", itemCode: "y", status: "in_sync", page: 2 })).toEqual({ filters: { status: "in_sync", search: "x", itemCode: "y" }, page: 2 });
  });
});
