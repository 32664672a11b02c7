import { describe, expect, it } from "vitest";

import { buildDescription, buildSubject, SUBJECT_LIMITS, trimTo, whatHappened } from "./subject";

const event = {
  id: 77,
  type: "backup",
  severity: "error" as const,
  message: "Backup failed: disk full",
  customerName: "Northwind  Traders",
  accountNumber: "ACC-1",
  accountName: "File server",
  occurredAt: new Date("2026-11-22T10:00:00Z"),
  details: { bytes: 1024, job: "nightly", empty: null },
};

describe("buildSubject", () => {
  it("is prefix + customer + account + what happened", () => {
    expect(buildSubject("[Backup]", event, "autotask")).toBe("[Backup] Northwind Traders - File server (ACC-1): Backup failed: disk full");
    expect(buildSubject("", { ...event, accountName: null }, "connectwise")).toBe("Northwind Traders - ACC-1: Backup failed: disk full");
  });

  it("says what happened from the type and severity when the event has no message", () => {
    expect(whatHappened({ type: "backup_job", severity: "error", message: null })).toBe("Backup job failed");
    expect(whatHappened({ type: "archive", severity: "warning", message: "  " })).toBe("Archive warning");
  });

  it("is trimmed to the PSA's limit: Autotask 255, ConnectWise 100", () => {
    const long = { ...event, message: "word ".repeat(100) };
    const at = buildSubject("[Backup]", long, "autotask");
    const cw = buildSubject("[Backup]", long, "connectwise");
    expect(at.length).toBeLessThanOrEqual(SUBJECT_LIMITS.autotask);
    expect(at.length).toBeGreaterThan(200);
    expect(cw.length).toBeLessThanOrEqual(100);
    expect(cw.endsWith("…")).toBe(true);
    expect(cw.startsWith("[Backup] Northwind Traders - File server (ACC-1): word")).toBe(true);
  });

  it("cuts on a word boundary when one is near, else hard", () => {
    expect(trimTo("short", 10)).toBe("short");
    expect(trimTo("aaaa bbbb cccc", 12)).toBe("aaaa bbbb…");
    expect(trimTo("x".repeat(30), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

describe("buildDescription", () => {
  it("has the details and a link to the event in the portal", () => {
    const text = buildDescription(event, "https://portal.example.com/");
    expect(text).toContain("Customer: Northwind Traders");
    expect(text).toContain("Account: File server (ACC-1)");
    expect(text).toContain("bytes: 1024");
    expect(text).toContain("job: nightly");
    expect(text).not.toContain("empty");
    expect(text).toContain("https://portal.example.com/event-log/77");
  });
});
