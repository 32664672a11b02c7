import { durationToMs, NonRetriableError, serializeError, StepError } from "inngest";

import type { InlineEvent, Interrupt, Run } from "./types";

/**
 * The `step` object of one inline invocation, with Inngest's semantics where they matter:
 * - a step that succeeded is memoised for the run and never runs again on a retry;
 * - a step that throws stops the invocation (its promise never settles, as in Inngest) and the run
 *   is retried; after its last retry, or at once for NonRetriableError, the handler sees a
 *   StepError it may catch;
 * - repeated ids within a run get Inngest's `id:1`, `id:2` suffixes.
 */

export type StepToolsDeps = {
  run: Run;
  /** Called once when the invocation must stop (a step failed or a sleep began). */
  interrupt: (reason: Interrupt) => void;
  sendEvents: (events: SendableEvent[]) => Promise<{ ids: string[] }>;
  now: () => number;
};

export type SendableEvent = Partial<InlineEvent> & { name: string; validate?: () => Promise<void> };

export type StepTools = {
  tools: Record<string, unknown>;
  /** Step callbacks still running; awaited before the next invocation starts. */
  inflight: Set<Promise<unknown>>;
  /** Errors handed to the handler for steps that failed for good: rethrown, they end the run. */
  finalStepErrors: WeakSet<Error>;
};

const never = <T>() => new Promise<T>(() => {});

const NOT_INLINE = new Set(["waitForEvent", "waitForSignal", "invoke", "ai", "fetch", "realtime", "sandbox"]);

export function isNonRetriable(err: unknown): boolean {
  return err instanceof NonRetriableError || (err instanceof Error && err.name === "NonRetriableError");
}

function stepIdOf(idOrOptions: unknown): string {
  if (typeof idOrOptions === "string" && idOrOptions) return idOrOptions;
  if (idOrOptions && typeof idOrOptions === "object" && typeof (idOrOptions as { id?: unknown }).id === "string") {
    return (idOrOptions as { id: string }).id;
  }
  throw new NonRetriableError("A step needs an id (a non-empty string or { id }).");
}

/** Step results are JSON in Inngest; the same here so code behaves alike in both modes. */
function jsonify(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function createStepTools(deps: StepToolsDeps): StepTools {
  const { run } = deps;
  const inflight = new Set<Promise<unknown>>();
  const finalStepErrors = new WeakSet<Error>();
  const seen = new Map<string, number>();
  let stopped = false;

  const uniqueId = (idOrOptions: unknown) => {
    const id = stepIdOf(idOrOptions);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}:${n}`;
  };

  const stop = (reason: Interrupt) => {
    if (stopped) return;
    stopped = true;
    deps.interrupt(reason);
  };

  const finalError = (stepId: string, err: unknown) => {
    const error = new StepError(stepId, serializeError(err instanceof Error ? err : new Error(String(err))));
    finalStepErrors.add(error);
    return error;
  };

  /** Runs `work` once per run under `stepId`, with memoisation and Inngest's failure handling. */
  async function memoised(stepId: string, work: () => Promise<unknown> | unknown): Promise<unknown> {
    const record = run.memo.get(stepId);
    if (record?.ok) return record.data;
    if (record && !record.ok) throw finalError(stepId, record.error);
    if (stopped) return never();
    const execution = (async () => work())();
    inflight.add(execution);
    try {
      const data = jsonify(await execution);
      run.memo.set(stepId, { ok: true, data });
      return data;
    } catch (err) {
      const failures = (run.failures.get(stepId) ?? 0) + 1;
      run.failures.set(stepId, failures);
      if (isNonRetriable(err) || failures > run.retries) {
        const error = err instanceof Error ? err : new Error(String(err));
        run.memo.set(stepId, { ok: false, error });
        throw finalError(stepId, error);
      }
      stop({ kind: "step-error", stepId, error: err, failures });
      return never();
    } finally {
      inflight.delete(execution);
    }
  }

  const tools: Record<string, unknown> = {
    run: (idOrOptions: unknown, fn: (...args: unknown[]) => unknown, ...input: unknown[]) =>
      memoised(uniqueId(idOrOptions), () => fn(...input)),

    sendEvent: (idOrOptions: unknown, payload: SendableEvent | SendableEvent[]) =>
      memoised(uniqueId(idOrOptions), () => deps.sendEvents(Array.isArray(payload) ? payload : [payload])),

    sleep: (idOrOptions: unknown, duration: unknown) => sleepStep(uniqueId(idOrOptions), durationToMs(duration, { name: "step.sleep duration" })),

    sleepUntil: (idOrOptions: unknown, time: unknown) => {
      const stepId = uniqueId(idOrOptions);
      const until = time instanceof Date ? time.getTime() : new Date(String(time)).getTime();
      if (Number.isNaN(until)) throw new NonRetriableError(`step.sleepUntil("${stepId}") needs a valid date.`);
      return sleepStep(stepId, until - deps.now());
    },
  };

  /** A sleep releases the run's slot: the invocation stops and the run is re-queued after the delay. */
  async function sleepStep(stepId: string, delayMs: number): Promise<null> {
    if (run.memo.has(stepId)) return null;
    if (stopped) return never();
    run.memo.set(stepId, { ok: true, data: null });
    if (delayMs <= 0) return null;
    stop({ kind: "sleep", stepId, delayMs });
    return never();
  }

  const proxy = new Proxy(tools, {
    get(target, prop) {
      if (typeof prop === "string" && !(prop in target) && NOT_INLINE.has(prop)) {
        return () => {
          throw new NonRetriableError(
            `step.${prop} is not available when jobs run inline; set INNGEST_DEV or INNGEST_EVENT_KEY to use an Inngest server.`,
          );
        };
      }
      return Reflect.get(target, prop);
    },
  });

  return { tools: proxy, inflight, finalStepErrors };
}
