import type { PsaProvider } from "./types";

/**
 * Every PSA failure becomes one of these kinds. Services decide from the kind alone:
 * throttled / unavailable are retried (with `retryAfterMs` when the PSA gave one); auth, forbidden,
 * invalid and not_found are not, and surface `psaMessage` (the PSA's own words) with a `hint`.
 */
export type PsaErrorKind = "auth" | "forbidden" | "not_found" | "invalid" | "throttled" | "unavailable";

export class PsaError extends Error {
  readonly kind: PsaErrorKind;
  readonly provider: PsaProvider;
  /** HTTP status, when there was an answer. */
  readonly status?: number;
  /** The PSA's own error text (Autotask `errors[]`, ConnectWise `message` + `errors[].message`). */
  readonly psaMessage?: string;
  /** Delay the PSA asked for (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /** Short name of the operation, e.g. "Tickets.create" — never a URL with credentials. */
  readonly operation?: string;
  /** What the partner should do about it, in one sentence. */
  readonly hint?: string;

  constructor(init: {
    kind: PsaErrorKind;
    provider: PsaProvider;
    message: string;
    status?: number;
    psaMessage?: string;
    retryAfterMs?: number;
    operation?: string;
    hint?: string;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = "PsaError";
    this.kind = init.kind;
    this.provider = init.provider;
    this.status = init.status;
    this.psaMessage = init.psaMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.operation = init.operation;
    this.hint = init.hint;
  }

  get retryable(): boolean {
    return this.kind === "throttled" || this.kind === "unavailable";
  }
}

export function isPsaError(err: unknown): err is PsaError {
  return err instanceof PsaError;
}

/** Parses Retry-After as seconds or an HTTP date; returns milliseconds or undefined. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
