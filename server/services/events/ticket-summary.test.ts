import { describe, expect, it } from "vitest";

import { type AttemptRow, summarizeByEvent, summarizeEventTickets } from "./ticket-summary";

const row = (over: Partial<AttemptRow>): AttemptRow => ({
  eventId: 1,
  action: "ticket",
  attempt: 1,
  detail: null,
  psaTicketId: null,
  psaTicketNumber: null,
  ...over,
});

describe("summarizeEventTickets", () => {
  it("is empty without attempts", () => {
    expect(summarizeEventTickets([])).toEqual({ latestAttempt: null, latestDetails: [], tickets: [] });
  });

  it("shows the latest attempt's ticket", () => {
    const s = summarizeEventTickets([
      row({ attempt: 1, detail: "opened", psaTicketNumber: "T1", psaTicketId: "1" }),
      row({ attempt: 2, detail: "noted", psaTicketNumber: "T2", psaTicketId: "2" }),
    ]);
    expect(s).toEqual({ latestAttempt: 2, latestDetails: ["noted"], tickets: [{ number: "T2", psaTicketId: "2", attempt: 2, earlier: false }] });
  });

  it("keeps an earlier attempt's ticket visible when the latest recorded none", () => {
    const s = summarizeEventTickets([
      row({ attempt: 1, detail: "completed", psaTicketNumber: "T20261202.0001", psaTicketId: "9" }),
      row({ attempt: 2, detail: "skipped: nothing to close" }),
      row({ attempt: 3, detail: "skipped: nothing to close" }),
    ]);
    expect(s.latestAttempt).toBe(3);
    expect(s.latestDetails).toEqual(["skipped: nothing to close"]);
    expect(s.tickets).toEqual([{ number: "T20261202.0001", psaTicketId: "9", attempt: 1, earlier: true }]);
  });

  it("takes the most recent earlier attempt with a ticket, once per number", () => {
    const s = summarizeEventTickets([
      row({ attempt: 1, psaTicketNumber: "T1" }),
      row({ attempt: 2, psaTicketNumber: "T2" }),
      row({ attempt: 2, action: "digest", psaTicketNumber: "T2" }),
      row({ attempt: 3, action: "billing", detail: "synchronized" }),
    ]);
    expect(s.tickets.map((t) => [t.number, t.attempt, t.earlier])).toEqual([["T2", 2, true]]);
  });

  it("groups many events", () => {
    const map = summarizeByEvent([row({ eventId: 1, psaTicketNumber: "A" }), row({ eventId: 2, psaTicketNumber: "B" })]);
    expect(map.get(1)?.tickets[0]?.number).toBe("A");
    expect(map.get(2)?.tickets[0]?.number).toBe("B");
  });
});
