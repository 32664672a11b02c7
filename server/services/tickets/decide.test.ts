import { describe, expect, it } from "vitest";

import { closeAction, type ConditionView, decide, touchedByTechnician, withinReopenWindow } from "./decide";

const now = new Date("2026-11-22T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const cond = (over: Partial<ConditionView> = {}): ConditionView => ({
  state: "open",
  psaTicketId: "100",
  lastSeverity: "error",
  lastDetailHash: "h1",
  closedAt: null,
  ...over,
});
const run = (severity: "ok" | "warning" | "error", condition: ConditionView | null, detailHash = "h1", reopenWindowHours = 24) =>
  decide({ severity, detailHash, condition, reopenWindowHours, now }).kind;

describe("decide", () => {
  it("opens a ticket for a new condition, resumes an interrupted create", () => {
    expect(run("error", null)).toBe("open");
    expect(run("warning", null)).toBe("open");
    expect(run("error", cond({ state: "creating", psaTicketId: null }))).toBe("resume-create");
  });

  it("adds no note for an identical repeat, one note when severity or detail changed", () => {
    expect(run("error", cond())).toBe("no-change");
    expect(run("error", cond(), "h2")).toBe("note");
    expect(run("warning", cond())).toBe("note");
  });

  it("reopens within the window, opens a new ticket after it", () => {
    expect(run("error", cond({ state: "closed", closedAt: hoursAgo(23) }))).toBe("reopen");
    expect(run("error", cond({ state: "closed", closedAt: hoursAgo(25) }))).toBe("open");
    expect(run("error", cond({ state: "closed", closedAt: hoursAgo(1) }), "h1", 0)).toBe("open");
    // A condition closed without a ticket has nothing to reopen.
    expect(run("error", cond({ state: "closed", closedAt: hoursAgo(1), psaTicketId: null }))).toBe("open");
  });

  it("closes an open condition on OK; nothing to close otherwise", () => {
    expect(run("ok", cond())).toBe("close");
    expect(run("ok", cond({ state: "creating" }))).toBe("close-creating");
    expect(run("ok", cond({ state: "closed", closedAt: hoursAgo(1) }))).toBe("nothing-to-close");
    expect(run("ok", null)).toBe("nothing-to-close");
  });

  it("window bounds", () => {
    expect(withinReopenWindow(hoursAgo(24), 24, now)).toBe(true);
    expect(withinReopenWindow(null, 24, now)).toBe(false);
  });
});

describe("touched by a technician", () => {
  const ours = { psaStatusId: "1", psaAssigneeId: null };
  it("is a status or assignee other than what PSA Relay set", () => {
    expect(touchedByTechnician({ statusId: "1", assigneeId: null }, ours)).toBe(false);
    expect(touchedByTechnician({ statusId: "8", assigneeId: null }, ours)).toBe(true);
    expect(touchedByTechnician({ statusId: "1", assigneeId: "29682885" }, ours)).toBe(true);
  });

  it("decides complete / note only / gone", () => {
    expect(closeAction({ statusId: "1" }, ours, "5")).toBe("complete");
    expect(closeAction({ statusId: "8" }, ours, "5")).toBe("note-only-touched");
    expect(closeAction({ statusId: "1", assigneeId: "7" }, ours, "5")).toBe("note-only-touched");
    expect(closeAction({ statusId: "5" }, ours, "5")).toBe("note-only-already-completed");
    expect(closeAction(null, ours, "5")).toBe("gone");
  });
});
