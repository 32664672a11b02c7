import { describe, expect, it } from "vitest";

import { detailHash } from "./correlation";
import { SKIP } from "./lifecycle";
import { keyOf, type TriageEvent, type TriageInput, triageTicketEvents } from "./triage";

const rule = { id: "r1", action: "ticket" as const, includeOk: false, allTypes: true, eventTypes: [], severities: ["warning" as const, "error" as const], enabled: true };
let nextId = 1;
const ev = (severity: TriageEvent["severity"], account = "a1", message = "m"): TriageEvent => ({
  id: nextId++,
  customerId: "c1",
  accountId: account,
  type: "backup",
  severity,
  message,
  details: {},
});
const base = (events: TriageEvent[], extra: Partial<TriageInput<typeof rule>> = {}): TriageInput<typeof rule> => ({
  partnerId: "p1",
  events,
  queueId: "q",
  rules: [rule],
  mappedCustomerIds: new Set(["c1"]),
  conditions: new Map(),
  busyKeys: new Map(),
  ...extra,
});

describe("triageTicketEvents", () => {
  it("decides the condition-independent skips in the lifecycle's order of checks", () => {
    const e = ev("error");
    expect(triageTicketEvents(base([e], { queueId: null })).decided[0]).toMatchObject({ detail: SKIP.ticketingOff, ruleId: null });
    expect(triageTicketEvents(base([e], { rules: [{ ...rule, enabled: false }] })).decided[0]).toMatchObject({ detail: SKIP.noRule, ruleId: null });
    expect(triageTicketEvents(base([e], { mappedCustomerIds: new Set() })).decided[0]).toMatchObject({ detail: SKIP.unmapped, ruleId: "r1" });
  });

  it("sends new conditions, changes and closes to the PSA; decides nothing-to-close and identical repeats", () => {
    const repeat = ev("error", "open");
    const change = ev("error", "open", "other");
    const close = ev("ok", "open");
    const nothing = ev("ok", "quiet");
    const fresh = ev("warning", "fresh");
    const conditions = new Map([
      [keyOf("p1", repeat), { state: "open" as const, psaTicketId: "T1", psaTicketNumber: null, lastSeverity: "error" as const, lastDetailHash: detailHash(repeat) }],
    ]);
    const result = triageTicketEvents(base([fresh, nothing], { conditions }));
    expect(result.psa).toEqual([fresh.id]);
    expect(result.decided).toEqual([expect.objectContaining({ eventId: nothing.id, detail: SKIP.nothingToClose, ruleId: "r1" })]);
    const alone = triageTicketEvents(base([repeat], { conditions }));
    expect(alone.decided).toEqual([expect.objectContaining({ eventId: repeat.id, status: "succeeded", detail: "no change", psaTicketId: "T1", psaTicketNumber: "T1" })]);
    // With a change or a close of the same condition in the batch, the repeat waits its turn in the lifecycle.
    expect(triageTicketEvents(base([repeat, change], { conditions })).psa.sort()).toEqual([repeat.id, change.id].sort());
    expect(triageTicketEvents(base([close, repeat], { conditions })).psa.sort()).toEqual([close.id, repeat.id].sort());
  });

  it("leaves condition-dependent decisions to the lifecycle while other events of the condition are on their way", () => {
    const nothing = ev("ok", "quiet");
    const key = keyOf("p1", nothing);
    expect(triageTicketEvents(base([nothing], { busyKeys: new Map([[key, { nonOk: true }]]) })).psa).toEqual([nothing.id]);
    // Only OK events on their way: they cannot open the condition this OK event would close.
    expect(triageTicketEvents(base([nothing], { busyKeys: new Map([[key, { nonOk: false }]]) })).decided).toHaveLength(1);
  });
});
