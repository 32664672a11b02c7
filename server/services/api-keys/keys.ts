import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Ingest API keys: `psar_` + 32 random bytes (base64url). Keys have 256 bits of entropy, so a
 * SHA-256 digest is a safe, fast lookup key (a memory-hard hash is for low-entropy passwords).
 */
export const API_KEY_PREFIX = "psar_";

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
