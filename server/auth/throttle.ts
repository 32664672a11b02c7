import { eq, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { signInThrottle } from "~/db/schema";

/**
 * Throttle on failed sign-ins, per e-mail address and per client IP. After `limit` failures inside
 * the window the key is locked for `lockMinutes`; a successful sign-in clears the e-mail key.
 */
export const THROTTLE_RULES = {
  email: { limit: 5, windowMinutes: 15, lockMinutes: 15 },
  ip: { limit: 30, windowMinutes: 15, lockMinutes: 15 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.trim().toLowerCase()}`;
}

/** Returns the time the key stays locked until, or null when sign-in may be attempted. */
export async function lockedUntil(db: DbOrTx, keys: string[], now = new Date()): Promise<Date | null> {
  let latest: Date | null = null;
  for (const key of keys) {
    const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil > now && (!latest || row.lockedUntil > latest)) latest = row.lockedUntil;
  }
  return latest;
}

export async function recordFailure(db: DbOrTx, kind: ThrottleKind, key: string, now = new Date()): Promise<void> {
  const rule = THROTTLE_RULES[kind];
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const lockUntil = new Date(now.getTime() + rule.lockMinutes * 60_000);
  // One statement, so concurrent failures count correctly: restart the window when it has passed,
  // otherwise add one, and lock when the count reaches the limit.
  await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lockedUntil: rule.limit <= 1 ? lockUntil : null })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when ${signInThrottle.windowStartedAt} >= ${windowStart.toISOString()}::timestamptz and ${signInThrottle.failures} + 1 >= ${rule.limit} then ${lockUntil.toISOString()}::timestamptz else ${signInThrottle.lockedUntil} end`,
      },
    });
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
