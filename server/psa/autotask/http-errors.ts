import { PsaError, parseRetryAfter } from "../errors";

import { errorBodySchema } from "./schemas";

/**
 * Turns an Autotask error answer into a PsaError (psa-api-facts A10, Part C):
 * 401 auth · 403 forbidden · 404 not_found · 429 throttled (Retry-After) · 400/405 invalid ·
 * 500 with `errors[]` = business rule → invalid with the PSA's own text, except the thread
 * threshold ("Itgenatr005" / "Thread Threshold Exceeded") and the hourly request threshold, which
 * are throttled, and permission texts, which are forbidden · other 5xx → unavailable.
 */
const THREAD_THRESHOLD = /itgenatr005|thread threshold/i;
const REQUEST_THRESHOLD = /request threshold/i;
const THREAD_RETRY_MS = 1000;
const PERMISSION = /(does not have|no) (the )?(adequate )?permission/i;

/** The PSA's own error text: `errors` (strings or objects with a message), else `Message`. */
export function autotaskErrorText(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const errors = (parsed.data.errors ?? [])
    .map((e) => (typeof e === "string" ? e : e && typeof e === "object" && "message" in e ? String((e as { message: unknown }).message) : undefined))
    .filter((e): e is string => Boolean(e && e.trim()));
  if (errors.length > 0) return errors.join(" ");
  return parsed.data.Message ?? parsed.data.message;
}

function hasErrorsArray(body: unknown): boolean {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success && Array.isArray(parsed.data.errors) && parsed.data.errors.length > 0;
}

export function errorFromResponse(status: number, headers: Headers, body: unknown, operation: string): PsaError {
  const psaMessage = autotaskErrorText(body);
  const base = { provider: "autotask" as const, status, psaMessage, operation };
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  const withText = (sentence: string) => (psaMessage ? `${sentence} Autotask said: ${psaMessage}` : sentence);

  if (status === 401) {
    return new PsaError({
      ...base,
      kind: "auth",
      message: `Autotask rejected the API user's credentials for ${operation} (HTTP 401).`,
      hint: "Check the API username, secret and API tracking identifier in Integration Setup.",
    });
  }
  if (status === 403) {
    return new PsaError({
      ...base,
      kind: "forbidden",
      message: withText(`The Autotask API user is not allowed to run ${operation} (HTTP 403).`),
      hint: "Give the API user's security level access to this entity in Autotask.",
    });
  }
  if (status === 404) {
    return new PsaError({ ...base, kind: "not_found", message: `Autotask has no resource for ${operation} (HTTP 404).` });
  }
  const threadLimit = status >= 500 && psaMessage !== undefined && THREAD_THRESHOLD.test(psaMessage);
  if (status === 429 || threadLimit || (status >= 500 && psaMessage && REQUEST_THRESHOLD.test(psaMessage))) {
    return new PsaError({
      ...base,
      kind: "throttled",
      // Too many requests in flight on one endpoint: they finish within about a second.
      retryAfterMs: retryAfterMs ?? (threadLimit ? THREAD_RETRY_MS : undefined),
      message: withText(`Autotask is limiting requests (${operation}, HTTP ${status}).`),
      hint: "PSA Relay waits and retries automatically.",
    });
  }
  if (status >= 500 && hasErrorsArray(body)) {
    if (psaMessage && PERMISSION.test(psaMessage)) {
      return new PsaError({
        ...base,
        kind: "forbidden",
        message: withText(`The Autotask API user is not allowed to run ${operation}.`),
        hint: "Give the API user's security level access to this entity in Autotask.",
      });
    }
    return new PsaError({
      ...base,
      kind: "invalid",
      message: withText(`Autotask refused ${operation}.`),
      hint: "Correct the data or the mapping named in Autotask's message; retrying will not help.",
    });
  }
  if (status >= 500) {
    return new PsaError({
      ...base,
      kind: "unavailable",
      retryAfterMs,
      message: `Autotask failed to answer ${operation} (HTTP ${status}).`,
      hint: "PSA Relay retries automatically; if it persists, check Autotask's status page.",
    });
  }
  return new PsaError({
    ...base,
    kind: "invalid",
    message: withText(`Autotask did not accept ${operation} (HTTP ${status}).`),
  });
}
