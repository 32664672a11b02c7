import { eq, inArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { signInThrottle } from "~/db/schema";

/**
 * Throttle on failed sign-ins, with a progressive delay instead of a fixed lock-out:
 *
 * - `account`: failures of one e-mail address from one client. The client is the browser (a random
 *   id in the `relay_client` cookie) and, when TRUST_PROXY=1 makes it known, its address. A wrong
 *   guess slows only the client that made it, so nobody can lock a user out of their own browser,
 *   and a client that has not failed is never refused.
 * - `client`: failures from one client across all e-mail addresses (password spraying): its address
 *   when TRUST_PROXY=1, otherwise its browser id. Requests without a browser id (scripts) share one
 *   client, "anonymous".
 *
 * After `freeFailures` failures inside the window each further failure locks the key for
 * `firstDelaySeconds`, doubling per failure up to `maxDelaySeconds`. A failure after the window has
 * passed starts counting again; a successful sign-in clears the `account` key.
 */
export const THROTTLE_RULES = {
  account: { freeFailures: 4, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, windowMinutes: 60 },
  client: { freeFailures: 20, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60, windowMinutes: 60 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;
export type ThrottleRule = (typeof THROTTLE_RULES)[ThrottleKind];

/** The lock, in seconds, that the `failures`-th failure inside the window earns (0 = none). */
export function delayAfterFailures(rule: ThrottleRule, failures: number): number {
  if (failures <= rule.freeFailures) return 0;
  const doublings = Math.min(failures - rule.freeFailures - 1, 30);
  return Math.min(rule.maxDelaySeconds, rule.firstDelaySeconds * 2 ** doublings);
}

/** Who is signing in, as far as the server can tell. */
export type SignInClient = {
  /** The browser's `relay_client` cookie; null for a client without one. */
  browserId: string | null;
  /** The client's address, only when a trusted proxy (TRUST_PROXY=1) sets it. */
  ip: string | null;
};

const norm = (value: string) => value.trim().toLowerCase();

/** The throttle keys one sign-in attempt counts against. */
export function throttleKeys(email: string, client: SignInClient): Record<ThrottleKind, string> {
  const browser = client.browserId ? norm(client.browserId) : "anonymous";
  const ip = client.ip ? norm(client.ip) : null;
  return {
    account: `account:${norm(email)}|${ip ?? "-"}|${browser}`,
    client: ip ? `ip:${ip}` : `client:${browser}`,
  };
}

/** Returns the time the keys stay locked until, or null when sign-in may be attempted. */
export async function lockedUntil(db: DbOrTx, keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await db.select({ lockedUntil: signInThrottle.lockedUntil }).from(signInThrottle).where(inArray(signInThrottle.key, keys));
  let latest: Date | null = null;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now && (!latest || row.lockedUntil > latest)) latest = row.lockedUntil;
  }
  return latest;
}

export async function recordFailure(db: DbOrTx, kind: ThrottleKind, key: string, now = new Date()): Promise<void> {
  const rule = THROTTLE_RULES[kind];
  const windowStart = sql`${new Date(now.getTime() - rule.windowMinutes * 60_000).toISOString()}::timestamptz`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  // One statement counts the failure, so concurrent failures count correctly: restart the window
  // when it has passed, otherwise add one.
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then ${nowSql} else ${signInThrottle.windowStartedAt} end`,
      },
    })
    .returning({ failures: signInThrottle.failures });
  const delay = delayAfterFailures(rule, row?.failures ?? 1);
  if (delay === 0) return;
  const until = sql`${new Date(now.getTime() + delay * 1000).toISOString()}::timestamptz`;
  // Never shorten a lock a concurrent (later) failure has already set.
  await db
    .update(signInThrottle)
    .set({ lockedUntil: sql`greatest(coalesce(${signInThrottle.lockedUntil}, ${until}), ${until})` })
    .where(eq(signInThrottle.key, key));
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
