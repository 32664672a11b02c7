import { describe, expect, it } from "vitest";

import { eventSchema, usageSchema } from "~/server/services/ingest/schemas";

import { createEventGenerator, type EventPayload, type SimPartner } from "./event-generator";

const ITEM_CODES = [
  "online_backup_gb_basic",
  "online_backup_gb_standard",
  "online_backup_gb_premium",
  "local_backup_servers",
  "local_backup_non_servers",
  "email_archiving_mailboxes",
  "email_security_mailboxes",
];

function fleet(slug: string, prefix: string): SimPartner {
  const kinds = ["server", "workstation", "mailbox_set", "appliance"] as const;
  return {
    slug,
    accounts: Array.from({ length: 24 }, (_, i) => ({
      accountNumber: `${prefix}-${String(i).padStart(3, "0")}`,
      kind: kinds[i % 4]!,
      name: `${prefix} account ${i}`,
      vendorCustomerId: `${prefix}${Math.floor(i / 6)}`,
      usage: i % 4 < 2 ? { item: "online_backup_gb_standard", quantity: 120.5 } : null,
    })),
  };
}

function run(ticks: number, seed = 7) {
  const generator = createEventGenerator({ partners: [fleet("northwind", "34826"), fleet("contoso", "51204")], seed, runId: "t" });
  const start = Date.parse("2026-03-01T10:00:00Z");
  const batches = Array.from({ length: ticks }, (_, i) => generator.tick(new Date(start + i * 4000)));
  return { generator, batches: batches.flat() };
}

describe("fleet simulator event generator", () => {
  it("produces payloads the ingest API accepts, for both partners, with unique ids", () => {
    const { batches } = run(300);
    const events = batches.flatMap((b) => b.events);
    const usage = batches.flatMap((b) => b.usage);
    for (const e of events) expect(eventSchema.safeParse(e).error).toBeUndefined();
    const usageRow = usageSchema(ITEM_CODES);
    for (const u of usage) expect(usageRow.safeParse(u).error).toBeUndefined();
    expect(usage.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(new Set(batches.filter((b) => b.events.length > 0).map((b) => b.slug))).toEqual(new Set(["northwind", "contoso"]));
    for (const b of batches) expect(b.events.length).toBeLessThanOrEqual(1000);
  });

  it("is mostly OK, and every failure is followed by its recovery (same account and type) or stays open", () => {
    const { generator, batches } = run(1500);
    const events = batches.flatMap((b) => b.events.map((e) => ({ ...e, slug: b.slug })));
    const open = new Map<string, string>();
    const lastFailureAt = new Map<string, number>();
    let failures = 0;
    let recoveries = 0;
    for (const e of events as (EventPayload & { slug: string })[]) {
      const key = `${e.slug}|${e.accountNumber}|${e.type}`;
      const code = e.details.errorCode as string | undefined;
      const recoveredFrom = e.details.recoveredFrom as string | undefined;
      if (e.severity === "ok") {
        // A recovery names the failure it closes; a routine OK never arrives while a failure is open.
        expect(recoveredFrom).toBe(open.get(key));
        if (recoveredFrom) {
          recoveries++;
          // A failure stays visible for a while before it repeats or recovers.
          expect(Date.parse(e.occurredAt) - lastFailureAt.get(key)!).toBeGreaterThanOrEqual(30_000);
        }
        open.delete(key);
      } else {
        expect(code).toBeTruthy();
        if (open.has(key)) {
          expect(code).toBe(open.get(key));
          expect(Date.parse(e.occurredAt) - lastFailureAt.get(key)!).toBeGreaterThanOrEqual(30_000);
        } else failures++;
        open.set(key, code!);
        lastFailureAt.set(key, Date.parse(e.occurredAt));
      }
    }
    expect(failures).toBeGreaterThan(20);
    expect(recoveries).toBeGreaterThan(failures * 0.8);
    expect(open.size).toBe(generator.openConditions());
    expect(open.size).toBeLessThanOrEqual(12);
    const ok = events.filter((e) => e.severity === "ok").length;
    expect(ok / events.length).toBeGreaterThan(0.6);
  });

  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const strip = (seed: number) => run(50, seed).batches.flatMap((b) => b.events.map((e) => `${e.accountNumber}:${e.type}:${e.severity}`));
    expect(strip(3)).toEqual(strip(3));
    expect(strip(3)).not.toEqual(strip(4));
  });

  it("refuses to run without accounts", () => {
    expect(() => createEventGenerator({ partners: [{ slug: "x", accounts: [] }], seed: 1, runId: "t" })).toThrow(/at least one partner/);
  });
});
