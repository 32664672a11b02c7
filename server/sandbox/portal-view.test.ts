import { describe, expect, it } from "vitest";

import { searchAndPage } from "./portal-view";

const tickets = Array.from({ length: 60 }, (_, i) => ({
  id: i + 1,
  ticketNumber: `T20261201.${String(i + 1).padStart(4, "0")}`,
  title: i % 3 === 0 ? "Backup failed on SRV-01" : "Disk space warning",
  notes: [{ id: i, description: i === 7 ? "Escalated to the night shift" : "Checked" }],
}));

describe("searchAndPage", () => {
  it("cuts one page and says where it is", () => {
    const { items, page } = searchAndPage(tickets, { page: 2 }, 25);
    expect(items.map((t) => t.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 26));
    expect(page).toEqual({ total: 60, matching: 60, page: 2, pageCount: 3, pageSize: 25, q: "" });
  });

  it("clamps a page past the end to the last one", () => {
    const { items, page } = searchAndPage(tickets, { page: 99 }, 25);
    expect(page.page).toBe(3);
    expect(items).toHaveLength(10);
  });

  it("finds the text, case-insensitive, in any one field including nested notes", () => {
    expect(searchAndPage(tickets, { q: "backup failed on  SRV-01" }).page.matching).toBe(20);
    expect(searchAndPage(tickets, { q: "failed warning" }).page.matching).toBe(0);
    expect(searchAndPage(tickets, { q: "NIGHT shift" }).items.map((t) => t.id)).toEqual([8]);
    expect(searchAndPage(tickets, { q: "T20261201.0042" }).items.map((t) => t.id)).toEqual([42]);
    const none = searchAndPage(tickets, { q: "printer" });
    expect(none.items).toEqual([]);
    expect(none.page).toMatchObject({ total: 60, matching: 0, page: 1, pageCount: 1, q: "printer" });
  });
});
