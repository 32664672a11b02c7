/**
 * Suggested matches between vendor customers and PSA companies: exact name (case, accents and
 * punctuation ignored), e-mail / web domain, and fuzzy name (trigram similarity on the name with
 * legal suffixes removed). Pure functions: the service feeds them the customers and companies.
 */
export type MatchReason = "exact_name" | "domain" | "fuzzy_name";

export type MatchCustomer = { id: string; name: string; domain: string | null };
export type MatchCompany = { id: string; name: string; webAddress?: string | null };
export type MatchCandidate = { companyId: string; companyName: string; reason: MatchReason; score: number };

/** Fuzzy matches below this trigram similarity are not offered. */
export const FUZZY_THRESHOLD = 0.55;

const LEGAL_SUFFIXES = new Set(["ltd", "limited", "inc", "incorporated", "llc", "llp", "plc", "gmbh", "ag", "bv", "sa", "sarl", "co", "corp", "corporation", "company", "the"]);

/** Lower case, accents removed, "&" read as "and", punctuation dropped, spaces collapsed. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The normalized name without legal suffixes ("Ltd", "Inc", ...) for fuzzy comparison. */
export function coreName(name: string): string {
  const words = normalizeName(name).split(" ").filter((w) => w && !LEGAL_SUFFIXES.has(w));
  return words.join(" ");
}

/** Host of a domain, e-mail address or URL, lower case, without "www." — or null. */
export function normalizeDomain(value: string | null | undefined): string | null {
  let v = value?.trim().toLowerCase();
  if (!v) return null;
  if (v.includes("@")) v = v.slice(v.lastIndexOf("@") + 1);
  v = v.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  v = v.split(/[/?#:]/)[0] ?? "";
  v = v.replace(/^www\./, "").replace(/\.+$/, "");
  return v.includes(".") ? v : null;
}

function trigrams(s: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (const word of s.split(" ").filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const g = padded.slice(i, i + 3);
      grams.set(g, (grams.get(g) ?? 0) + 1);
    }
  }
  return grams;
}

/** Dice coefficient over word trigrams (0…1), like pg_trgm's similarity but symmetric. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of ta.values()) total += n;
  for (const [g, n] of tb) {
    total += n;
    shared += Math.min(n, ta.get(g) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

const RANK: Record<MatchReason, number> = { exact_name: 3, domain: 2, fuzzy_name: 1 };

type PreparedCompany = MatchCompany & { exact: string; core: string; domain: string | null };

/** Indexes the companies once; `candidatesFor` then ranks them for each customer. */
export function createMatcher(companies: MatchCompany[]) {
  const prepared: PreparedCompany[] = companies.map((c) => ({ ...c, exact: normalizeName(c.name), core: coreName(c.name), domain: normalizeDomain(c.webAddress) }));
  const byExact = new Map<string, PreparedCompany[]>();
  const byDomain = new Map<string, PreparedCompany[]>();
  for (const c of prepared) {
    if (c.exact) byExact.set(c.exact, [...(byExact.get(c.exact) ?? []), c]);
    if (c.domain) byDomain.set(c.domain, [...(byDomain.get(c.domain) ?? []), c]);
  }

  /** Candidates best first: exact name, then same domain, then fuzzy name by similarity. */
  function candidatesFor(customer: MatchCustomer, max = 3): MatchCandidate[] {
    const found = new Map<string, MatchCandidate>();
    const offer = (c: PreparedCompany, reason: MatchReason, score: number) => {
      const prev = found.get(c.id);
      if (!prev || RANK[reason] > RANK[prev.reason] || (RANK[reason] === RANK[prev.reason] && score > prev.score)) {
        found.set(c.id, { companyId: c.id, companyName: c.name, reason, score: Math.round(score * 100) / 100 });
      }
    };
    const exact = normalizeName(customer.name);
    for (const c of byExact.get(exact) ?? []) offer(c, "exact_name", 1);
    const domain = normalizeDomain(customer.domain);
    if (domain) for (const c of byDomain.get(domain) ?? []) offer(c, "domain", 1);
    const core = coreName(customer.name);
    if (core) {
      for (const c of prepared) {
        if (found.has(c.id) || !c.core) continue;
        const score = c.core === core ? 0.99 : trigramSimilarity(core, c.core);
        if (score >= FUZZY_THRESHOLD) offer(c, "fuzzy_name", score);
      }
    }
    return [...found.values()].sort((x, y) => RANK[y.reason] - RANK[x.reason] || y.score - x.score || x.companyName.localeCompare(y.companyName)).slice(0, max);
  }

  return { candidatesFor };
}
