import { PsaError } from "../errors";
import type { PsaProvider } from "../types";

/**
 * Per-connection request limiter: at most `maxConcurrentPerKey` requests in flight per key
 * (Autotask: per object endpoint — the thread limit is 3 per integration code and endpoint) and at
 * most `hourlyBudget` requests in any rolling hour. When the budget is spent, `run` throws a
 * `throttled` PsaError whose retryAfterMs says when a slot frees up, so jobs back off instead of
 * tripping the PSA's own limit.
 */
export class ConnectionLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Start times (ms) of requests in the rolling hour, oldest first. */
  private readonly window: number[] = [];

  constructor(
    private readonly opts: {
      provider: PsaProvider;
      maxConcurrentPerKey: number;
      hourlyBudget: number;
      now?: () => number;
    },
  ) {}

  get usedThisHour(): number {
    this.prune();
    return this.window.length;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.takeBudget();
    await this.acquire(key);
    try {
      return await fn();
    } finally {
      this.release(key);
    }
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private prune(): void {
    const cutoff = this.now() - 3_600_000;
    while (this.window.length > 0 && this.window[0]! <= cutoff) this.window.shift();
  }

  private takeBudget(): void {
    this.prune();
    if (this.window.length >= this.opts.hourlyBudget) {
      const retryAfterMs = Math.max(1000, this.window[0]! + 3_600_000 - this.now());
      throw new PsaError({
        kind: "throttled",
        provider: this.opts.provider,
        message: `PSA Relay paused calls to this PSA: the hourly request budget (${this.opts.hourlyBudget}) is used up.`,
        retryAfterMs,
        hint: "Work resumes automatically when the rolling hour frees up requests.",
      });
    }
    this.window.push(this.now());
  }

  private async acquire(key: string): Promise<void> {
    const current = this.inFlight.get(key) ?? 0;
    if (current < this.opts.maxConcurrentPerKey) {
      this.inFlight.set(key, current + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const queue = this.waiters.get(key) ?? [];
      queue.push(resolve);
      this.waiters.set(key, queue);
    });
    // The releasing request handed its slot over; in-flight count is unchanged.
  }

  private release(key: string): void {
    const queue = this.waiters.get(key);
    const next = queue?.shift();
    if (next) {
      next();
      return;
    }
    const current = (this.inFlight.get(key) ?? 1) - 1;
    if (current <= 0) this.inFlight.delete(key);
    else this.inFlight.set(key, current);
  }
}

// One limiter per connection per process, shared by every connector instance of that connection.
const registry = globalThis as unknown as { __psaLimiters?: Map<string, ConnectionLimiter> };

export function limiterFor(
  connectionKey: string,
  opts: ConstructorParameters<typeof ConnectionLimiter>[0],
): ConnectionLimiter {
  registry.__psaLimiters ??= new Map();
  let limiter = registry.__psaLimiters.get(connectionKey);
  if (!limiter) {
    limiter = new ConnectionLimiter(opts);
    registry.__psaLimiters.set(connectionKey, limiter);
  }
  return limiter;
}
