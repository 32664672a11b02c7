import { describe, expect, it } from "vitest";

import { AppError } from "~/server/errors/app-error";

import { formatPath, parseBatch } from "./batch";
import { accountSchema, customerSchema, eventSchema, MAX_BATCH, usageSchema } from "./schemas";

const validEvent = {
  id: "evt-1",
  accountNumber: "A-1",
  type: "backup.job",
  severity: "error",
  occurredAt: "2026-03-01T10:15:00+01:00",
  message: "Backup failed",
  details: { job: "nightly", errors: 3 },
};

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}
const issuesOf = (err: AppError) => (err.details as { issues: { path: string; message: string }[] }).issues;

describe("formatPath", () => {
  it("renders array indexes in brackets and the body itself as `body`", () => {
    expect(formatPath(["events", 2, "severity"])).toBe("events[2].severity");
    expect(formatPath(["details"])).toBe("details");
    expect(formatPath([])).toBe("body");
  });
});

describe("parseBatch", () => {
  it("accepts one object or a batch and names fields the way they were sent", () => {
    const single = parseBatch(validEvent, "events", "event", eventSchema);
    expect(single.items).toHaveLength(1);
    expect(single.pathOf(0, "accountNumber")).toBe("accountNumber");
    const batch = parseBatch({ events: [validEvent, { ...validEvent, id: "evt-2" }] }, "events", "event", eventSchema);
    expect(batch.items.map((e) => e.id)).toEqual(["evt-1", "evt-2"]);
    expect(batch.pathOf(1, "accountNumber")).toBe("events[1].accountNumber");
  });

  it("lists every failing field of every item, not only the first", () => {
    const err = caught(() =>
      parseBatch(
        {
          events: [
            validEvent,
            { ...validEvent, severity: "fatal", occurredAt: "2026-03-01T10:15:00" },
            { ...validEvent, id: "", type: "Backup Failed" },
            { accountNumber: "A-1" },
          ],
        },
        "events",
        "event",
        eventSchema,
      ),
    );
    expect(err.code).toBe("BAD_REQUEST");
    const paths = issuesOf(err).map((i) => i.path);
    expect(paths).toEqual([
      "events[1].severity",
      "events[1].occurredAt",
      "events[2].id",
      "events[2].type",
      "events[3].id",
      "events[3].type",
      "events[3].severity",
      "events[3].occurredAt",
    ]);
    expect(issuesOf(err).find((i) => i.path === "events[3].id")!.message).toMatch(/^Required/);
    expect(issuesOf(err).find((i) => i.path === "events[1].severity")!.message).toContain("ok, warning, error");
    expect(err.message).toContain("8 fields are invalid");
  });

  it("uses bare field names for a single object", () => {
    const err = caught(() => parseBatch({ ...validEvent, severity: 3 }, "events", "event", eventSchema));
    expect(issuesOf(err)).toEqual([{ path: "severity", message: expect.stringContaining("ok, warning, error") }]);
  });

  it("rejects details over 16 KB, non-object details and long messages", () => {
    const big = { blob: "x".repeat(16 * 1024) };
    const err = caught(() =>
      parseBatch(
        { events: [{ ...validEvent, details: big }, { ...validEvent, details: [1, 2] }, { ...validEvent, message: "m".repeat(2001) }] },
        "events",
        "event",
        eventSchema,
      ),
    );
    expect(issuesOf(err).map((i) => i.path)).toEqual(["events[0].details", "events[1].details", "events[2].message"]);
    expect(issuesOf(err)[0]!.message).toContain("16 KB");
  });

  it("refuses text PostgreSQL cannot store (NUL, unpaired surrogates) but keeps emoji", () => {
    const err = caught(() =>
      parseBatch(
        {
          events: [
            { ...validEvent, message: "bad\u0000byte" },
            { ...validEvent, id: "half-\ud83d" },
            { ...validEvent, details: { nested: { list: ["ok", "x\u0000"] } } },
            { ...validEvent, message: "Backup ok 👍", details: { "naïve key": "✓" } },
          ],
        },
        "events",
        "event",
        eventSchema,
      ),
    );
    expect(issuesOf(err).map((i) => i.path)).toEqual(["events[0].message", "events[1].id", "events[2].details"]);
    expect(issuesOf(err)[0]!.message).toContain("NUL");
  });

  it("answers 413 over the batch limit before validating items", () => {
    const events = Array.from({ length: MAX_BATCH + 1 }, () => ({}));
    const err = caught(() => parseBatch({ events }, "events", "event", eventSchema));
    expect(err.code).toBe("PAYLOAD_TOO_LARGE");
    expect(err.message).toContain(String(MAX_BATCH + 1));
    expect(parseBatch({ events: Array.from({ length: MAX_BATCH }, (_, i) => ({ ...validEvent, id: `e${i}` })) }, "events", "event", eventSchema).items).toHaveLength(MAX_BATCH);
  });

  it("rejects bodies that are not an object or a batch that is not an array", () => {
    expect(issuesOf(caught(() => parseBatch([validEvent], "events", "event", eventSchema)))).toEqual([
      { path: "body", message: "Expected a JSON object, got an array." },
    ]);
    expect(issuesOf(caught(() => parseBatch({ events: validEvent }, "events", "event", eventSchema)))[0]!.path).toBe("events");
  });
});

describe("schemas", () => {
  it("normalises customers and checks domains", () => {
    expect(customerSchema.parse({ id: "C1", name: "  Acme  ", domain: "Acme.Example" })).toEqual({
      id: "C1",
      name: "Acme",
      domain: "acme.example",
    });
    const r = customerSchema.safeParse({ id: "x".repeat(65), name: "", domain: "not a domain" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["id", "name", "domain"]);
  });

  it("checks account kinds", () => {
    const r = accountSchema.safeParse({ accountNumber: "A", customerId: "C", kind: "laptop" });
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["kind", "Must be one of server, workstation, mailbox_set, appliance."],
    ]);
  });

  it("accepts Z and numeric offsets and rejects local times for occurredAt", () => {
    for (const ok of ["2026-03-01T10:15:00Z", "2026-03-01T10:15:00.123+05:30"]) {
      expect(eventSchema.safeParse({ ...validEvent, occurredAt: ok }).success).toBe(true);
    }
    for (const bad of ["2026-03-01T10:15:00", "2026-03-01", "yesterday", "2026-02-30T10:00:00Z"]) {
      expect(eventSchema.safeParse({ ...validEvent, occurredAt: bad }).success).toBe(false);
    }
  });

  it("checks usage item codes against the given list and names the valid codes", () => {
    const schema = usageSchema(["gb", "servers"]);
    const r = schema.safeParse({ customerId: "C", item: "mailboxes", quantity: -1, period: "2026-13-01" });
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["item", "quantity", "period"]);
    expect(r.error!.issues[0]!.message).toBe('Unknown billable item "mailboxes". Valid codes: gb, servers.');
    expect(schema.parse({ customerId: "C", item: "gb", quantity: 12.5, period: "2026-03-01" })).toMatchObject({ quantity: 12.5 });
  });
});
