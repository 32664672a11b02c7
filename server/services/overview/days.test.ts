import { describe, expect, it } from "vitest";

import { lastDays } from "./days";

describe("lastDays", () => {
  it("gives the last seven local days, today included, and when the first one starts", () => {
    const now = new Date("2026-03-10T02:30:00Z"); // still 9 March in New York
    const { from, labels } = lastDays(now, "America/New_York", 7);
    expect(labels).toEqual(["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"]);
    expect(from.toISOString()).toBe("2026-03-03T05:00:00.000Z");
  });

  it("crosses a month end", () => {
    const { labels } = lastDays(new Date("2026-03-02T12:00:00Z"), "UTC", 3);
    expect(labels).toEqual(["2026-02-28", "2026-03-01", "2026-03-02"]);
  });
});
