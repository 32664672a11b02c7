import { describe, expect, it } from "vitest";

import { DEMO_PARTNERS } from "~/db/seed/demo-data";

import { demoBillingScenario, demoFleet, fleetQuantities } from "./demo-billing";

describe("demo billing scenario", () => {
  it("is the same on every call, and a copy each time", () => {
    const a = demoBillingScenario("northwind");
    a.customers[0]!.quantities.tampered = 1;
    expect(demoBillingScenario("northwind")).toEqual(demoBillingScenario("northwind"));
    expect(demoBillingScenario("northwind").customers[0]!.quantities.tampered).toBeUndefined();
  });

  for (const spec of DEMO_PARTNERS) {
    it(`${spec.slug}: every customer of the fleet, distinct customers per story, quantities that really change`, () => {
      const s = demoBillingScenario(spec.slug);
      expect(s.customers).toHaveLength(spec.customers);
      for (const c of s.customers) {
        expect(Object.keys(c.quantities).some((k) => k.startsWith("online_backup_gb_"))).toBe(true);
        for (const q of Object.values(c.quantities)) expect(Number.isInteger(q) && q > 0).toBe(true);
      }
      const names = [s.misconfigured.customer, s.missing.customer, s.orphan.customer, ...s.changes.map((c) => c.customer)];
      expect(new Set(names).size).toBe(names.length);
      expect(names).not.toContain(s.customers[0]!.name);
      const missing = s.customers.find((c) => c.name === s.missing.customer)!;
      expect(missing.quantities[s.missing.itemCode]).toBeGreaterThan(0);
      for (const change of s.changes) {
        const customer = s.customers.find((c) => c.name === change.customer)!;
        expect(customer.quantities[change.itemCode]).toBe(change.psaQuantity);
        expect(change.vendorQuantity).not.toBe(change.psaQuantity);
        expect(change.vendorQuantity).toBeGreaterThanOrEqual(0);
      }
    });
  }

  it("northwind mixes changes under and over its 20% threshold; contoso's customer in another currency uses EUR", () => {
    const pct = (c: { psaQuantity: number; vendorQuantity: number }) => Math.abs(c.vendorQuantity - c.psaQuantity) / c.psaQuantity;
    const northwind = demoBillingScenario("northwind");
    expect(northwind.misconfigured.problem).toBe("time_and_materials");
    expect(northwind.changes.some((c) => pct(c) < 0.2)).toBe(true);
    expect(northwind.changes.some((c) => pct(c) >= 0.2)).toBe(true);
    expect(northwind.changes.some((c) => c.vendorQuantity > c.psaQuantity)).toBe(true);
    expect(northwind.changes.some((c) => c.vendorQuantity < c.psaQuantity)).toBe(true);
    expect(demoBillingScenario("contoso").misconfigured).toMatchObject({ problem: "foreign_currency", currency: "EUR" });
    expect(() => demoBillingScenario("nobody")).toThrow();
  });

  it("counts protected GB rounded up, appliance devices and mailboxes from the fleet", () => {
    const customer = demoFleet("contoso")[0]!;
    const q = fleetQuantities(customer);
    const gb = customer.accounts.filter((a) => a.kind === "server" || a.kind === "workstation").reduce((s, a) => s + a.sizeGb, 0);
    expect(q[`online_backup_gb_${customer.plan}`]).toBe(Math.ceil(gb));
    const mailboxes = customer.accounts.reduce((s, a) => s + a.mailboxes, 0);
    if (mailboxes > 0) expect(q.email_archiving_mailboxes).toBe(mailboxes);
  });
});
