import { describe, expect, it } from "vitest";

import type { PsaRef } from "~/server/psa/types";

import {
  alertTarget,
  defaultTicketSettings,
  fieldLabel,
  findStaleValues,
  problemsAgainstPsa,
  type TicketSettings,
  ticketSettingsInputSchema,
  validateTicketSettings,
  withNames,
} from "./rules";

const ref = (id: string, name: string, isActive = true): PsaRef => ({ id, name, isActive });

function input(overrides: Record<string, unknown> = {}) {
  return {
    subjectPrefix: "[Backup]",
    queueId: "10",
    defaultPriorityId: "2",
    newStatusId: "1",
    completedStatusId: "5",
    alertMapping: {
      ok: { priorityId: null, queueId: null, dueDays: 5 },
      warning: { priorityId: "3", queueId: null, dueDays: 3 },
      error: { priorityId: "1", queueId: "11", dueDays: 1 },
    },
    digestEnabled: false,
    digestPriorityId: null,
    digestQueueId: null,
    digestHour: 7,
    reopenWindowHours: 24,
    ...overrides,
  };
}

const parse = (overrides: Record<string, unknown> = {}) => ticketSettingsInputSchema.safeParse(input(overrides));
const firstMessage = (overrides: Record<string, unknown>) => {
  const r = parse(overrides);
  return r.success ? null : r.error.issues[0]!.message;
};

describe("ticket settings input", () => {
  it("accepts a complete form and turns blank ids into null", () => {
    const r = parse({ defaultPriorityId: "  ", digestQueueId: "" });
    expect(r.success).toBe(true);
    expect(r.data?.defaultPriorityId).toBeNull();
    expect(r.data?.digestQueueId).toBeNull();
  });

  it("keeps days until due within 0–365 whole days", () => {
    const row = (dueDays: number) => ({ alertMapping: { ...input().alertMapping, error: { priorityId: "1", queueId: null, dueDays } } });
    expect(parse(row(0)).success).toBe(true);
    expect(parse(row(365)).success).toBe(true);
    expect(firstMessage(row(366))).toMatch(/0 to 365/);
    expect(firstMessage(row(-1))).toMatch(/0 to 365/);
    expect(firstMessage(row(1.5))).toMatch(/0 to 365/);
  });

  it("keeps the digest hour within 0–23 and the reopen window within 1–720 hours", () => {
    expect(parse({ digestHour: 0 }).success).toBe(true);
    expect(parse({ digestHour: 23 }).success).toBe(true);
    expect(firstMessage({ digestHour: 24 })).toMatch(/0 to 23/);
    expect(firstMessage({ digestHour: -1 })).toMatch(/0 to 23/);
    expect(parse({ reopenWindowHours: 1 }).success).toBe(true);
    expect(parse({ reopenWindowHours: 720 }).success).toBe(true);
    expect(firstMessage({ reopenWindowHours: 0 })).toMatch(/1 to 720/);
    expect(firstMessage({ reopenWindowHours: 721 })).toMatch(/1 to 720/);
  });

  it("limits the subject prefix", () => {
    expect(firstMessage({ subjectPrefix: "x".repeat(41) })).toMatch(/40 characters/);
  });
});

describe("validateTicketSettings", () => {
  const valid = (overrides: Record<string, unknown> = {}) => ticketSettingsInputSchema.parse(input(overrides));

  it("passes a complete mapping", () => {
    expect(validateTicketSettings(valid(), "autotask")).toEqual([]);
  });

  it("'Do not map' (no queue) needs no priority or statuses: ticketing is off", () => {
    const off = valid({ queueId: null, defaultPriorityId: null, newStatusId: null, completedStatusId: null });
    expect(validateTicketSettings(off, "connectwise")).toEqual([]);
    expect(alertTarget(withNames(off, null), "error")).toBeNull();
  });

  it("a mapped queue needs the default priority and both statuses, which must differ", () => {
    const fields = validateTicketSettings(valid({ defaultPriorityId: null, newStatusId: null, completedStatusId: null }), "autotask").map((p) => p.field);
    expect(fields).toEqual(["defaultPriorityId", "newStatusId", "completedStatusId"]);
    expect(validateTicketSettings(valid({ completedStatusId: "1" }), "autotask")).toEqual([
      { field: "completedStatusId", message: expect.stringMatching(/must differ/) },
    ]);
  });

  it("the digest needs a queue/board of its own or the mapped one", () => {
    expect(validateTicketSettings(valid({ digestEnabled: true }), "autotask")).toEqual([]);
    const problems = validateTicketSettings(valid({ digestEnabled: true, queueId: null, defaultPriorityId: null, newStatusId: null, completedStatusId: null }), "connectwise");
    expect(problems).toEqual([{ field: "digestQueueId", message: expect.stringMatching(/board for the daily digest/) }]);
  });
});

