/** Shapes shared by the inline runner's pieces. */

export type InlineEvent = {
  name: string;
  data: Record<string, unknown>;
  id: string;
  ts: number;
};

/** What a function run ended with. */
export type RunOutcome = { status: "completed"; result: unknown } | { status: "failed"; error: Error };

export type InlineLogger = {
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  debug: (...args: unknown[]) => void;
};

/** A memoised step: its result, or the error it finally failed with. */
export type StepRecord = { ok: true; data: unknown } | { ok: false; error: Error };

/** Why an invocation stopped before the handler returned. */
export type Interrupt =
  | { kind: "step-error"; stepId: string; error: unknown; failures: number }
  | { kind: "sleep"; stepId: string; delayMs: number };

/** One run of one function for one event, across its retries. */
export type Run = {
  runId: string;
  fnId: string;
  handler: (ctx: Record<string, unknown>) => unknown;
  /** Retries after the first attempt, per step and for the function body. */
  retries: number;
  event: InlineEvent;
  /** A batch function's events (`event` is the first). */
  events?: InlineEvent[];
  /** Extra context (the failure handler gets `error`). */
  extraCtx: Record<string, unknown>;
  /** Concurrency slots the run takes while it executes. */
  slots: { key: string; limit: number }[];
  memo: Map<string, StepRecord>;
  /** Failures so far per step id (and for the function body). */
  failures: Map<string, number>;
  /** ctx.attempt of the next invocation: failures of the unit that is being retried. */
  attempt: number;
  finish: (outcome: RunOutcome) => void;
};
