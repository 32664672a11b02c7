import { describe, expect, it } from "vitest";

import { correlationKey, detailHash, ticketRef } from "./correlation";

const parts = {
  partnerId: "0b7c6f3e-1111-4a57-9f3e-2f0c1d7a9b10",
  customerId: "0b7c6f3e-2222-4a57-9f3e-2f0c1d7a9b10",
  accountId: "0b7c6f3e-3333-4a57-9f3e-2f0c1d7a9b10",
  eventType: "backup",
};

describe("correlationKey", () => {
  it("is stable, prefixed and short enough for Autotask externalID (50)", () => {
    const key = correlationKey(parts);
    expect(key).toBe(correlationKey({ ...parts }));
    expect(key).toMatch(/^psarelay:[0-9a-f]{24}$/);
    expect(`${key}.123456789012`.length).toBeLessThanOrEqual(50);
  });

  it("differs for every part of the condition, and ignores the type's case and spaces", () => {
    const key = correlationKey(parts);
    for (const field of ["partnerId", "customerId", "accountId", "eventType"] as const) {
      expect(correlationKey({ ...parts, [field]: `${parts[field]}x` })).not.toBe(key);
    }
    expect(correlationKey({ ...parts, eventType: " Backup " })).toBe(key);
    // Joining with a separator: moving characters between parts changes the key.
    expect(correlationKey({ ...parts, accountId: "ab", eventType: "c" })).not.toBe(correlationKey({ ...parts, accountId: "a", eventType: "bc" }));
  });
});

describe("ticketRef", () => {
  it("is the key for a condition's first ticket and key.<event> for a later one", () => {
    expect(ticketRef("psarelay:abc", null, 42)).toBe("psarelay:abc");
    expect(ticketRef("psarelay:abc", "9001", 42)).toBe("psarelay:abc.42");
  });
});

describe("detailHash", () => {
  const base = { severity: "error", message: "Backup failed", details: { b: 1, a: { y: 2, x: [1, 2] } } };
  it("ignores key order and surrounding whitespace", () => {
    expect(detailHash(base)).toBe(detailHash({ ...base, message: " Backup failed ", details: { a: { x: [1, 2], y: 2 }, b: 1 } }));
  });
  it("changes with severity, message or details", () => {
    const h = detailHash(base);
    expect(detailHash({ ...base, severity: "warning" })).not.toBe(h);
    expect(detailHash({ ...base, message: "Backup failed: disk full" })).not.toBe(h);
    expect(detailHash({ ...base, details: { b: 2, a: { y: 2, x: [1, 2] } } })).not.toBe(h);
    expect(detailHash({ ...base, details: { b: 1, a: { y: 2, x: [2, 1] } } })).not.toBe(h);
  });
});
