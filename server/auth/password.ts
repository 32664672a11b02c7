import { hash, verify } from "@node-rs/argon2";

/**
 * Passwords are hashed with argon2id (memory-hard): 19 MiB, 2 passes — the OWASP baseline.
 * The PHC string carries its own parameters, so they can be raised later without a migration.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random string, verified when the e-mail is unknown so that a wrong e-mail and a
// wrong password take the same time.
let dummyHash: Promise<string> | undefined;
export function timingSafeDummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash.then((h) => verifyPassword(h, password));
}
