import { describe, expect, it } from "vitest";

import { actionLabel, ruleInputSchema, ruleUpdateSchema, ticketingProblems } from "./rules";

describe("notification rules", () => {
  it("labels the actions with the PSA's name", () => {
    expect(actionLabel("ticket", "autotask")).toBe("Open a ticket in Autotask");
    expect(actionLabel("billing", "connectwise")).toBe("Synchronize with ConnectWise");
    expect(actionLabel("ticket", null)).toBe("Open a ticket in the PSA");
  });

  it("defaults a new rule to no OK events, all types, warning and error, enabled", () => {
    expect(ruleInputSchema.parse({ name: "Failures", action: "ticket" })).toEqual({
      name: "Failures",
      action: "ticket",
      allTypes: true,
      eventTypes: [],
      severities: ["warning", "error"],
      enabled: true,
    });
  });

  it("rejects bad input with a message naming the field", () => {
    const messages = (input: unknown, schema: typeof ruleInputSchema | typeof ruleUpdateSchema = ruleInputSchema) => {
      const result = schema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(messages({ name: " ", action: "ticket" })).toEqual(["name is required."]);
    expect(messages({ name: "x", action: "email" })).toEqual(['action must be "ticket" or "billing".']);
    expect(messages({ name: "x", action: "ticket", severities: [] })).toEqual(["severities: choose at least one severity."]);
    expect(messages({ name: "x", action: "ticket", allTypes: false })).toEqual([
      "eventTypes: choose at least one event type, or subscribe to all types.",
    ]);
    expect(messages({ name: "x", action: "ticket", allTypes: false, eventTypes: ["backup"] })).toEqual([]);
    expect(messages({ id: "not-a-uuid" }, ruleUpdateSchema)).toEqual(["id is not a valid rule id."]);
  });

  it("says why ticketing cannot happen", () => {
    expect(ticketingProblems({ provider: null, queueMapped: true, hasTicketRule: true })).toEqual([
      "No PSA is connected — tickets will not be opened until you connect one on Integration Setup.",
    ]);
    expect(ticketingProblems({ provider: "autotask", queueMapped: false, hasTicketRule: true })).toEqual([
      "No queue/board is mapped — tickets will not be opened until you pick one on Integration Setup.",
    ]);
    const noRule = ticketingProblems({ provider: "connectwise", queueMapped: true, hasTicketRule: false });
    expect(noRule).toHaveLength(1);
    expect(noRule[0]).toMatch(/^No 'Open a ticket' rule — .*Open a ticket in ConnectWise/);
    expect(ticketingProblems({ provider: "connectwise", queueMapped: false, hasTicketRule: false })).toHaveLength(2);
    expect(ticketingProblems({ provider: "autotask", queueMapped: true, hasTicketRule: true })).toEqual([]);
  });
});
