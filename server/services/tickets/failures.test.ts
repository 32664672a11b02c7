import { describe, expect, it } from "vitest";

import { PsaError } from "~/server/psa/errors";

import { describeFailure } from "./failures";

const psa = (kind: PsaError["kind"], extra: Partial<ConstructorParameters<typeof PsaError>[0]> = {}) =>
  new PsaError({ kind, provider: "autotask", message: `Autotask said no (${kind}).`, ...extra });

describe("describeFailure", () => {
  it("retries throttled and unavailable, with the PSA's delay", () => {
    expect(describeFailure(psa("throttled", { retryAfterMs: 3000 }))).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(describeFailure(psa("unavailable"))).toMatchObject({ retryable: true });
  });

  it("fails auth, forbidden, invalid and not_found with the PSA's own words and a fix", () => {
    const auth = describeFailure(psa("auth"));
    expect(auth).toMatchObject({ retryable: false });
    expect(auth.hint).toMatch(/credentials on Integration Setup/);
    const invalid = describeFailure(psa("invalid", { psaMessage: "Queue 29683354 is inactive." }));
    expect(invalid.retryable).toBe(false);
    expect(invalid.message).toContain("The PSA said: Queue 29683354 is inactive.");
    expect(invalid.hint).toMatch(/ticket settings/);
    expect(describeFailure(psa("forbidden")).hint).toMatch(/permission/);
    expect(describeFailure(psa("not_found")).retryable).toBe(false);
  });

  it("keeps the connector's own hint when it has one", () => {
    expect(describeFailure(psa("auth", { hint: "Check the API username." })).hint).toBe("Check the API username.");
  });

  it("treats an unexpected error as retryable", () => {
    expect(describeFailure(new Error("connection reset"))).toMatchObject({ retryable: true, message: "Ticket processing failed on PSA Relay's side (Error)." });
    // A failed query's text (SQL and parameters: customer data) never reaches the partner.
    const query = Object.assign(new Error('Failed query: select * from customers where name = $1\nparams: Acme Secret Corp'), {
      name: "DrizzleQueryError",
      cause: Object.assign(new Error("relation missing"), { name: "PostgresError", code: "42P01" }),
    });
    const view = describeFailure(query);
    expect(view.message).toBe("Ticket processing failed on PSA Relay's side (DrizzleQueryError < PostgresError(42P01)).");
    expect(view.message).not.toMatch(/select|Acme/);
  });
});
