import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The session-signing secret: AUTH_SECRET when set (required in production). In demo, test and
 * development a random secret is created once and kept in .data/auth-secret.
 */
export function resolveAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const mode = process.env.PSA_RELAY_MODE ?? "production";
  if (process.env.NODE_ENV === "production" && mode === "production") {
    throw new Error("AUTH_SECRET is not set. Set it to a random string of at least 32 characters (e.g. `openssl rand -base64 32`).");
  }
  const file = path.join(process.cwd(), ".data", "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  }
}
