import { isPsaError, type PsaError } from "../errors";

/** Throw it (wrapping the real error) from inside `withRetry` to stop retrying at once. */
export class StopRetry extends Error {
  constructor(readonly inner: unknown) {
    super("stop retrying");
  }
}

export type RetryOptions = {
  maxRetries: number;
  baseMs: number;
  maxMs?: number;
  /**
   * Longest Retry-After worth waiting for in-process (default 60 s); a longer one is thrown at once
   * so the job layer reschedules instead of holding a worker.
   */
  maxWaitMs?: number;
  /** When true for a retryable error, it is thrown at once (e.g. `unavailable` after a create). */
  giveUp?: (err: PsaError) => boolean;
  /** For tests: replaces setTimeout-based sleeping. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff: random in [0, min(max, base * 2^attempt)]. */
export function backoffDelay(attempt: number, opts: Pick<RetryOptions, "baseMs" | "maxMs" | "random">): number {
  const cap = Math.min(opts.maxMs ?? 30_000, opts.baseMs * 2 ** attempt);
  return Math.round((opts.random ?? Math.random)() * cap);
}

/**
 * Retries `fn` on throttled and unavailable PsaErrors only (never on invalid, auth, forbidden,
 * not_found), waiting the PSA's Retry-After when it gave one, otherwise backoff with jitter.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (err instanceof StopRetry) throw err.inner;
      if (!isPsaError(err) || !err.retryable || attempt >= opts.maxRetries) throw err;
      if ((err.retryAfterMs ?? 0) > (opts.maxWaitMs ?? 60_000) || opts.giveUp?.(err)) throw err;
      const delay = err.retryAfterMs ?? backoffDelay(attempt, opts);
      await (opts.sleep ?? sleep)(delay);
    }
  }
}