describe("alertTarget", () => {
  it("uses the row's queue and priority, falling back to the mapped queue and default priority", () => {
    const settings = withNames(ticketSettingsInputSchema.parse(input()), null);
    expect(alertTarget(settings, "error")).toEqual({ queueId: "11", priorityId: "1", dueDays: 1 });
    expect(alertTarget(settings, "warning")).toEqual({ queueId: "10", priorityId: "3", dueDays: 3 });
    expect(alertTarget(settings, "ok")).toEqual({ queueId: "10", priorityId: "2", dueDays: 5 });
  });
});

describe("findStaleValues", () => {
  const lists = {
    provider: "autotask" as const,
    queues: [ref("10", "Monitoring"), ref("11", "Escalations", false)],
    priorities: [ref("1", "Critical"), ref("2", "High"), ref("3", "Medium")],
    statuses: [ref("1", "New"), ref("5", "Complete")],
  };
  const saved = (overrides: Partial<TicketSettings> = {}): TicketSettings => ({ ...withNames(ticketSettingsInputSchema.parse(input()), lists), ...overrides });

  it("flags nothing when every id exists and is active", () => {
    expect(findStaleValues(saved({ alertMapping: { ...saved().alertMapping, error: { priorityId: "1", queueId: "10", dueDays: 1 } } }), lists)).toEqual([]);
  });

  it("flags missing and inactive ids, keeping the saved name", () => {
    const settings = saved({ queueId: "99", queueName: "Old queue", digestPriorityId: "42" });
    const stale = findStaleValues(settings, lists);
    expect(stale).toEqual([
      { field: "queueId", id: "99", name: "Old queue", problem: "missing", message: "This queue no longer exists in Autotask — pick another." },
      { field: "alertMapping.error.queueId", id: "11", name: "Escalations", problem: "inactive", message: "This queue is inactive in Autotask — pick another." },
      { field: "digestPriorityId", id: "42", name: null, problem: "missing", message: "This priority no longer exists in Autotask — pick another." },
    ]);
  });

  it("ConnectWise: a status not on the chosen board is flagged, and the wording says board", () => {
    const cw = { ...lists, provider: "connectwise" as const, statuses: [ref("1", "New")] };
    const stale = findStaleValues(saved({ queueId: "77" }), cw);
    expect(stale.map((s) => s.field)).toEqual(["queueId", "completedStatusId", "alertMapping.error.queueId"]);
    expect(stale[0]!.message).toBe("This board no longer exists in ConnectWise — pick another.");
    expect(problemsAgainstPsa(saved(), cw).find((p) => p.field === "completedStatusId")?.message).toMatch(/does not belong to the chosen board/);
  });

  it("defaults flag nothing: no ids are saved", () => {
    expect(findStaleValues(defaultTicketSettings(), lists)).toEqual([]);
  });
});

describe("withNames / fieldLabel", () => {
  it("takes names from the PSA's lists, never from the client", () => {
    const s = withNames(ticketSettingsInputSchema.parse(input()), {
      queues: [ref("10", "Monitoring"), ref("11", "Escalations")],
      priorities: [ref("1", "Critical"), ref("2", "High"), ref("3", "Medium")],
      statuses: [ref("1", "New"), ref("5", "Complete")],
    });
    expect([s.queueName, s.defaultPriorityName, s.newStatusName, s.completedStatusName]).toEqual(["Monitoring", "High", "New", "Complete"]);
    expect(s.alertMapping.error).toEqual({ priorityId: "1", priorityName: "Critical", queueId: "11", queueName: "Escalations", dueDays: 1 });
  });

  it("names fields the way the form does", () => {
    expect(fieldLabel("alertMapping.warning.queueId", "connectwise")).toBe("Alert mapping, Warning: board");
    expect(fieldLabel("queueId", "autotask")).toBe("Queue");
    expect(fieldLabel("digestQueueId", "connectwise")).toBe("Daily digest board");
  });
});
