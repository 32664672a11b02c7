import { describe, expect, it } from "vitest";

import type { PsaContract, PsaContractService } from "~/server/psa/types";

import { approvalReason, contractProblem, invoiceDescription, type ItemMapping, planCustomer, throttleAllows, wholeUnits } from "./plan";

const contract: PsaContract = {
  id: "10",
  companyId: "1",
  name: "Managed Services",
  kind: "recurring_service",
  typeLabel: "Recurring Service",
  status: "active",
  periodType: "monthly",
  currencyCode: "USD",
};

const item = (code: string, serviceId: string, extra: Partial<ItemMapping> = {}): ItemMapping => ({
  itemCode: code,
  itemName: code.replaceAll("_", " "),
  unit: "GB",
  psaServiceId: serviceId,
  psaServiceName: `Service ${serviceId}`,
  unitPrice: 2,
  unitCost: 1,
  createMissing: true,
  ...extra,
});

const cs = (id: string, serviceId: string, quantity: number, extra: Partial<PsaContractService> = {}): PsaContractService => ({
  id,
  contractId: "10",
  serviceId,
  quantity,
  unitPrice: 3,
  ...extra,
});

const vendor = (entries: [string, number][]) => new Map(entries.map(([code, quantity]) => [code, { quantity, accounts: [] }]));
const auto = { writeMode: "automatic" as const, thresholdPercent: 10 };

describe("wholeUnits", () => {
  it("bills any part of a unit as a whole unit and ignores binary noise", () => {
    expect(wholeUnits(0)).toBe(0);
    expect(wholeUnits(-3)).toBe(0);
    expect(wholeUnits(Number.NaN)).toBe(0);
    expect(wholeUnits(12)).toBe(12);
    expect(wholeUnits(12.0000000001)).toBe(12);
    expect(wholeUnits(12.01)).toBe(13);
    expect(wholeUnits(0.2)).toBe(1);
  });
});

describe("throttleAllows", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  it("allows a first sync, a sync 12 hours later and any forced sync", () => {
    expect(throttleAllows(null, now, false)).toBe(true);
    expect(throttleAllows(new Date("2026-11-22T00:00:00Z"), now, false)).toBe(true);
    expect(throttleAllows(new Date("2026-11-22T00:00:01Z"), now, false)).toBe(false);
    expect(throttleAllows(new Date("2026-11-22T11:59:00Z"), now, true)).toBe(true);
  });
});

describe("approvalReason", () => {
  it("follows the write mode and the threshold", () => {
    expect(approvalReason({ writeMode: "automatic", thresholdPercent: 10 }, 10, 50)).toBeNull();
    expect(approvalReason({ writeMode: "approve", thresholdPercent: 10 }, 10, 11)).toMatch(/approval mode/);
    const t = { writeMode: "threshold" as const, thresholdPercent: 10 };
    expect(approvalReason(t, 100, 109)).toBeNull();
    expect(approvalReason(t, 100, 110)).toMatch(/10% is not under the 10% threshold/);
    expect(approvalReason(t, 100, 80)).toMatch(/20%/);
    expect(approvalReason(t, 0, 5)).toMatch(/from 0/);
  });
});

describe("contractProblem", () => {
  const usd = { currencyCode: "USD" };
  it("accepts an active monthly recurring contract in the billing currency", () => {
    expect(contractProblem("autotask", "10", contract, usd)).toBeNull();
    expect(contractProblem("connectwise", "10", { ...contract, kind: "agreement", currencyCode: null }, usd)).toBeNull();
  });
  it("says what to change for each rule a contract breaks", () => {
    expect(contractProblem("autotask", "10", undefined, usd)?.hint).toMatch(/Customer Map/);
    expect(contractProblem("autotask", "10", { ...contract, kind: "other", typeLabel: "Time and Materials" }, usd)?.message).toMatch(/Time and Materials contract; billing quantities need a Recurring Service contract/);
    expect(contractProblem("connectwise", "10", { ...contract, kind: "agreement", status: "cancelled" }, usd)?.message).toMatch(/Agreement "Managed Services" is cancelled in ConnectWise/);
    expect(contractProblem("autotask", "10", { ...contract, status: "expired" }, usd)?.hint).toMatch(/Extend or activate/);
    expect(contractProblem("autotask", "10", { ...contract, periodType: "quarterly" }, usd)?.hint).toMatch(/period type to Monthly/);
    expect(contractProblem("connectwise", "10", { ...contract, kind: "agreement", periodType: "annual" }, usd)?.hint).toMatch(/billing cycle to Monthly/);
    expect(contractProblem("connectwise", "10", { ...contract, kind: "agreement", currencyCode: "GBP" }, usd)?.message).toMatch(/in GBP, but billing is set up in USD/);
  });
});

