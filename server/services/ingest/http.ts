import { randomUUID } from "node:crypto";

import { type Db, getDb } from "~/db";
import { AppError, type AppErrorCode, httpStatusOf } from "~/server/errors/app-error";
import { errorKindOf } from "~/server/errors/error-kind";
import { authenticateApiKey } from "~/server/services/api-keys/service";

import { type Issue, invalidRequest } from "./batch";
import { pgErrorCode } from "./retry";
import { MAX_BODY_BYTES } from "./schemas";

/**
 * The HTTP edge of the ingest API: API-key authentication, body reading, and the one mapping
 * of AppError to `{error: {code, message, issues?}}` with the matching status. Route handlers
 * under app/api/v1 use only standard Request/Response through `ingestRoute`.
 */
const apiCodeOf: Record<AppErrorCode, string> = {
  BAD_REQUEST: "invalid_request",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  TOO_MANY_REQUESTS: "rate_limited",
  PAYLOAD_TOO_LARGE: "payload_too_large",
  UNPROCESSABLE: "unprocessable",
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Who and what a failure log line names: never the body (customer data), never an error message. */
export type RequestContext = { requestId?: string; partnerId?: string; route?: string };

function logFailure(what: string, err: unknown, ctx: RequestContext) {
  console.error(
    `[ingest] ${what}: kind=${errorKindOf(err)} partner=${ctx.partnerId ?? "-"} request=${ctx.requestId ?? "-"}${ctx.route ? ` route=${ctx.route}` : ""}`,
  );
}

/**
 * PostgreSQL refused a value (class 22, data exception: out of range, bad encoding, ...) or its
 * shape (class 54, e.g. nested too deep). Validation should have caught it first; if it did not,
 * the same request can never succeed, so it is a 400 rather than a 500 that invites retries.
 */
function isUnstorableValue(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code !== undefined && (code.startsWith("22") || code.startsWith("54"));
}

export function errorResponse(err: unknown, ctx: RequestContext = {}): Response {
  const requestHeaders: Record<string, string> = ctx.requestId ? { "x-request-id": ctx.requestId } : {};
  if (!(err instanceof AppError) && isUnstorableValue(err)) {
    logFailure("a value passed validation but the database refused it", err, ctx);
    return errorResponse(
      invalidRequest("A value in this request cannot be stored; nothing was stored. Retrying the same request will not help.", [
        {
          path: "body",
          message:
            "A value is outside what can be stored (e.g. an extreme date or number, or text that is not valid Unicode). Fix or drop the unusual item and send the rest.",
        },
      ]),
      ctx,
    );
  }
  if (err instanceof AppError) {
    const issues = (err.details as { issues?: Issue[] } | undefined)?.issues;
    const headers: Record<string, string> = err.code === "UNAUTHORIZED" ? { "www-authenticate": 'Bearer realm="psa-relay"' } : {};
    return json(
      httpStatusOf[err.code],
      { error: { code: apiCodeOf[err.code], message: err.message, ...(issues ? { issues } : {}) } },
      { ...headers, ...requestHeaders },
    );
  }
  logFailure("request failed", err, ctx);
  return json(
    500,
    {
      error: {
        code: "internal_error",
        message:
          "The request failed on our side and nothing of it was acknowledged. Retry it; retries are safe." +
          (ctx.requestId ? ` If it keeps failing, quote request id ${ctx.requestId}.` : ""),
      },
    },
    requestHeaders,
  );
}

const REQUEST_ID_RE = /^[\w.:-]{8,128}$/;

/** The caller's `X-Request-Id` when it is a plain token (e.g. set by a proxy), else a new one. */
export function requestIdOf(req: Request): string {
  const sent = req.headers.get("x-request-id")?.trim();
  return sent && REQUEST_ID_RE.test(sent) ? sent : randomUUID();
}

/** The raw key from `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function apiKeyOf(req: Request): string | null {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  return req.headers.get("x-api-key")?.trim() || null;
}

export async function authenticateRequest(db: Db, req: Request): Promise<{ partnerId: string; apiKeyId: string }> {
  const key = apiKeyOf(req);
  if (!key) {
    throw new AppError("UNAUTHORIZED", 'Send your API key in the header "Authorization: Bearer <key>" (or "X-Api-Key: <key>").');
  }
  const auth = await authenticateApiKey(db, key);
  if (!auth) {
    throw new AppError(
      "UNAUTHORIZED",
      "This API key is not valid or has been revoked. Create a new key in the portal (API keys) and use it.",
    );
  }
  return auth;
}

const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", `The body exceeds ${MAX_BODY_BYTES / (1024 * 1024)} MB. Send smaller batches.`);

/** Reads and parses a JSON body of at most `maxBytes`, with errors that say what to send. */
export async function readJsonBody(req: Request, maxBytes: number = MAX_BODY_BYTES): Promise<unknown> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
    const message = `Send a JSON body with "Content-Type: application/json" (got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : "no Content-Type"}).`;
    throw invalidRequest(message, [{ path: "headers.content-type", message: "Must be application/json." }]);
  }
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  let text: string;
  const badBody = (message: string, issue: string) => invalidRequest(message, [{ path: "body", message: issue }]);
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badBody("The body is not valid UTF-8 text. Send JSON encoded as UTF-8.", "Must be UTF-8 text.");
  }
  if (text.trim() === "") throw badBody("The request body is empty. Send a JSON object.", "Must not be empty.");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // V8's messages quote at most a few characters around the position, never the whole body.
    const reason = err instanceof Error ? err.message.slice(0, 200) : "parse error";
    throw badBody(`The body is not valid JSON (${reason}).`, "Must be valid JSON.");
  }
}

/**
 * Wraps an ingest handler: authenticates the key, reads the JSON body, runs the service with
 * the key's partner (never a partner id from the request) and maps errors in one place.
 */
export function ingestRoute(run: (ctx: { db: Db; partnerId: string; body: unknown }) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const ctx: RequestContext = { requestId: requestIdOf(req), route: `${req.method} ${new URL(req.url).pathname}` };
    try {
      const db = await getDb();
      ctx.partnerId = (await authenticateRequest(db, req)).partnerId;
      const body = await readJsonBody(req);
      const res = await run({ db, partnerId: ctx.partnerId, body });
      res.headers.set("x-request-id", ctx.requestId!);
      return res;
    } catch (err) {
      return errorResponse(err, ctx);
    }
  };
}
