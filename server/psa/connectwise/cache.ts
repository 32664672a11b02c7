/**
 * Per-connection metadata cache (boards, statuses, priorities, types, questions, custom fields):
 * read from the PSA once, kept in memory for a TTL, keyed by connection. Concurrent readers share
 * one in-flight load; a failed load is not cached.
 */
type Entry = { expires: number; value: Promise<unknown> };

const holder = globalThis as unknown as { __psaRelayCwMetadata?: Map<string, Entry> };

function entries(): Map<string, Entry> {
  holder.__psaRelayCwMetadata ??= new Map();
  return holder.__psaRelayCwMetadata;
}

export const METADATA_TTL_MS = 10 * 60 * 1000;

export function cached<T>(key: string, load: () => Promise<T>, ttlMs = METADATA_TTL_MS, now = Date.now()): Promise<T> {
  const map = entries();
  const hit = map.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  map.set(key, { expires: now + ttlMs, value });
  value.catch(() => {
    if (map.get(key)?.value === value) map.delete(key);
  });
  return value;
}

/** Forgets every cached value of one connection (e.g. after its credentials changed). */
export function clearConnectionCache(connectionKey: string): void {
  for (const key of [...entries().keys()]) if (key.startsWith(`${connectionKey}|`)) entries().delete(key);
}
