import type { PsaService } from "~/server/psa/types";

/**
 * The PSA services / products a partner's connection returned lately (a retrieve, or the check
 * before a save), kept in this process for a few minutes so the save right after needs no second
 * PSA call for ids it has just seen. Keyed by the connection row and its last change, so a
 * replaced connection never reuses the old PSA's catalogue. A miss only costs a PSA call.
 */
const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 500;

type Entry = { at: number; services: Map<string, PsaService> };
const holder = globalThis as unknown as { __psaRelayBillingCatalogue?: Map<string, Entry> };
const entries = () => (holder.__psaRelayBillingCatalogue ??= new Map());

export type CatalogueKey = { partnerId: string; connectionId: string; connectionUpdatedAt: Date };
const keyOf = (k: CatalogueKey) => `${k.partnerId}|${k.connectionId}|${k.connectionUpdatedAt.getTime()}`;

/** Remembers services; `replace` (a full retrieve) drops what an earlier read had. */
export function rememberServices(key: CatalogueKey, services: PsaService[], opts: { replace?: boolean; now?: number } = {}): void {
  const map = entries();
  const k = keyOf(key);
  const now = opts.now ?? Date.now();
  const existing = map.get(k);
  const kept = !opts.replace && existing && now - existing.at < TTL_MS ? existing.services : new Map<string, PsaService>();
  for (const s of services) kept.set(s.id, s);
  map.delete(k);
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(k, { at: now, services: kept });
}

/** The remembered services of these ids, and the ids that must be asked of the PSA. */
export function recallServices(key: CatalogueKey, ids: string[], now = Date.now()): { found: PsaService[]; missing: string[] } {
  const entry = entries().get(keyOf(key));
  const fresh = entry && now - entry.at < TTL_MS ? entry.services : null;
  const found: PsaService[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const s = fresh?.get(id);
    if (s) found.push(s);
    else missing.push(id);
  }
  return { found, missing };
}

/** Forgets a partner's catalogue (tests). */
export function forgetCatalogue(partnerId: string): void {
  for (const k of [...entries().keys()]) if (k.startsWith(`${partnerId}|`)) entries().delete(k);
}
