import { isPsaError } from "../errors";
import { backoffDelay, sleep } from "../http/retry";

/**
 * Creates are not idempotent in ConnectWise: a 5xx or a timeout after a POST may mean the record
 * was created (slow creates plus client retries are how duplicate tickets happen). So a failed
 * create is retried only after looking for the record it may have made.
 */
export async function createOnce<T>(opts: {
  create: () => Promise<T>;
  findExisting: () => Promise<T | null>;
  attempts: number;
  backoffBaseMs: number;
}): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < Math.max(1, opts.attempts); attempt++) {
    if (attempt > 0) await sleep(backoffDelay(attempt - 1, { baseMs: opts.backoffBaseMs }));
    try {
      return await opts.create();
    } catch (err) {
      if (!isPsaError(err) || err.kind !== "unavailable") throw err;
      last = err;
      const existing = await opts.findExisting();
      if (existing !== null) return existing;
    }
  }
  throw last;
}
