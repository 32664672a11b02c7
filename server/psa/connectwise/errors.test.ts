import { describe, expect, it } from "vitest";

import { PsaError } from "../errors";
import { areaOf, errorForStatus, isCodebaseMiss, readErrorBody } from "./errors";

const ctx = { operation: "Tickets.create", apiPath: "/service/tickets" };
const body = (o: unknown) => JSON.stringify(o);

describe("ConnectWise errors → PsaError", () => {
  it("400 InvalidObject is invalid with the PSA's message and every errors[].message", () => {
    const err = errorForStatus(
      400,
      body({
        code: "InvalidObject",
        message: "ticket object is invalid",
        errors: [
          { code: "MissingRequiredField", message: "The summary field is required.", resource: "ticket", field: "summary" },
          { code: "InvalidField", message: "The status is not valid for the board 'Alerts'.", resource: "ticket", field: "status" },
        ],
      }),
      new Headers(),
      ctx,
    );
    expect(err.kind).toBe("invalid");
    expect(err.retryable).toBe(false);
    expect(err.psaMessage).toBe("ticket object is invalid — The summary field is required. — The status is not valid for the board 'Alerts'.");
    expect(err.message).toContain("The summary field is required.");
  });

  it("409 conflict is invalid; 401 is auth (keys, or the client id when ConnectWise says so); 403 names the area", () => {
    expect(errorForStatus(409, body({ code: "Conflict", message: "Record in use" }), new Headers(), ctx).kind).toBe("invalid");
    const keys = errorForStatus(401, body({ code: "Unauthorized", message: "Authorization has been denied for this request." }), new Headers(), ctx);
    expect(keys).toMatchObject({ kind: "auth", message: "The API keys were rejected: check the public and private key" });
    const client = errorForStatus(401, body({ code: "Unauthorized", message: "A clientId header is required." }), new Headers(), ctx);
    expect(client.message).toBe("The client id was rejected: check the client id");
    const forbidden = errorForStatus(403, body({ code: "Forbidden", message: "no" }), new Headers(), { operation: "Companies.list", apiPath: "/company/companies" });
    expect(forbidden).toMatchObject({ kind: "forbidden", message: "This API member has no access to Companies (check its security role)" });
  });

  it("429 is throttled with the numeric Retry-After; 5xx is unavailable and retryable", () => {
    const throttled = errorForStatus(429, "", new Headers({ "retry-after": "7" }), ctx);
    expect(throttled).toMatchObject({ kind: "throttled", retryAfterMs: 7000 });
    expect(throttled.retryable).toBe(true);
    const down = errorForStatus(503, "<html>Service Unavailable</html>", new Headers(), ctx);
    expect(down.kind).toBe("unavailable");
    expect(down.retryable).toBe(true);
  });

  it("tells ConnectWise's record-not-found apart from a 404 page (codebase moved)", () => {
    const record = errorForStatus(404, body({ code: "NotFound", message: "Ticket with id 5 not found" }), new Headers(), ctx);
    expect(record.kind).toBe("not_found");
    expect(isCodebaseMiss(record)).toBe(false);
    const page = errorForStatus(404, "<html><body>Not Found</body></html>", new Headers(), ctx);
    expect(page.kind).toBe("not_found");
    expect(isCodebaseMiss(page)).toBe(true);
    expect(isCodebaseMiss(new PsaError({ kind: "invalid", provider: "connectwise", message: "x" }))).toBe(false);
  });

  it("reads only real ConnectWise error bodies and names areas by path", () => {
    expect(readErrorBody("not json")).toBeNull();
    expect(readErrorBody(body({ foo: 1 }))).toBeNull();
    expect(readErrorBody(body({ code: "X", message: "m", errors: [{ message: "a" }] }))).toEqual({ code: "X", message: "m", messages: ["a"] });
    expect(areaOf("/finance/agreements/5/additions")).toBe("Agreements");
    expect(areaOf("/procurement/catalog")).toBe("the Product Catalog");
  });
});
