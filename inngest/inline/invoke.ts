import { RetryAfterError } from "inngest";

import { createStepTools, isNonRetriable, type SendableEvent } from "./step-tools";
import type { InlineLogger, Interrupt, Run } from "./types";

/** How one invocation of a run ended: done, failed for good, or to be invoked again after a delay. */
export type Invocation = { kind: "completed"; result: unknown } | { kind: "failed"; error: Error } | { kind: "again"; delayMs: number };

export type InvokeDeps = {
  sendEvents: (events: SendableEvent[]) => Promise<{ ids: string[] }>;
  now: () => number;
  backoffMs: (failures: number) => number;
  logger: InlineLogger;
};

/** Failures of the handler outside any step are counted under this id. */
const BODY_STEP = "__function_body__";

/**
 * Calls the handler once: until it returns, throws, or a step stops it (a step failed and will be
 * retried, or a sleep began). Updates the run's memo, failure counts and next `attempt`.
 */
export async function invokeOnce(run: Run, deps: InvokeDeps): Promise<Invocation> {
  let signal!: (i: Interrupt) => void;
  const interrupted = new Promise<Interrupt>((resolve) => (signal = resolve));
  const steps = createStepTools({ run, interrupt: (i) => signal(i), sendEvents: deps.sendEvents, now: deps.now });
  const log =
    (level: keyof InlineLogger) =>
    (...args: unknown[]) =>
      deps.logger[level](`[jobs] ${run.fnId}:`, ...args);
  const ctx = {
    ...run.extraCtx,
    event: run.event,
    events: run.events ?? [run.event],
    runId: run.runId,
    attempt: run.attempt,
    maxAttempts: run.retries + 1,
    step: steps.tools,
    logger: { info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") },
  };
  const body = (async () => run.handler(ctx))();
  const first = await Promise.race([
    body.then(
      (result) => ({ type: "returned" as const, result }),
      (error: unknown) => ({ type: "threw" as const, error }),
    ),
    interrupted.then((interrupt) => ({ type: "interrupted" as const, interrupt })),
  ]);
  // Steps still running finish (and are memoised) before the run is retried or resumed.
  await Promise.allSettled([...steps.inflight]);

  if (first.type === "returned") return { kind: "completed", result: first.result === undefined ? null : first.result };
  if (first.type === "interrupted") {
    const i = first.interrupt;
    if (i.kind === "sleep") {
      run.attempt = 0;
      return { kind: "again", delayMs: i.delayMs };
    }
    run.attempt = i.failures;
    return { kind: "again", delayMs: retryDelay(i.error, i.failures, deps) };
  }
  const error = first.error instanceof Error ? first.error : new Error(String(first.error));
  if (steps.finalStepErrors.has(error) || isNonRetriable(error)) return { kind: "failed", error };
  const failures = (run.failures.get(BODY_STEP) ?? 0) + 1;
  run.failures.set(BODY_STEP, failures);
  if (failures > run.retries) return { kind: "failed", error };
  run.attempt = failures;
  return { kind: "again", delayMs: retryDelay(error, failures, deps) };
}

/** RetryAfterError's delay (seconds, or an ISO date) when given, else the exponential backoff. */
export function retryDelay(error: unknown, failures: number, deps: Pick<InvokeDeps, "now" | "backoffMs">): number {
  if (error instanceof RetryAfterError || (error instanceof Error && error.name === "RetryAfterError")) {
    const after = String((error as RetryAfterError).retryAfter);
    const ms = /^\d+$/.test(after) ? Number(after) * 1000 : Date.parse(after) - deps.now();
    if (Number.isFinite(ms)) return Math.max(0, ms);
  }
  return deps.backoffMs(failures);
}
