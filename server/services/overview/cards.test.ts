import { describe, expect, it } from "vitest";

import type { OverviewCounts } from "~/db/queries/overview";

import { attentionCards } from "./cards";

const clear: OverviewCounts = {
  failedDeliveries: 0,
  pendingDeliveries: 0,
  openTickets: 0,
  approvalsWaiting: 0,
  billingFailing: 0,
  unmappedCustomers: 0,
  mappedWithoutContract: 0,
  mappedWithoutService: 0,
  billingEnabled: false,
  psaProvider: "autotask",
  psaConnectionFailed: false,
};

describe("attentionCards", () => {
  it("is empty when nothing needs attention (the all-clear)", () => {
    expect(attentionCards(clear)).toEqual([]);
    // Open tickets are shown on their own, not as a problem card.
    expect(attentionCards({ ...clear, openTickets: 4 })).toEqual([]);
  });

  it("links each problem to where it is fixed, with the right filters, most urgent first", () => {
    const cards = attentionCards({
      ...clear,
      psaConnectionFailed: true,
      failedDeliveries: 3,
      pendingDeliveries: 2,
      approvalsWaiting: 5,
      billingFailing: 1,
      unmappedCustomers: 7,
      mappedWithoutContract: 2,
      mappedWithoutService: 1,
      billingEnabled: true,
    });
    expect(cards.map((c) => [c.id, c.count, c.href])).toEqual([
      ["psa-connection", 1, "/integration-setup"],
      ["failed-deliveries", 3, "/event-log?failed=1"],
      ["billing-failing", 1, "/billing?status=failed"],
      ["approvals", 5, "/billing#approvals-heading"],
      ["pending-deliveries", 2, "/event-log?pending=1"],
      ["unmapped", 7, "/customer-map"],
      ["no-contract", 2, "/billing#unmapped-heading"],
      ["no-service", 1, "/customer-map"],
    ]);
    expect(cards[1]!.description).toBe("3 events' notifications failed. Fix the cause, then reprocess them.");
  });

  it("leaves out contract problems while billing is off, and the service problem outside Autotask", () => {
    expect(attentionCards({ ...clear, mappedWithoutContract: 2, mappedWithoutService: 1 })).toEqual([]);
    const cw = attentionCards({ ...clear, billingEnabled: true, psaProvider: "connectwise", mappedWithoutContract: 1, mappedWithoutService: 3 });
    expect(cw.map((c) => c.id)).toEqual(["no-contract"]);
  });
});
