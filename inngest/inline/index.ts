import { functions } from "~/inngest/functions";

import { scheduleCrons, type ScheduledCron } from "./crons";
import { InlineRunner } from "./runner";

/**
 * The process's inline runner. It lives on globalThis so every module instance Next creates
 * (instrumentation, route handlers, server components) shares one queue and one set of crons.
 */
type InlineState = { runner: InlineRunner; crons?: ScheduledCron[] };
const globalForInline = globalThis as unknown as { __psaRelayInline?: InlineState };

function state(): InlineState {
  globalForInline.__psaRelayInline ??= { runner: new InlineRunner({ functions }) };
  return globalForInline.__psaRelayInline;
}

export function getInlineRunner(): InlineRunner {
  return state().runner;
}

/** Schedules the cron functions once per process. */
export function startInlineCrons(): ScheduledCron[] {
  const s = state();
  s.crons ??= scheduleCrons(s.runner);
  return s.crons;
}

/** Replaces the process's runner (tests use one with their own functions or fakes). */
export function setInlineRunner(runner: InlineRunner): void {
  resetInlineRunner();
  globalForInline.__psaRelayInline = { runner };
}

/** Stops the crons and forgets the runner (tests, shutdown). Queued runs are abandoned. */
export function resetInlineRunner(): void {
  for (const c of globalForInline.__psaRelayInline?.crons ?? []) c.job.stop();
  globalForInline.__psaRelayInline = undefined;
}

export { InlineRunner } from "./runner";
export type { RunOutcome } from "./types";
