import { describe, expect, it } from "vitest";

import { autotaskErrorText, errorFromResponse } from "./http-errors";

const map = (status: number, body: unknown, headers: Record<string, string> = {}) => errorFromResponse(status, new Headers(headers), body, "Tickets.create");

describe("Autotask error mapping", () => {
  it("maps 401 to auth, 403 to forbidden and 404 to not_found", () => {
    expect(map(401, { Message: "Authorization has been denied for this request." })).toMatchObject({ kind: "auth", status: 401 });
    expect(map(403, { errors: ["No access"] })).toMatchObject({ kind: "forbidden", psaMessage: "No access" });
    expect(map(404, undefined)).toMatchObject({ kind: "not_found" });
  });

  it("maps a 500 with an errors array to invalid, keeping Autotask's own text", () => {
    const err = map(500, { errors: ["When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID."] });
    expect(err.kind).toBe("invalid");
    expect(err.retryable).toBe(false);
    expect(err.psaMessage).toMatch(/assignedResourceRoleID/);
    expect(err.message).toMatch(/^Autotask refused Tickets\.create\. Autotask said: When assigning/);
  });

  it("maps the thread threshold and the hourly request threshold to throttled even as HTTP 500", () => {
    expect(map(500, { errors: ["Itgenatr005: Thread Threshold Exceeded."] })).toMatchObject({ kind: "throttled", status: 500, retryAfterMs: 1000 });
    expect(map(500, { errors: ["thread threshold exceeded for this endpoint"] }).kind).toBe("throttled");
    expect(map(500, { errors: ["The request threshold of 10000 requests per hour has been exceeded."] }).kind).toBe("throttled");
  });

  it("maps 429 to throttled with Retry-After in seconds or as a date", () => {
    expect(map(429, { errors: ["slow down"] }, { "Retry-After": "7" })).toMatchObject({ kind: "throttled", retryAfterMs: 7000 });
    const at = new Date(Date.now() + 30_000).toUTCString();
    const err = map(429, undefined, { "Retry-After": at });
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("maps permission texts in a 500 to forbidden", () => {
    expect(map(500, { errors: ["The logged in Resource does not have the adequate permissions to create this entity."] }).kind).toBe("forbidden");
  });

  it("maps 500 without an errors array, and other 5xx, to unavailable", () => {
    expect(map(500, { Message: "An error has occurred." })).toMatchObject({ kind: "unavailable", psaMessage: "An error has occurred." });
    expect(map(502, undefined).kind).toBe("unavailable");
    expect(map(503, "<html>down</html>", { "Retry-After": "2" })).toMatchObject({ kind: "unavailable", retryAfterMs: 2000 });
  });

  it("maps 400 and 405 to invalid", () => {
    expect(map(400, { errors: ["'foo' is not a field of Tickets."] })).toMatchObject({ kind: "invalid", psaMessage: "'foo' is not a field of Tickets." });
    expect(map(405, { Message: "The requested resource does not support http method 'POST'." }).kind).toBe("invalid");
  });

  it("reads error texts given as strings or objects", () => {
    expect(autotaskErrorText({ errors: ["a", { message: "b" }, ""] })).toBe("a b");
    expect(autotaskErrorText({ message: "lower" })).toBe("lower");
    expect(autotaskErrorText("not json")).toBeUndefined();
  });
});
