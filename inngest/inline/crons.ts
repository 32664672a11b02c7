import { Cron } from "croner";

import { type InlineRunner, optionsOf } from "./runner";
import type { InlineLogger } from "./types";

/** Inngest cron syntax: standard 5-field cron, optionally prefixed with `TZ=<zone> ` (default UTC). */
export function parseCron(expression: string): { pattern: string; timezone: string } {
  const match = /^TZ=(\S+)\s+(.+)$/.exec(expression.trim());
  return match ? { pattern: match[2]!, timezone: match[1]! } : { pattern: expression.trim(), timezone: "UTC" };
}

export type ScheduledCron = { fnId: string; cron: string; job: Cron };

/**
 * Schedules every cron trigger of the runner's functions. A tick queues a run like Inngest's
 * scheduled event; a tick that finds the previous run still pending is skipped. Timers are unref'd
 * so a script that loads the runner can still exit.
 */
export function scheduleCrons(runner: InlineRunner, logger: InlineLogger = console): ScheduledCron[] {
  const scheduled: ScheduledCron[] = [];
  for (const fn of runner.functions) {
    for (const trigger of optionsOf(fn).triggers ?? []) {
      if (!trigger.cron) continue;
      const cron = trigger.cron;
      const { pattern, timezone } = parseCron(cron);
      const job = new Cron(
        pattern,
        { timezone, unref: true, catch: (err) => logger.error(`[jobs] cron ${fn.id()} failed to start a run:`, err) },
        () => {
          if (runner.triggerCron(fn, cron) === null) logger.debug(`[jobs] ${fn.id()}: previous run still pending, tick skipped`);
        },
      );
      scheduled.push({ fnId: fn.id(), cron, job });
    }
  }
  return scheduled;
}
