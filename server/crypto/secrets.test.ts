import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { openSecret, parseKey, sealSecret } from "./secrets";

const key = { id: "t", key: randomBytes(32) };

describe("sealed secrets (AES-256-GCM)", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = sealSecret("s3cr3t-value", "partner-1:autotask.secret", key);
    expect(sealed).not.toContain("s3cr3t");
    expect(sealed.startsWith("v1:t:")).toBe(true);
    expect(openSecret(sealed, "partner-1:autotask.secret", key)).toBe("s3cr3t-value");
  });

  it("uses a fresh IV each time", () => {
    expect(sealSecret("x", "a", key)).not.toBe(sealSecret("x", "a", key));
  });

  it("refuses a value moved to another owner, a tampered value and a wrong key", () => {
    const sealed = sealSecret("value", "partner-1:f", key);
    expect(() => openSecret(sealed, "partner-2:f", key)).toThrow(/could not be decrypted/);
    const parts = sealed.split(":");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecret(parts.join(":"), "partner-1:f", key)).toThrow(/could not be decrypted/);
    expect(() => openSecret(sealed, "partner-1:f", { id: "t", key: randomBytes(32) })).toThrow();
    expect(() => openSecret("garbage", "partner-1:f", key)).toThrow(/unknown format/);
  });

  it("accepts a 32-byte key as hex or base64 only", () => {
    expect(parseKey("a".repeat(64)).length).toBe(32);
    expect(parseKey(randomBytes(32).toString("base64")).length).toBe(32);
    expect(() => parseKey("short")).toThrow(/32 bytes/);
  });
});
