import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Secrets at rest (PSA secrets and private keys) are sealed with AES-256-GCM.
 * Format: "v1:<key id>:<iv b64url>:<tag b64url>:<ciphertext b64url>". The key comes from
 * SECRETS_KEY (32 bytes, base64 or hex); in demo, test and development a key is created once in
 * .data/secrets.key. The additional authenticated data binds a sealed value to its owner and field,
 * so a ciphertext copied to another partner's row does not decrypt.
 */
const VERSION = "v1";

export type SecretKey = { id: string; key: Buffer };

export function parseKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("SECRETS_KEY must be 32 bytes, given as 64 hex characters or base64.");
  return key;
}

let cached: SecretKey | undefined;

export function secretKey(): SecretKey {
  if (cached) return cached;
  const fromEnv = process.env.SECRETS_KEY;
  if (fromEnv) {
    cached = { id: process.env.SECRETS_KEY_ID ?? "env", key: parseKey(fromEnv) };
    return cached;
  }
  const mode = process.env.PSA_RELAY_MODE ?? "production";
  if (process.env.NODE_ENV === "production" && mode === "production") {
    throw new Error("SECRETS_KEY is not set. Set it to 32 random bytes (e.g. `openssl rand -base64 32`).");
  }
  const file = path.join(process.cwd(), ".data", "secrets.key");
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    raw = randomBytes(32).toString("base64");
    try {
      writeFileSync(file, raw, { mode: 0o600, flag: "wx" });
    } catch {
      raw = readFileSync(file, "utf8"); // another process created it first
    }
  }
  cached = { id: "local", key: parseKey(raw) };
  return cached;
}

export function sealSecret(plaintext: string, aad: string, key: SecretKey = secretKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function openSecret(sealed: string, aad: string, key: SecretKey = secretKey()): string {
  const parts = sealed.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error("The stored secret has an unknown format.");
  const [, , iv, tag, data] = parts as [string, string, string, string, string];
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("The stored secret could not be decrypted: the key changed or the value was tampered with.");
  }
}
