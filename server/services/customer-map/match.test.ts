import { describe, expect, it } from "vitest";

import { coreName, createMatcher, normalizeDomain, normalizeName, trigramSimilarity } from "./match";

const companies = [
  { id: "1", name: "Acme Dental Partners", webAddress: "https://www.acmedental.example" },
  { id: "2", name: "Blue Ocean Logistics, Inc.", webAddress: null },
  { id: "3", name: "Cobalt Engineering Ltd", webAddress: "http://cobalt-eng.example/about" },
  { id: "4", name: "Zeta Holdings", webAddress: "zeta.example" },
  { id: "5", name: "Crème Brûlée & Co", webAddress: null },
];

describe("normalizing", () => {
  it("ignores case, accents and punctuation and reads & as and", () => {
    expect(normalizeName("  Crème  Brûlée & Co. ")).toBe("creme brulee and co");
    expect(normalizeName("BLUE-OCEAN logistics!")).toBe("blue ocean logistics");
    expect(coreName("Cobalt Engineering Ltd.")).toBe("cobalt engineering");
  });

  it("reduces e-mail addresses and URLs to a host without www", () => {
    expect(normalizeDomain("it@AcmeDental.example")).toBe("acmedental.example");
    expect(normalizeDomain("https://www.acmedental.example/contact?x=1")).toBe("acmedental.example");
    expect(normalizeDomain("cobalt-eng.example:8443")).toBe("cobalt-eng.example");
    expect(normalizeDomain("localhost")).toBeNull();
    expect(normalizeDomain("")).toBeNull();
    expect(normalizeDomain(null)).toBeNull();
  });

  it("trigram similarity is 1 for equal names, high for typos, low for different names", () => {
    expect(trigramSimilarity("cobalt engineering", "cobalt engineering")).toBe(1);
    expect(trigramSimilarity("cobalt engineering", "cobolt engineering")).toBeGreaterThan(0.6);
    expect(trigramSimilarity("cobalt engineering", "hillside veterinary")).toBeLessThan(0.2);
    expect(trigramSimilarity("", "x")).toBe(0);
  });
});

describe("candidates for a customer", () => {
  const { candidatesFor } = createMatcher(companies);

  it("matches the exact name whatever the case and punctuation", () => {
    const [best] = candidatesFor({ id: "c", name: "blue ocean logistics inc", domain: null });
    expect(best).toMatchObject({ companyId: "2", reason: "exact_name", score: 1 });
    expect(candidatesFor({ id: "c", name: "Creme Brulee and Co", domain: null })[0]).toMatchObject({ companyId: "5", reason: "exact_name" });
  });

  it("matches the e-mail or web domain against the company's web address", () => {
    const [best] = candidatesFor({ id: "c", name: "Totally Different Name", domain: "backup@zeta.example" });
    expect(best).toMatchObject({ companyId: "4", reason: "domain" });
    expect(candidatesFor({ id: "c", name: "Something", domain: "www.cobalt-eng.example" })[0]).toMatchObject({ companyId: "3", reason: "domain" });
  });

  it("offers fuzzy name matches above the threshold, legal suffixes ignored", () => {
    const [best] = candidatesFor({ id: "c", name: "Cobolt Engineering", domain: null });
    expect(best).toMatchObject({ companyId: "3", reason: "fuzzy_name" });
    expect(best!.score).toBeGreaterThan(0.55);
    expect(best!.score).toBeLessThan(1);
    expect(candidatesFor({ id: "c", name: "Cobalt Engineering GmbH", domain: null })[0]).toMatchObject({ companyId: "3", reason: "fuzzy_name", score: 0.99 });
  });

  it("ranks exact above domain above fuzzy and reports a company once with its best reason", () => {
    const { candidatesFor: rank } = createMatcher([
      { id: "a", name: "Acme Dental Partner", webAddress: null },
      { id: "b", name: "Other", webAddress: "acme.example" },
      { id: "c", name: "ACME Dental Partners", webAddress: "acme.example" },
    ]);
    const found = rank({ id: "x", name: "Acme Dental Partners", domain: "acme.example" });
    expect(found.map((f) => [f.companyId, f.reason])).toEqual([
      ["c", "exact_name"],
      ["b", "domain"],
      ["a", "fuzzy_name"],
    ]);
  });

  it("offers nothing for an unrelated customer", () => {
    expect(candidatesFor({ id: "c", name: "Hillside Veterinary", domain: "hillside.example" })).toEqual([]);
    expect(candidatesFor({ id: "c", name: "!!!", domain: null })).toEqual([]);
  });
});
