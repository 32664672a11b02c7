import { describe, expect, it } from "vitest";

import { searchTsQuery } from "./events";

describe("searchTsQuery", () => {
  it("makes every word a required prefix", () => {
    expect(searchTsQuery("Disk FULL")).toBe("'disk':* & 'full':*");
    expect(searchTsQuery("T20261202.0001")).toBe("'t20261202.0001':*");
  });

  it("drops tsquery syntax so any input is a valid query", () => {
    expect(searchTsQuery("failed: (a|b) & !c 'x' \\\\ <->")).toBe("'failed':* & 'a':* & 'b':* & 'c':* & 'x':*");
    expect(searchTsQuery("  ...  ")).toBeNull();
    expect(searchTsQuery("")).toBeNull();
  });

  it("keeps at most eight words", () => {
    expect(searchTsQuery("a b c d e f g h i j")!.split(" & ")).toHaveLength(8);
  });
});
