import { describe, expect, it } from "vitest";

import { histogramWindow, localToInstant, resolveEventFilters } from "./event-filters";

const now = new Date("2026-03-10T12:00:00Z");

describe("event filters", () => {
  it("reads custom bounds as wall-clock time in the partner's zone", () => {
    expect(localToInstant("2026-03-01T10:00", "Europe/Berlin").toISOString()).toBe("2026-03-01T09:00:00.000Z");
    expect(localToInstant("2026-07-01T10:00:30", "Europe/Berlin").toISOString()).toBe("2026-07-01T08:00:30.000Z");
    expect(localToInstant("2026-03-01T10:00", "UTC").toISOString()).toBe("2026-03-01T10:00:00.000Z");
  });

  it("resolves presets against now and ignores custom bounds with a preset", () => {
    expect(resolveEventFilters({ range: "24h", severities: ["error"] }, "UTC", now)).toEqual({
      severities: ["error"],
      from: new Date("2026-03-09T12:00:00Z"),
    });
    expect(resolveEventFilters({ from: "2026-03-01T00:00", to: "2026-03-02T00:00" }, "America/New_York", now)).toEqual({
      from: new Date("2026-03-01T05:00:00Z"),
      to: new Date("2026-03-02T05:00:00Z"),
    });
  });

  it("bounds the chart window and picks the bucket", () => {
    expect(histogramWindow({}, now)).toEqual({ from: new Date("2026-03-03T12:00:00Z"), to: now, bucket: "day" });
    expect(histogramWindow({ from: new Date("2026-03-10T00:00:00Z") }, now)).toMatchObject({ bucket: "hour" });
    const long = histogramWindow({ from: new Date("2025-01-01T00:00:00Z"), to: new Date("2026-01-01T00:00:00Z") }, now);
    expect(long.to.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(long.to.getTime() - long.from.getTime()).toBe(31 * 86_400_000);
    // A future upper bound stops at now.
    expect(histogramWindow({ to: new Date("2027-01-01T00:00:00Z") }, now).to).toEqual(now);
  });
});
