import { describe, expect, it } from "vitest";

import { AppError } from "~/server/errors/app-error";

import { errorKindOf } from "~/server/errors/error-kind";

import { apiKeyOf, errorResponse, readJsonBody, requestIdOf } from "./http";

const req = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://localhost/api/v1/events", { method: "POST", body, headers });

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

describe("apiKeyOf", () => {
  it("reads a Bearer token or X-Api-Key", () => {
    const get = (h: Record<string, string>) => apiKeyOf(new Request("http://localhost/", { headers: h }));
    expect(get({ authorization: "Bearer psar_abc" })).toBe("psar_abc");
    expect(get({ authorization: "bearer   psar_abc " })).toBe("psar_abc");
    expect(get({ "x-api-key": "psar_xyz" })).toBe("psar_xyz");
    expect(get({ authorization: "Basic dXNlcjpwdw==" })).toBeNull();
    expect(get({})).toBeNull();
  });
});

describe("readJsonBody", () => {
  it("parses JSON with a JSON content type", async () => {
    expect(await readJsonBody(req('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody(req('{"a":1}', { "content-type": "application/json; charset=utf-8" }))).toEqual({ a: 1 });
  });

  it("rejects other content types, empty bodies and invalid JSON with a sentence saying what to send", async () => {
    const wrongType = await failure(readJsonBody(req("a=1", { "content-type": "application/x-www-form-urlencoded" })));
    expect(wrongType.code).toBe("BAD_REQUEST");
    expect(wrongType.message).toContain("Content-Type: application/json");
    expect((await failure(readJsonBody(req("")))).message).toContain("empty");
    const invalid = await failure(readJsonBody(req("{not json")));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(invalid.message).toContain("not valid JSON");
  });

  it("answers 413 for bodies over the cap, declared or streamed", async () => {
    const big = JSON.stringify({ x: "y".repeat(2000) });
    expect((await failure(readJsonBody(req(big), 1000))).code).toBe("PAYLOAD_TOO_LARGE");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode("x".repeat(400)));
        controller.close();
      },
    });
    const streamed = new Request("http://localhost/", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect((await failure(readJsonBody(streamed, 1000))).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("errorResponse", () => {
  it("maps AppError codes to status and API codes, with issues", async () => {
    const res = errorResponse(new AppError("BAD_REQUEST", "bad", { issues: [{ path: "events[0].id", message: "Required." }] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_request", message: "bad", issues: [{ path: "events[0].id", message: "Required." }] },
    });
    const unauthorized = errorResponse(new AppError("UNAUTHORIZED", "no key"));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("www-authenticate")).toContain("Bearer");
    expect(errorResponse(new AppError("UNPROCESSABLE", "x")).status).toBe(422);
    expect(errorResponse(new AppError("PAYLOAD_TOO_LARGE", "x")).status).toBe(413);
  });

  it("hides unexpected errors behind a 500 that says retrying is safe", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const res = errorResponse(new Error("connection reset"));
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("internal_error");
      expect(body.error.message).not.toContain("connection reset");
    } finally {
      console.error = original;
    }
  });
});

describe("failure logging", () => {
  /** What drizzle throws when a statement fails: its message carries the statement's parameters. */
  const failedQuery = (pgCode: string) => {
    const cause = Object.assign(new Error("value out of range"), { name: "PostgresError", code: pgCode });
    return Object.assign(new Error('Failed query: insert into events ...\nparams: [{"m":"Backup of CEO laptop failed","d":{"ssn":"123"}}]'), {
      name: "DrizzleQueryError",
      cause,
    });
  };

  it("names an error by its names and codes, never its message", () => {
    expect(errorKindOf(failedQuery("08006"))).toBe("DrizzleQueryError < PostgresError(08006)");
    expect(errorKindOf("boom")).toBe("string");
    expect(errorKindOf(Object.assign(new Error("x"), { name: "Bad name with spaces", code: "has spaces" }))).toBe("Error");
  });

  it("logs a failed request's kind, partner and request id, but none of its payload", async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    try {
      const res = errorResponse(failedQuery("08006"), { requestId: "req-12345678", partnerId: "partner-1", route: "POST /api/v1/events" });
      expect(res.status).toBe(500);
      expect(res.headers.get("x-request-id")).toBe("req-12345678");
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("req-12345678");
    } finally {
      console.error = original;
    }
    expect(lines).toEqual([
      "[ingest] request failed: kind=DrizzleQueryError < PostgresError(08006) partner=partner-1 request=req-12345678 route=POST /api/v1/events",
    ]);
    expect(lines.join("\n")).not.toMatch(/CEO|ssn|params|Failed query/);
  });

  it("answers a value the database refuses (a data exception) with a 400, since retrying cannot help", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const res = errorResponse(failedQuery("22008"), { requestId: "req-12345678" });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.issues.map((i) => i.path)).toEqual(["body"]);
    } finally {
      console.error = original;
    }
  });

  it("reuses a sane X-Request-Id from the caller and makes one otherwise", () => {
    const withId = (id?: string) => requestIdOf(new Request("http://localhost/", { headers: id ? { "x-request-id": id } : {} }));
    expect(withId("proxy-abc-123456")).toBe("proxy-abc-123456");
    expect(withId("<script>")).toMatch(/^[0-9a-f-]{36}$/);
    expect(withId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
