import { nextReport } from "./conditions";
import { type AccountProfile, type EventContent, type Failure, SCHEDULES } from "./event-content";
import type { Rng } from "./prng";

export type TimelineEvent = EventContent & { account: number; occurredAt: Date };

const HOUR = 3_600_000;

/**
 * The history of a fleet between `start` and `end`: every account reports each of its event types
 * on its schedule (with a per-account phase and a little jitter); failures start now and then, repeat
 * and later recover. Returned in time order, with the conditions still open at `end`.
 */
export function buildTimeline(
  rng: Rng,
  accounts: AccountProfile[],
  start: Date,
  end: Date,
): { events: TimelineEvent[]; open: Map<string, Failure> } {
  const events: TimelineEvent[] = [];
  const open = new Map<string, Failure>();
  accounts.forEach((account, index) => {
    for (const schedule of SCHEDULES[account.kind]) {
      const every = schedule.everyHours * HOUR;
      const key = `${index}:${schedule.type}`;
      let failure: Failure | undefined;
      for (let t = start.getTime() + rng.next() * every; t < end.getTime(); t += every) {
        const at = t + rng.int(-15, 15) * 60_000;
        if (at < start.getTime() || at >= end.getTime()) continue;
        const report = nextReport(rng, account, schedule, failure, { recovery: 0.45 });
        failure = report.open;
        if (report.event) events.push({ ...report.event, account: index, occurredAt: new Date(at) });
      }
      if (failure) open.set(key, failure);
    }
  });
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.account - b.account);
  return { events, open };
}
