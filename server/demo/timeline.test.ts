import { describe, expect, it } from "vitest";

import { CUSTOMER_NAMES, DEMO_PARTNERS } from "~/db/seed/demo-data";
import { buildFleet } from "~/db/seed/demo-fleet";

import { createRng } from "./prng";
import { buildTimeline } from "./timeline";

const end = new Date("2026-03-08T12:00:00Z");
const start = new Date(end.getTime() - 7 * 86_400_000);

function northwind(seed = DEMO_PARTNERS[0]!.seed) {
  const spec = DEMO_PARTNERS[0]!;
  const rng = createRng(seed);
  const fleet = buildFleet(rng, spec, CUSTOMER_NAMES);
  const accounts = fleet.flatMap((c) => c.accounts);
  return { fleet, accounts, ...buildTimeline(rng, accounts, start, end) };
}

describe("demo fleet and week of events", () => {
  it("builds the configured number of customers and accounts with unique ids and every kind", () => {
    const { fleet, accounts } = northwind();
    expect(fleet).toHaveLength(50);
    expect(accounts).toHaveLength(500);
    expect(new Set(fleet.map((c) => c.vendorCustomerId)).size).toBe(50);
    expect(new Set(accounts.map((a) => a.accountNumber)).size).toBe(500);
    expect(new Set(accounts.map((a) => a.kind))).toEqual(new Set(["server", "workstation", "mailbox_set", "appliance"]));
    for (const c of fleet) expect(c.vendorCustomerId).toMatch(/^\d{5}$/);
  });

  it("orders about 10k events in time inside the week, mostly OK", () => {
    const { events } = northwind();
    expect(events.length).toBeGreaterThan(8_000);
    expect(events.length).toBeLessThan(14_000);
    for (let i = 1; i < events.length; i++) expect(events[i]!.occurredAt >= events[i - 1]!.occurredAt).toBe(true);
    expect(events[0]!.occurredAt >= start).toBe(true);
    expect(events[events.length - 1]!.occurredAt < end).toBe(true);
    const failing = events.filter((e) => e.severity !== "ok").length;
    expect(failing / events.length).toBeGreaterThan(0.02);
    expect(failing / events.length).toBeLessThan(0.15);
  });

  it("closes failures with a recovery of the same account and type, and reports the ones still open", () => {
    const { events, open } = northwind();
    const state = new Map<string, string>();
    let recoveries = 0;
    for (const e of events) {
      const key = `${e.account}:${e.type}`;
      if (e.severity === "ok") {
        expect(e.details.recoveredFrom).toBe(state.get(key));
        if (e.details.recoveredFrom) recoveries++;
        state.delete(key);
      } else {
        if (state.has(key)) expect(e.details.errorCode).toBe(state.get(key));
        state.set(key, e.details.errorCode as string);
      }
    }
    expect(recoveries).toBeGreaterThan(50);
    expect(new Set(state.keys())).toEqual(new Set(open.keys()));
    expect(open.size).toBeGreaterThan(0);
  });

  it("is deterministic for a seed", () => {
    const a = northwind();
    const b = northwind();
    expect(b.fleet).toEqual(a.fleet);
    expect(b.events.map((e) => [e.account, e.type, e.severity, e.occurredAt.getTime(), e.message])).toEqual(
      a.events.map((e) => [e.account, e.type, e.severity, e.occurredAt.getTime(), e.message]),
    );
    expect(northwind(1).fleet).not.toEqual(a.fleet);
  });
});
