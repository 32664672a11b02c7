import type { DbOrTx } from "~/db";
import * as q from "~/db/queries/api-keys";
import { AppError } from "~/server/errors/app-error";

import { API_KEY_PREFIX, generateApiKey, hashApiKey } from "./keys";

/**
 * Ingest API keys: created by a partner admin (or the CLI), shown once, stored as a SHA-256 hash.
 *
 * Authentication keeps an in-process cache of hash → partner for API_KEY_CACHE_TTL_MS (30 s) so
 * busy ingest clients cost no database round trip per request. Revoking a key drops its entry in
 * this process at once; another server process may accept a revoked key for at most the TTL.
 * `last_used_at` is written at most once a minute per key.
 */
export const API_KEY_CACHE_TTL_MS = 30_000;
export const API_KEY_LAST_USED_INTERVAL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;
const NAME_MAX = 100;

type CacheEntry = { partnerId: string; apiKeyId: string; expiresAt: number; lastUsedWrittenAt: number };

// On globalThis so every bundle of this module in the Next server (tRPC route, ingest routes)
// shares one cache, and a revoke through tRPC clears what the ingest routes see.
const globalForKeys = globalThis as unknown as { __psaRelayApiKeyCache?: Map<string, CacheEntry> };
function cache(): Map<string, CacheEntry> {
  globalForKeys.__psaRelayApiKeyCache ??= new Map();
  return globalForKeys.__psaRelayApiKeyCache;
}

/** Forgets every cached key (tests, and after bulk changes). */
export function clearApiKeyCache(): void {
  cache().clear();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createApiKey(
  db: DbOrTx,
  input: { partnerId: string; name: string; createdByUserId: string | null },
) {
  const name = input.name.trim();
  if (name.length < 1 || name.length > NAME_MAX) {
    throw new AppError("BAD_REQUEST", `Give the key a name of 1 to ${NAME_MAX} characters, e.g. "Vendor platform".`, { field: "name" });
  }
  const generated = generateApiKey();
  const row = await q.insertApiKey(db, {
    partnerId: input.partnerId,
    name,
    prefix: generated.prefix,
    keyHash: generated.keyHash,
    createdByUserId: input.createdByUserId,
  });
  return { id: row.id, key: generated.key, prefix: row.prefix, name: row.name, createdAt: row.createdAt };
}

export async function listApiKeys(db: DbOrTx, { partnerId }: { partnerId: string }) {
  return q.listApiKeys(db, { partnerId });
}

export async function revokeApiKey(db: DbOrTx, { partnerId, id }: { partnerId: string; id: string }) {
  const row = UUID_RE.test(id) ? await q.revokeApiKey(db, { partnerId, id }) : null;
  if (!row) throw new AppError("NOT_FOUND", "This API key does not exist. Reload the list of keys.");
  cache().delete(row.keyHash);
  return { id: row.id, revokedAt: row.revokedAt! };
}

/**
 * The partner a raw key belongs to, or null when the key is malformed, unknown or revoked.
 */
export async function authenticateApiKey(
  db: DbOrTx,
  rawKey: string,
  now: Date = new Date(),
): Promise<{ partnerId: string; apiKeyId: string } | null> {
  if (!rawKey.startsWith(API_KEY_PREFIX) || rawKey.length > 200) return null;
  const hash = hashApiKey(rawKey);
  const entries = cache();
  const nowMs = now.getTime();
  let entry = entries.get(hash);
  if (!entry || entry.expiresAt <= nowMs) {
    const row = await q.findActiveApiKeyByHash(db, hash);
    if (!row) {
      entries.delete(hash);
      return null;
    }
    entry = {
      partnerId: row.partnerId,
      apiKeyId: row.id,
      expiresAt: nowMs + API_KEY_CACHE_TTL_MS,
      lastUsedWrittenAt: Math.max(entry?.lastUsedWrittenAt ?? 0, row.lastUsedAt?.getTime() ?? 0),
    };
    entries.delete(hash);
    if (entries.size >= CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(hash, entry);
  }
  if (nowMs - entry.lastUsedWrittenAt >= API_KEY_LAST_USED_INTERVAL_MS) {
    entry.lastUsedWrittenAt = nowMs;
    await q.touchApiKeyLastUsed(db, {
      partnerId: entry.partnerId,
      id: entry.apiKeyId,
      now,
      minIntervalMs: API_KEY_LAST_USED_INTERVAL_MS,
    });
  }
  return { partnerId: entry.partnerId, apiKeyId: entry.apiKeyId };
}
