import { isPsaError } from "../errors";

export type RetryOptions = {
  maxRetries: number;
  baseMs: number;
  maxMs?: number;
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
      if (!isPsaError(err) || !err.retryable || attempt >= opts.maxRetries) throw err;
      const delay = err.retryAfterMs ?? backoffDelay(attempt, opts);
      await (opts.sleep ?? sleep)(delay);
    }
  }
}
