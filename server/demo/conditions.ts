import { type AccountProfile, type EventContent, type Failure, failureEvent, okEvent, type Schedule, startFailure } from "./event-content";
import type { Rng } from "./prng";

/**
 * One scheduled report of an account for one event type, given the condition that is open for it:
 * an open failure repeats or recovers (an OK event of the same type closes it); a healthy account
 * reports a routine success, or starts a failure now and then. Routine-less types (no_backup) are
 * silent while healthy.
 */
export function nextReport(
  rng: Rng,
  account: AccountProfile,
  schedule: Schedule,
  open: Failure | undefined,
  rates: { failure?: number; recovery: number },
): { event: EventContent | null; open: Failure | undefined } {
  if (open) {
    if (rng.chance(rates.recovery)) {
      return { event: okEvent(rng, account, schedule.type, open), open: undefined };
    }
    const repeated = { ...open, repeats: open.repeats + 1 };
    return { event: failureEvent(rng, account, repeated), open: repeated };
  }
  if (rng.chance(rates.failure ?? schedule.failureRate)) {
    const failure = startFailure(rng, account, schedule.type);
    return { event: failureEvent(rng, account, failure), open: failure };
  }
  return { event: schedule.routine ? okEvent(rng, account, schedule.type) : null, open: undefined };
}
