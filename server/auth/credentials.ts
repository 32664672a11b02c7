import { eq } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "~/db";
import { users } from "~/db/schema";

import { timingSafeDummyVerify, verifyPassword } from "./password";
import { clearFailures, lockedUntil, recordFailure, type SignInClient, throttleKeys } from "./throttle";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address."),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export type SessionUser = { id: string; partnerId: string; role: "admin" | "technician"; email: string; name: string };

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks e-mail + password with the failed-attempt throttle (see ./throttle). Pure of HTTP: next-auth's
 * `authorize` calls it with what it knows of the client, and so do the tests.
 */
export async function checkCredentials(
  db: DbOrTx,
  input: { email: string; password: string; client?: SignInClient },
  now = new Date(),
): Promise<SignInResult> {
  const keys = throttleKeys(input.email, input.client ?? { browserId: null, ip: null });
  const locked = await lockedUntil(db, [keys.account, keys.client], now);
  if (locked) return { ok: false, reason: "throttled", retryAt: locked };

  const [user] = await db.select().from(users).where(eq(users.email, input.email.trim().toLowerCase()));
  const valid = user && !user.disabledAt ? await verifyPassword(user.passwordHash, input.password) : await timingSafeDummyVerify(input.password).then(() => false);
  if (!user || !valid) {
    await recordFailure(db, "account", keys.account, now);
    await recordFailure(db, "client", keys.client, now);
    return { ok: false, reason: "invalid" };
  }
  await clearFailures(db, keys.account);
  await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
  return { ok: true, user: { id: user.id, partnerId: user.partnerId, role: user.role, email: user.email, name: user.name } };
}
