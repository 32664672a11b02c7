import { describe, expect, it } from "vitest";

import { bucketLabel, fillBuckets } from "./chart-buckets";

describe("fillBuckets", () => {
  it("fills empty hours in the partner's time zone and keeps the counts", () => {
    const points = fillBuckets({
      from: new Date("2026-03-01T09:40:00Z"),
      to: new Date("2026-03-01T12:10:00Z"),
      bucket: "hour",
      timeZone: "Europe/Berlin",
      points: [{ bucket: "2026-03-01T12:00", ok: 3, warning: 1, error: 0 }],
    });
    expect(points.map((p) => p.bucket)).toEqual(["2026-03-01T10:00", "2026-03-01T11:00", "2026-03-01T12:00", "2026-03-01T13:00"]);
    expect(points[2]).toEqual({ bucket: "2026-03-01T12:00", ok: 3, warning: 1, error: 0 });
    expect(points[0]).toEqual({ bucket: "2026-03-01T10:00", ok: 0, warning: 0, error: 0 });
  });

  it("steps whole local days across a DST change", () => {
    const points = fillBuckets({
      from: new Date("2026-03-28T12:00:00Z"),
      to: new Date("2026-03-31T12:00:00Z"),
      bucket: "day",
      timeZone: "Europe/Berlin",
      points: [],
    });
    expect(points.map((p) => p.bucket)).toEqual(["2026-03-28T00:00", "2026-03-29T00:00", "2026-03-30T00:00", "2026-03-31T00:00"]);
  });

  it("labels buckets", () => {
    expect(bucketLabel("2026-03-01T13:00", "hour")).toBe("Mar 1 13:00");
    expect(bucketLabel("2026-12-24T00:00", "day")).toBe("Dec 24");
  });
});
