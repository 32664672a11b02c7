import { type Db, getDb } from "~/db";
import { AppError, type AppErrorCode, httpStatusOf } from "~/server/errors/app-error";
import { authenticateApiKey } from "~/server/services/api-keys/service";

import type { Issue } from "./batch";
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

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const issues = (err.details as { issues?: Issue[] } | undefined)?.issues;
    const headers: Record<string, string> = err.code === "UNAUTHORIZED" ? { "www-authenticate": 'Bearer realm="psa-relay"' } : {};
    return json(
      httpStatusOf[err.code],
      { error: { code: apiCodeOf[err.code], message: err.message, ...(issues ? { issues } : {}) } },
      headers,
    );
  }
  console.error("[ingest] request failed:", err instanceof Error ? `${err.name}: ${err.message}` : "unknown error");
  return json(500, {
    error: {
      code: "internal_error",
      message: "The request failed on our side and nothing of it was acknowledged. Retry it; retries are safe.",
    },
  });
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
    throw new AppError(
      "BAD_REQUEST",
      `Send a JSON body with "Content-Type: application/json" (got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : "no Content-Type"}).`,
    );
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
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid UTF-8 text. Send JSON encoded as UTF-8.");
  }
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "The request body is empty. Send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError("BAD_REQUEST", `The body is not valid JSON (${err instanceof Error ? err.message : "parse error"}).`);
  }
}

/**
 * Wraps an ingest handler: authenticates the key, reads the JSON body, runs the service with
 * the key's partner (never a partner id from the request) and maps errors in one place.
 */
export function ingestRoute(run: (ctx: { db: Db; partnerId: string; body: unknown }) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      const db = await getDb();
      const { partnerId } = await authenticateRequest(db, req);
      const body = await readJsonBody(req);
      return await run({ db, partnerId, body });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