describe("invoiceDescription", () => {
  it("lists each account's share, largest first, and stays within ConnectWise's limit", () => {
    const text = invoiceDescription(
      { itemName: "Online backup", unit: "GB" },
      { quantity: 30.5, accounts: [{ accountNumber: "A1", name: "FS01", quantity: 10.5 }, { accountNumber: "A2", name: null, quantity: 20 }] },
    );
    expect(text).toBe("Online backup: 31 GB — A2 20 GB; FS01 (A1) 10.5 GB");
    const many = Array.from({ length: 2000 }, (_, i) => ({ accountNumber: `ACC-${i}`, name: `Server number ${i}`, quantity: 1 }));
    expect(invoiceDescription({ itemName: "x", unit: "GB" }, { quantity: 2000, accounts: many }).length).toBe(6000);
  });
});

describe("planCustomer", () => {
  const base = { provider: "autotask" as const, contract, mode: auto, updateInvoiceDescriptions: false };

  it("writes only the differences: increase, decrease, create missing, and leaves equal items alone", () => {
    const plan = planCustomer({
      ...base,
      items: [item("a", "1"), item("b", "2"), item("c", "3"), item("d", "4")],
      vendor: vendor([["a", 12], ["b", 3.2], ["c", 5], ["d", 0]]),
      services: [cs("100", "1", 10), cs("101", "2", 9), cs("102", "4", 0)],
    });
    expect(plan.failure).toBeNull();
    expect(plan.changes.map((c) => [c.itemCode, c.psaContractServiceId, c.currentQuantity, c.newQuantity])).toEqual([
      ["a", "100", 10, 12],
      ["b", "101", 9, 4],
      ["c", null, 0, 5],
    ]);
    // A created contract service takes the catalogue price; an existing one keeps the PSA's.
    expect(plan.changes.find((c) => c.itemCode === "c")!.unitPrice).toBe(2);
    expect(plan.changes.find((c) => c.itemCode === "a")!.unitPrice).toBe(3);
    expect(plan.lines.find((l) => l.itemCode === "d")!.status).toBe("in_sync");
    expect(plan.changes.every((c) => c.approvalReason === null)).toBe(true);
  });

  it("no changes when the PSA already holds the vendor's quantities", () => {
    const plan = planCustomer({ ...base, items: [item("a", "1")], vendor: vendor([["a", 10]]), services: [cs("100", "1", 10)] });
    expect(plan.changes).toEqual([]);
    expect(plan.lines.map((l) => l.status)).toEqual(["in_sync"]);
  });

  it("does not create a missing contract service when the mapping says not to, or when nothing is used", () => {
    const plan = planCustomer({ ...base, items: [item("a", "1", { createMissing: false }), item("b", "2")], vendor: vendor([["a", 4]]), services: [] });
    expect(plan.changes).toEqual([]);
    expect(plan.lines.map((l) => [l.itemCode, l.status])).toEqual([["a", "not_in_psa"], ["b", "in_sync"]]);
  });

  it("reports contract services no mapping explains as orphans", () => {
    const plan = planCustomer({ ...base, items: [item("a", "1")], vendor: vendor([["a", 1]]), services: [cs("100", "1", 1), cs("200", "9", 4)] });
    expect(plan.lines.filter((l) => l.kind === "orphan").map((l) => [l.psaContractServiceId, l.psaQuantity])).toEqual([["200", 4]]);
  });

  it("fails the customer when a mapped service sits in a bundle", () => {
    const plan = planCustomer({ ...base, items: [item("a", "1")], vendor: vendor([["a", 1]]), services: [cs("bundle:5:1", "1", 0, { inBundle: true })] });
    expect(plan.failure?.message).toMatch(/service bundle/);
    expect(plan.failure?.hint).toMatch(/outside the bundle/);
    expect(plan.changes).toEqual([]);
  });

  it("ConnectWise: updates the invoice description when enabled, keeps less included as the PSA holds it", () => {
    const v = new Map([["a", { quantity: 7, accounts: [{ accountNumber: "A1", name: "SRV", quantity: 7 }] }]]);
    const plan = planCustomer({
      ...base,
      provider: "connectwise",
      contract: { ...contract, kind: "agreement" },
      updateInvoiceDescriptions: true,
      items: [item("a", "1")],
      vendor: v,
      services: [cs("300", "1", 7, { lessIncluded: 2, invoiceDescription: "old" })],
    });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ currentQuantity: 7, newQuantity: 7, lessIncluded: 2, invoiceDescription: "a: 7 GB — SRV (A1) 7 GB", approvalReason: null });
    const again = planCustomer({
      ...base,
      provider: "connectwise",
      contract: { ...contract, kind: "agreement" },
      updateInvoiceDescriptions: true,
      items: [item("a", "1")],
      vendor: v,
      services: [cs("300", "1", 7, { lessIncluded: 2, invoiceDescription: "a: 7 GB — SRV (A1) 7 GB" })],
    });
    expect(again.changes).toEqual([]);
  });

  it("marks changes over the threshold for approval", () => {
    const plan = planCustomer({
      ...base,
      mode: { writeMode: "threshold", thresholdPercent: 20 },
      items: [item("a", "1"), item("b", "2")],
      vendor: vendor([["a", 11], ["b", 20]]),
      services: [cs("100", "1", 10), cs("101", "2", 10)],
    });
    expect(plan.changes.map((c) => [c.itemCode, c.approvalReason === null])).toEqual([["a", true], ["b", false]]);
  });
});
