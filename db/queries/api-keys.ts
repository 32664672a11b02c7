import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { apiKeys, partners, users } from "~/db/schema";

/** Ingest API keys. Every query but the lookup by hash (which *is* the authentication) is scoped by partner. */

export async function insertApiKey(
  db: DbOrTx,
  input: { partnerId: string; name: string; prefix: string; keyHash: string; createdByUserId: string | null },
) {
  const [row] = await db
    .insert(apiKeys)
    .values(input)
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
  return row!;
}

/** The partner's keys, newest first. Never selects the hash. */
export async function listApiKeys(db: DbOrTx, { partnerId }: { partnerId: string }) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdBy: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.partnerId, partnerId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/**
 * Marks the key revoked (keeping the first revocation time) and returns its hash so callers can
 * drop it from caches; null when the partner has no key with this id.
 */
export async function revokeApiKey(db: DbOrTx, { partnerId, id }: { partnerId: string; id: string }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.partnerId, partnerId), eq(apiKeys.id, id)))
    .returning({ id: apiKeys.id, keyHash: apiKeys.keyHash, revokedAt: apiKeys.revokedAt });
  return row ?? null;
}

/** The active (not revoked) key with this SHA-256 hash. */
export async function findActiveApiKeyByHash(db: DbOrTx, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, partnerId: apiKeys.partnerId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** Sets last_used_at unless it was set less than `minIntervalMs` ago (so busy keys write rarely). */
export async function touchApiKeyLastUsed(
  db: DbOrTx,
  { partnerId, id, now, minIntervalMs }: { partnerId: string; id: string; now: Date; minIntervalMs: number },
) {
  const threshold = new Date(now.getTime() - minIntervalMs);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.partnerId, partnerId),
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, threshold)),
      ),
    );
}

/** For the CLI: the partner with this slug. */
export async function findPartnerBySlug(db: DbOrTx, slug: string) {
  const [row] = await db
    .select({ id: partners.id, name: partners.name, slug: partners.slug })
    .from(partners)
    .where(eq(partners.slug, slug))
    .limit(1);
  return row ?? null;
}
