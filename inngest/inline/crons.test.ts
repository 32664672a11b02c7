import { cron, Inngest } from "inngest";
import { afterEach, describe, expect, it, vi } from "vitest";

import { parseCron, scheduleCrons, type ScheduledCron } from "./crons";
import { InlineRunner } from "./runner";

const inngest = new Inngest({ id: "crons-test" });
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };

let scheduled: ScheduledCron[] = [];
afterEach(() => {
  for (const s of scheduled) s.job.stop();
  scheduled = [];
});

describe("parseCron", () => {
  it("reads Inngest's optional TZ= prefix and defaults to UTC", () => {
    expect(parseCron("* * * * *")).toEqual({ pattern: "* * * * *", timezone: "UTC" });
    expect(parseCron("TZ=Europe/Paris 0 6 * * 1-5")).toEqual({ pattern: "0 6 * * 1-5", timezone: "Europe/Paris" });
  });
});

describe("scheduleCrons", () => {
  it("schedules only cron-triggered functions, and a tick runs the function with a scheduled-timer event", async () => {
    const ticks: { name: string; data: unknown }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const everyMinute = inngest.createFunction({ id: "every-minute", triggers: [cron("* * * * *")] }, async ({ event }) => {
      ticks.push({ name: event.name, data: event.data });
      await gate;
    });
    const onEvent = inngest.createFunction({ id: "on-event", triggers: [{ event: "test/go" }] }, async () => "ok");
    const runner = new InlineRunner({ functions: [everyMinute, onEvent], logger });
    scheduled = scheduleCrons(runner, logger);

    expect(scheduled.map((s) => [s.fnId, s.cron])).toEqual([["every-minute", "* * * * *"]]);
    expect(scheduled[0]!.job.getPattern()).toBe("* * * * *");
    expect(scheduled[0]!.job.msToNext()).toBeLessThanOrEqual(60_000);

    await scheduled[0]!.job.trigger();
    // A tick while the previous run is still pending is skipped, not queued behind it.
    await scheduled[0]!.job.trigger();
    expect(runner.stats()).toEqual({ queued: 0, active: 1, waiting: 0 });
    release();
    await runner.drain();
    expect(ticks).toEqual([{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }]);

    await scheduled[0]!.job.trigger();
    await runner.drain();
    expect(ticks).toHaveLength(2);
  });
});
