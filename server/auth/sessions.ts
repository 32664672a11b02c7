import { and, eq, gt, lte } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { userSessions } from "~/db/schema";

/**
 * Server-side sessions behind the JWT cookie. The JWT carries the row id (`sid`); a request is signed
 * in only while the row exists and has not expired, so signing out (which deletes the row) ends the
 * session everywhere, including for a copy of the cookie. A session lasts at most `maxAgeSeconds` from
 * sign-in, however active it is.
 */
export async function startSession(db: DbOrTx, userId: string, maxAgeSeconds: number, now = new Date()): Promise<string> {
  // Housekeeping on the rare path (sign-in) keeps the per-request check a single primary-key lookup.
  await db.delete(userSessions).where(and(eq(userSessions.userId, userId), lte(userSessions.expiresAt, now)));
  const [row] = await db
    .insert(userSessions)
    .values({ userId, createdAt: now, expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000) })
    .returning({ id: userSessions.id });
  if (!row) throw new Error("Could not record the session.");
  return row.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True while the session exists (not signed out) and has not expired; one indexed lookup. */
export async function sessionActive(db: DbOrTx, sessionId: unknown, userId: unknown, now = new Date()): Promise<boolean> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId) || typeof userId !== "string") return false;
  const [row] = await db
    .select({ userId: userSessions.userId })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), gt(userSessions.expiresAt, now)));
  return row?.userId === userId;
}

export async function endSession(db: DbOrTx, sessionId: unknown): Promise<void> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return;
  await db.delete(userSessions).where(eq(userSessions.id, sessionId));
}

