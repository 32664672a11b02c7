import { describe, expect, it } from "vitest";

import type { PsaContract } from "~/server/psa/types";

import { contractPickNote, pickContract } from "./contract-pick";

const contract = (id: string, over: Partial<PsaContract> = {}): PsaContract => ({
  id,
  companyId: "10",
  name: `Contract ${id}`,
  kind: "recurring_service",
  typeLabel: "Recurring Service",
  status: "active",
  ...over,
});

describe("the contract filled in when a suggestion is accepted", () => {
  it("takes the company's single active recurring contract, ignoring others and other companies'", () => {
    const pick = pickContract(
      [
        contract("1"),
        contract("2", { kind: "other", typeLabel: "Time and Materials" }),
        contract("3", { status: "expired" }),
        contract("4", { companyId: "11" }),
      ],
      "10",
    );
    expect(pick).toEqual({ kind: "picked", contract: expect.objectContaining({ id: "1" }) });
    expect(contractPickNote(pick, "contract")).toBeNull();
  });

  it("takes a ConnectWise agreement the same way", () => {
    expect(pickContract([contract("7", { kind: "agreement" })], "10")).toMatchObject({ kind: "picked", contract: { id: "7" } });
  });

  it("leaves it empty and says why with several or none", () => {
    const several = pickContract([contract("1"), contract("2", { kind: "agreement" })], "10");
    expect(several).toEqual({ kind: "several", count: 2 });
    expect(contractPickNote(several, "agreement")).toBe("2 active recurring agreements: choose one, or billing skips this customer.");
    const none = pickContract([contract("2", { kind: "other" })], "10");
    expect(none).toEqual({ kind: "none" });
    expect(contractPickNote(none, "contract")).toMatch(/^No active recurring contract: billing skips this customer/);
  });
});
