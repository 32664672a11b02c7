import { describe, expect, it } from "vitest";

import { customersHref, customersListInput, viewFromSearch } from "./search-params";

const id = "0b6f5b0e-8a55-4a8e-9a55-0e5b1f9e8c11";
const view = (href: string) => viewFromSearch(new URL(href, "http://x").searchParams);

describe("Customers URL state", () => {
  it("round-trips search and cursors", () => {
    expect(view(customersHref({ search: " acme ", after: { name: "Acme, Inc.", id } }))).toEqual({
      search: "acme",
      cursor: { name: "Acme, Inc.", id },
      direction: "next",
    });
    expect(view(customersHref({ before: { name: "Zed", id } }))).toEqual({ search: "", cursor: { name: "Zed", id }, direction: "prev" });
    expect(customersHref({})).toBe("/customers");
  });

  it("ignores cursors that do not parse", () => {
    expect(view("/customers?after=nope&q=x")).toEqual({ search: "x", cursor: null, direction: "next" });
    expect(view(`/customers?after=${encodeURIComponent('["a","not-a-uuid"]')}`).cursor).toBeNull();
  });

  it("builds the list input", () => {
    expect(customersListInput({ search: "  ", cursor: null, direction: "next" })).toEqual({ cursor: null, direction: "next", limit: 25 });
  });
});
