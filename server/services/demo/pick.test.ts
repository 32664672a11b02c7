import { describe, expect, it } from "vitest";

import type { PsaRef } from "~/server/psa/types";

import { nameKey, pickPriorities, pickQueue, pickStatuses } from "./pick";

const ref = (id: string, name: string, extra: Partial<PsaRef> = {}): PsaRef => ({ id, name, isActive: true, ...extra });

describe("demo pickers", () => {
  it("prefers the alerts queue or board, else the first active one", () => {
    const queues = [ref("1", "Client Portal"), ref("2", "Monitoring Alert"), ref("3", "Old", { isActive: false })];
    expect(pickQueue("autotask", queues)?.name).toBe("Monitoring Alert");
    expect(pickQueue("connectwise", [ref("9", "Projects", { isActive: false }), ref("1", "Help Desk"), ref("2", "Alerts")])?.name).toBe("Alerts");
    expect(pickQueue("connectwise", [ref("9", "Dispatch")])?.name).toBe("Dispatch");
    expect(pickQueue("autotask", [ref("3", "Old", { isActive: false })])).toBeNull();
  });

  it("picks New and a completed status by name, else the closed one", () => {
    const at = pickStatuses([ref("1", "New", { isDefault: true }), ref("10", "In Progress"), ref("5", "Complete")]);
    expect([at.newStatus?.name, at.completed?.name]).toEqual(["New", "Complete"]);
    const cw = pickStatuses([ref("1", "New"), ref("2", "Acknowledged"), ref("3", "Resolved", { isClosed: true })]);
    expect([cw.newStatus?.name, cw.completed?.name]).toEqual(["New", "Resolved"]);
    const odd = pickStatuses([ref("1", "Open", { isDefault: true }), ref("2", "Done", { isClosed: true })]);
    expect([odd.newStatus?.name, odd.completed?.name]).toEqual(["Open", "Done"]);
    expect(pickStatuses([ref("1", "Open")]).completed).toBeNull();
  });

  it("maps high / medium / low on Autotask and ConnectWise names", () => {
    const at = pickPriorities([ref("4", "Critical"), ref("1", "High"), ref("2", "Medium"), ref("3", "Low")]);
    expect([at.high?.name, at.medium?.name, at.low?.name]).toEqual(["High", "Medium", "Low"]);
    const cw = pickPriorities([
      ref("1", "Priority 1 - Emergency Response"),
      ref("2", "Priority 2 - Quick Response"),
      ref("3", "Priority 3 - Normal Response", { isDefault: true }),
      ref("4", "Priority 4 - Schedule Maintenance"),
    ]);
    expect([cw.high?.id, cw.medium?.id, cw.low?.id]).toEqual(["2", "3", "4"]);
    expect(pickPriorities([ref("7", "Urgent", { isDefault: true })]).low?.id).toBe("7");
  });

  it("matches names regardless of case and spacing", () => {
    expect(nameKey("  Alpine   Dental ")).toBe(nameKey("alpine dental"));
  });
});
