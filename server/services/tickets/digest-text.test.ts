import { describe, expect, it } from "vitest";

import {
  addDays,
  dayWindow,
  digestCorrelationKey,
  digestDescription,
  digestTitle,
  dueDigestDay,
  localHour,
  TITLE_LIMITS,
} from "./digest-text";

describe("digestTitle", () => {
  it("reads prefix, summary, customer and day", () => {
    expect(digestTitle({ prefix: "[Backup] ", customerName: "Fabrikam", day: "2026-11-21", provider: "autotask" })).toBe(
      "[Backup] Daily backup summary — Fabrikam — 2026-11-21",
    );
  });

  it("shortens a long customer name to the ConnectWise limit and keeps the day", () => {
    const title = digestTitle({ prefix: "[Backup] ", customerName: "A".repeat(200), day: "2026-11-21", provider: "connectwise" });
    expect(title).toHaveLength(TITLE_LIMITS.connectwise);
    expect(title.endsWith(" — 2026-11-21")).toBe(true);
    expect(title).toContain("A…");
  });

  it("keeps within Autotask's 255 characters, and within the limit even with an oversized prefix", () => {
    const at = digestTitle({ prefix: "", customerName: "B".repeat(400), day: "2026-01-02", provider: "autotask" });
    expect(at).toHaveLength(255);
    expect(at.endsWith("2026-01-02")).toBe(true);
    const huge = digestTitle({ prefix: "P".repeat(150), customerName: "Contoso", day: "2026-01-02", provider: "connectwise" });
    expect(huge.length).toBeLessThanOrEqual(100);
    expect(huge.startsWith("PPPP")).toBe(true);
  });
});

describe("local days", () => {
  it("gives the UTC window of a local day, 23 hours on a spring-forward day", () => {
    const w = dayWindow("2026-11-21", "America/New_York");
    expect(w.from.toISOString()).toBe("2026-11-21T05:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-11-22T05:00:00.000Z");
    const dst = dayWindow("2026-03-29", "Europe/London");
    expect(dst.to.getTime() - dst.from.getTime()).toBe(23 * 3_600_000);
  });

  it("is due only in the partner's digest hour, for yesterday locally", () => {
    const now = new Date("2026-11-22T12:05:00Z"); // 07:05 in New York, 21:05 in Tokyo
    expect(localHour(now, "America/New_York")).toBe(7);
    expect(dueDigestDay(now, "America/New_York", 7)).toBe("2026-11-21");
    expect(dueDigestDay(now, "America/New_York", 8)).toBeNull();
    expect(dueDigestDay(now, "Asia/Tokyo", 21)).toBe("2026-11-21");
    expect(dueDigestDay(new Date("2026-11-22T00:05:00Z"), "UTC", 0)).toBe("2026-11-21");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("makes a stable correlation key per partner, customer and day, within 50 characters", () => {
    const a = digestCorrelationKey("p1", "c1", "2026-11-21");
    expect(a).toMatch(/^psarelay-digest-[0-9a-f]{24}$/);
    expect(a.length).toBeLessThanOrEqual(50);
    expect(digestCorrelationKey("p1", "c1", "2026-11-21")).toBe(a);
    expect(digestCorrelationKey("p1", "c1", "2026-11-22")).not.toBe(a);
    expect(digestCorrelationKey("p1", "c2", "2026-11-21")).not.toBe(a);
  });
});

describe("digestDescription", () => {
  const counts = [
    { accountId: "a1", accountNumber: "ACC-1", accountName: "File server", severity: "ok" as const, n: 5 },
    { accountId: "a1", accountNumber: "ACC-1", accountName: "File server", severity: "error" as const, n: 2 },
    { accountId: "a2", accountNumber: "ACC-2", accountName: null, severity: "warning" as const, n: 1 },
  ];
  const failures = [
    { occurredAt: new Date("2026-11-21T08:15:00Z"), accountNumber: "ACC-1", accountName: "File server", type: "backup", severity: "error" as const, message: "Disk full" },
    { occurredAt: new Date("2026-11-21T09:30:00Z"), accountNumber: "ACC-2", accountName: null, type: "backup.job", severity: "warning" as const, message: null },
  ];

  it("counts by account and result and lists the failures with time, account, type and message", () => {
    const text = digestDescription({ customerName: "Fabrikam", day: "2026-11-21", timeZone: "UTC", counts, failures, eventLogUrl: "http://x/event-log" });
    expect(text).toContain("Totals: 8 events in 2 accounts — 5 ok, 1 warning, 2 error.");
    expect(text).toContain("- File server (ACC-1): 5 ok, 0 warning, 2 error");
    expect(text).toContain("- ACC-2: 0 ok, 1 warning, 0 error");
    expect(text).toContain("Failures (3):");
    expect(text).toContain("- 08:15 File server (ACC-1) — backup error: Disk full");
    expect(text).toContain("- 09:30 ACC-2 — backup.job warning");
    expect(text).toContain("… and 1 more, listed in the Event Log.");
    expect(text.trimEnd().endsWith("Event Log: http://x/event-log")).toBe(true);
  });

  it("says so when the day had no failures, and shows times in the partner's zone", () => {
    const ok = digestDescription({ customerName: "F", day: "2026-11-21", timeZone: "UTC", counts: [counts[0]!], failures: [], eventLogUrl: "u" });
    expect(ok).toContain("No failures");
    expect(ok).not.toContain("Failures (");
    const ny = digestDescription({ customerName: "F", day: "2026-11-21", timeZone: "America/New_York", counts, failures, eventLogUrl: "u" });
    expect(ny).toContain("- 03:15 File server");
  });
});
