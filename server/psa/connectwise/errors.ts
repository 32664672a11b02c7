import { PsaError, parseRetryAfter } from "../errors";
import { errorBodySchema } from "./schemas";

/**
 * ConnectWise HTTP answers → PsaError kinds, with sentences a partner can act on. The PSA's own
 * words (`message` + `errors[].message`) go to `psaMessage`; nothing here ever sees the keys.
 */
const AREAS: Array<[RegExp, string]> = [
  [/^\/?company\/companies/i, "Companies"],
  [/^\/?company\/configurations/i, "Configurations"],
  [/^\/?service\/tickets/i, "Service Tickets"],
  [/^\/?service\/boards/i, "Service Boards"],
  [/^\/?service\/priorities/i, "Priorities"],
  [/^\/?finance\/agreements/i, "Agreements"],
  [/^\/?procurement\/catalog/i, "the Product Catalog"],
  [/^\/?system\/userDefinedFields/i, "Custom Fields"],
  [/^\/?system\/info/i, "System Info"],
];

export function areaOf(apiPath: string): string {
  return AREAS.find(([re]) => re.test(apiPath))?.[1] ?? apiPath;
}

export type CwErrorBody = { code?: string | null; message?: string | null; messages: string[] };

/** Reads ConnectWise's ErrorResponseMessage; null when the body is not one (e.g. an HTML 404 page). */
export function readErrorBody(text: string): CwErrorBody | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = errorBodySchema.safeParse(raw);
  if (!parsed.success || (!parsed.data.code && !parsed.data.message)) return null;
  const messages = (parsed.data.errors ?? []).map((e) => e.message).filter((m): m is string => !!m);
  return { code: parsed.data.code, message: parsed.data.message, messages };
}

function psaMessageOf(body: CwErrorBody | null): string | undefined {
  if (!body) return undefined;
  const parts = [body.message, ...body.messages].filter((p): p is string => !!p && p.trim() !== "");
  return parts.length ? parts.join(" — ") : undefined;
}

export function errorForStatus(
  status: number,
  text: string,
  headers: Headers,
  ctx: { operation: string; apiPath: string },
): PsaError {
  const body = readErrorBody(text);
  const psaMessage = psaMessageOf(body);
  const base = { provider: "connectwise" as const, status, psaMessage, operation: ctx.operation };
  if (status === 400 || status === 409 || status === 405 || status === 415 || status === 422) {
    const what = status === 409 ? "ConnectWise refused the change because the record is in use or changed (conflict)" : "ConnectWise rejected the request";
    return new PsaError({
      ...base,
      kind: "invalid",
      message: `${what}: ${psaMessage ?? `HTTP ${status}`}`,
      hint: "Fix the data or the mapping named in the message, then reprocess.",
    });
  }
  if (status === 401) {
    const aboutClientId = /client ?id/i.test(psaMessage ?? "");
    return new PsaError({
      ...base,
      kind: "auth",
      message: aboutClientId ? "The client id was rejected: check the client id" : "The API keys were rejected: check the public and private key",
      hint: aboutClientId
        ? "Use the clientId issued for this integration at developer.connectwise.com."
        : "Check the company id, public key and private key of the API member.",
    });
  }
  if (status === 403) {
    return new PsaError({
      ...base,
      kind: "forbidden",
      message: `This API member has no access to ${areaOf(ctx.apiPath)} (check its security role)`,
      hint: "Give the API member's security role inquire/add/edit rights for that module.",
    });
  }
  if (status === 404) {
    return new PsaError({
      ...base,
      kind: "not_found",
      message: psaMessage ? `ConnectWise could not find it: ${psaMessage}` : `ConnectWise answered 404 for ${ctx.operation}`,
      hint: "The record may have been deleted in ConnectWise.",
    });
  }
  if (status === 429) {
    return new PsaError({
      ...base,
      kind: "throttled",
      message: "ConnectWise is rate-limiting PSA Relay (429 Too Many Requests).",
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      hint: "PSA Relay waits the time ConnectWise asked for and retries.",
    });
  }
  return new PsaError({
    ...base,
    kind: status >= 500 ? "unavailable" : "invalid",
    message: status >= 500 ? `ConnectWise had a server error (HTTP ${status})${psaMessage ? `: ${psaMessage}` : ""}` : `ConnectWise answered HTTP ${status}`,
    hint: status >= 500 ? "PSA Relay retries automatically; if it persists, check ConnectWise's status." : undefined,
  });
}

/** A 404 that is not ConnectWise's own "record not found" answer: the codebase may have moved. */
export function isCodebaseMiss(err: unknown): boolean {
  return err instanceof PsaError && err.kind === "not_found" && err.status === 404 && err.psaMessage === undefined;
}

export function malformed(operation: string, detail: string): PsaError {
  return new PsaError({
    kind: "invalid",
    provider: "connectwise",
    operation,
    message: `ConnectWise answered ${operation} with data PSA Relay cannot read (${detail}).`,
    hint: "Check that the site URL points at ConnectWise Manage; report it if it persists.",
  });
}
