import { Inngest, NonRetriableError, RetryAfterError } from "inngest";
import { describe, expect, it, vi } from "vitest";

import { InlineRunner, type InlineRunnerOptions } from "./runner";

const inngest = new Inngest({ id: "runner-test" });

function quietLogger() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
}

/** A runner whose waits are recorded and skipped, and whose backoff is predictable. */
function makeRunner(functions: InlineRunnerOptions["functions"], opts: Partial<InlineRunnerOptions> = {}) {
  const delays: number[] = [];
  const logger = quietLogger();
  const runner = new InlineRunner({
    functions,
    sleep: async (ms) => {
      delays.push(ms);
    },
    backoffMs: (failures) => failures * 100,
    logger,
    ...opts,
  });
  return { runner, delays, logger };
}

const go = (id?: string, data: Record<string, unknown> = {}) => ({ name: "test/go", data, ...(id ? { id } : {}) });

describe("InlineRunner retries", () => {
  it("retries a failing function with backoff until it succeeds", async () => {
    let calls = 0;
    const attempts: number[] = [];
    const fn = inngest.createFunction({ id: "flaky", triggers: [{ event: "test/go" }], retries: 3 }, async ({ attempt }) => {
      attempts.push(attempt);
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return { ok: true };
    });
    const { runner, delays } = makeRunner([fn]);
    const outcome = await runner.enqueue(fn, { name: "test/go", data: {}, id: "e1", ts: Date.now() });
    expect(outcome).toEqual({ status: "completed", result: { ok: true } });
    expect(calls).toBe(3);
    expect(attempts).toEqual([0, 1, 2]);
    expect(delays).toEqual([100, 200]);
  });

  it("gives up after the configured retries and then calls onFailure once with the original event", async () => {
    let calls = 0;
    const onFailure = vi.fn();
    const fn = inngest.createFunction(
      {
        id: "always-fails",
        triggers: [{ event: "test/go" }],
        retries: 2,
        onFailure: async ({ event, error }) => {
          onFailure({ original: event.data.event, message: error.message, name: event.name, calls });
        },
      },
      async () => {
        calls++;
        throw new Error("still broken");
      },
    );
    const { runner } = makeRunner([fn]);
    const outcome = await runner.enqueue(fn, { name: "test/go", data: { x: 1 }, id: "e2", ts: 1 });
    expect(outcome.status).toBe("failed");
    expect(calls).toBe(3);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure).toHaveBeenCalledWith({
      original: expect.objectContaining({ name: "test/go", data: { x: 1 }, id: "e2" }),
      message: "still broken",
      name: "inngest/function.failed",
      calls: 3,
    });
  });

  it("uses Inngest's default of 4 retries when the function sets none", async () => {
    let calls = 0;
    const fn = inngest.createFunction({ id: "default-retries", triggers: [{ event: "test/go" }] }, async () => {
      calls++;
      throw new Error("no");
    });
    const { runner } = makeRunner([fn]);
    await runner.enqueue(fn, { name: "test/go", data: {}, id: "e3", ts: 1 });
    expect(calls).toBe(5);
  });

  it("stops at once on NonRetriableError, in the body or in a step", async () => {
    let bodyCalls = 0;
    let stepCalls = 0;
    const onFailure = vi.fn();
    const body = inngest.createFunction({ id: "body-nr", triggers: [{ event: "test/go" }], retries: 4, onFailure }, async () => {
      bodyCalls++;
      throw new NonRetriableError("bad input");
    });
    const inStep = inngest.createFunction({ id: "step-nr", triggers: [{ event: "test/other" }], retries: 4 }, async ({ step }) => {
      await step.run("check", () => {
        stepCalls++;
        throw new NonRetriableError("bad credentials");
      });
    });
    const { runner, delays } = makeRunner([body, inStep]);
    const a = await runner.enqueue(body, { name: "test/go", data: {}, id: "e4", ts: 1 });
    const b = await runner.enqueue(inStep, { name: "test/other", data: {}, id: "e5", ts: 1 });
    expect(a).toMatchObject({ status: "failed", error: { message: "bad input" } });
    expect(b).toMatchObject({ status: "failed", error: { message: "bad credentials" } });
    expect([bodyCalls, stepCalls]).toEqual([1, 1]);
    expect(delays).toEqual([]);
    expect(onFailure).toHaveBeenCalledTimes(1);
  });

  it("waits as long as a RetryAfterError asks (seconds or a date)", async () => {
    let calls = 0;
    const now = Date.UTC(2026, 0, 1);
    const fn = inngest.createFunction({ id: "throttled", triggers: [{ event: "test/go" }], retries: 3 }, async ({ step }) => {
      return step.run("call-psa", () => {
        calls++;
        if (calls === 1) throw new RetryAfterError("throttled", 7000);
        if (calls === 2) throw new RetryAfterError("throttled", new Date(now + 42_000));
        return "done";
      });
    });
    const { runner, delays } = makeRunner([fn], { now: () => now });
    const outcome = await runner.enqueue(fn, { name: "test/go", data: {}, id: "e6", ts: now });
    expect(outcome).toEqual({ status: "completed", result: "done" });
    expect(delays).toEqual([7000, 42_000]);
  });
});

describe("InlineRunner steps", () => {
  it("memoises step results across retries: a step that succeeded does not run again", async () => {
    const first = vi.fn(() => ({ n: 1 }));
    let secondCalls = 0;
    const fn = inngest.createFunction({ id: "two-steps", triggers: [{ event: "test/go" }], retries: 3 }, async ({ step }) => {
      const a = await step.run("first", first);
      const b = await step.run("second", () => {
        secondCalls++;
        if (secondCalls < 3) throw new Error("transient");
        return a.n + 1;
      });
      return { a, b };
    });
    const { runner } = makeRunner([fn]);
    const outcome = await runner.enqueue(fn, { name: "test/go", data: {}, id: "e7", ts: 1 });
    expect(outcome).toEqual({ status: "completed", result: { a: { n: 1 }, b: 2 } });
    expect(first).toHaveBeenCalledTimes(1);
    expect(secondCalls).toBe(3);
  });

  it("hands the handler a catchable error once a step has used up its retries", async () => {
    let calls = 0;
    const fn = inngest.createFunction({ id: "fallback", triggers: [{ event: "test/go" }], retries: 1 }, async ({ step }) => {
      try {
        await step.run("fragile", () => {
          calls++;
          throw new Error("psa down");
        });
        return "unreachable";
      } catch (err) {
        return `fallback after: ${(err as Error).message}`;
      }
    });
    const { runner } = makeRunner([fn]);
    expect(await runner.enqueue(fn, { name: "test/go", data: {}, id: "e8", ts: 1 })).toEqual({
      status: "completed",
      result: "fallback after: psa down",
    });
    expect(calls).toBe(2);
  });

  it("sleeps without holding a slot, and step.sendEvent triggers other functions", async () => {
    const received = vi.fn();
    const sender = inngest.createFunction({ id: "sender", triggers: [{ event: "test/go" }] }, async ({ step }) => {
      await step.sleep("pause", "5s");
      await step.sendEvent("fan-out", [{ name: "test/child", data: { n: 1 } }, { name: "test/child", data: { n: 2 } }]);
      return "sent";
    });
    const child = inngest.createFunction({ id: "child", triggers: [{ event: "test/child" }] }, async ({ event }) => {
      received(event.data);
    });
    const { runner, delays } = makeRunner([sender, child]);
    await runner.send([go()]);
    await runner.drain();
    expect(delays).toEqual([5000]);
    expect(received.mock.calls.map((c) => c[0])).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("refuses step tools that need an Inngest server, without retrying", async () => {
    const fn = inngest.createFunction({ id: "waits", triggers: [{ event: "test/go" }] }, async ({ step }) => {
      await step.waitForEvent("wait", { event: "test/never", timeout: "1h" });
    });
    const { runner } = makeRunner([fn]);
    const outcome = await runner.enqueue(fn, { name: "test/go", data: {}, id: "e9", ts: 1 });
    expect(outcome).toMatchObject({ status: "failed", error: { message: expect.stringContaining("INNGEST_DEV") } });
  });
});

describe("InlineRunner queue", () => {
  it("runs at most `concurrency` runs at once and drops events beyond the queue bound", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let running = 0;
    let maxRunning = 0;
    const fn = inngest.createFunction({ id: "slow", triggers: [{ event: "test/go" }] }, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await gate;
      running--;
    });
    const { runner, logger } = makeRunner([fn], { concurrency: 2, maxQueue: 3 });
    const { ids, dropped } = await runner.send(["a", "b", "c", "d", "e", "f", "g"].map((id) => go(id)));
    expect(ids).toHaveLength(7);
    // a and b run, c d e wait in the queue, f and g do not fit.
    expect(dropped).toEqual(["f", "g"]);
    expect(runner.stats()).toEqual({ queued: 3, active: 2, waiting: 0 });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("inline queue full"));
    release();
    await runner.drain();
    expect(maxRunning).toBe(2);
    expect(runner.stats()).toEqual({ queued: 0, active: 0, waiting: 0 });
  });

  it("does not run an event id twice while it is pending, and honours keyed concurrency", async () => {
    const started: string[] = [];
    const release = new Map<string, () => void>();
    const fn = inngest.createFunction(
      { id: "keyed", triggers: [{ event: "test/go" }], concurrency: { limit: 1, key: "event.data.partnerId" } },
      async ({ event }) => {
        started.push(event.id!);
        await new Promise<void>((resolve) => release.set(event.id!, resolve));
      },
    );
    const { runner } = makeRunner([fn]);
    const tick = () => new Promise((r) => setImmediate(r));
    await runner.send([go("p1-a", { partnerId: "p1" }), go("p1-a", { partnerId: "p1" }), go("p1-b", { partnerId: "p1" }), go("p2-a", { partnerId: "p2" })]);
    await tick();
    // One run per partner at a time; the repeated id p1-a is not queued again.
    expect(started).toEqual(["p1-a", "p2-a"]);
    expect(runner.stats()).toEqual({ queued: 1, active: 2, waiting: 0 });
    release.get("p1-a")!();
    await tick();
    expect(started).toEqual(["p1-a", "p2-a", "p1-b"]);
    release.get("p2-a")!();
    release.get("p1-b")!();
    await runner.drain();
    expect(started).toHaveLength(3);
  });

  it("ignores events no function listens to and validates typed events before queueing", async () => {
    const fn = inngest.createFunction({ id: "noop", triggers: [{ event: "test/go" }] }, async () => "ok");
    const { runner } = makeRunner([fn]);
    expect(await runner.send([{ name: "test/unknown", data: {}, id: "u1" }])).toEqual({ ids: ["u1"], dropped: [] });
    await expect(
      runner.send([{ name: "test/go", data: {}, validate: async () => Promise.reject(new Error("partnerId: invalid")) }]),
    ).rejects.toThrow("partnerId");
    expect(runner.stats()).toEqual({ queued: 0, active: 0, waiting: 0 });
  });
});

describe("InlineRunner batchEvents", () => {
  /** A runner whose batch timeouts wait until the test fires them. */
  function batchingRunner(fns: InlineRunnerOptions["functions"]) {
    const timers: { ms: number; fire: () => void }[] = [];
    const runner = new InlineRunner({
      functions: fns,
      sleep: (ms) => new Promise<void>((resolve) => timers.push({ ms, fire: resolve })),
      logger: quietLogger(),
    });
    return { runner, timers };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it("runs one run per maxSize events of one key, with every event in `events`, and the rest after the timeout", async () => {
    const runs: { key: unknown; ids: string[]; first: string }[] = [];
    const fn = inngest.createFunction(
      { id: "batched", triggers: [{ event: "test/go" }], batchEvents: { maxSize: 3, timeout: "2s", key: "event.data.partnerId" } },
      async ({ event, events }) => {
        runs.push({ key: event.data.partnerId, ids: events.map((e) => e.id!), first: event.id! });
        return events.length;
      },
    );
    const { runner, timers } = batchingRunner([fn]);
    const p1 = ["a", "b", "c", "d"].map((id) => go(id, { partnerId: "p1" }));
    const p2 = [go("x", { partnerId: "p2" })];
    await runner.send([p1[0]!, p2[0]!, ...p1.slice(1)]);
    await tick();
    // p1's first three filled a batch at once; d (p1) and x (p2) wait for their batches' timeouts.
    expect(runs).toEqual([{ key: "p1", ids: ["a", "b", "c"], first: "a" }]);
    expect(timers.map((t) => t.ms)).toEqual([2000, 2000, 2000]);
    let drained = false;
    void runner.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    for (const t of timers) t.fire();
    await runner.drain();
    expect(runs.slice(1).sort((a, b) => String(a.key).localeCompare(String(b.key)))).toEqual([
      { key: "p1", ids: ["d"], first: "d" },
      { key: "p2", ids: ["x"], first: "x" },
    ]);
  });

  it("does not batch an event id twice while it is pending, and counts batched events against the queue bound", async () => {
    const seen: string[] = [];
    const fn = inngest.createFunction(
      { id: "batched-bound", triggers: [{ event: "test/go" }], batchEvents: { maxSize: 10, timeout: "1s" } },
      async ({ events }) => {
        seen.push(...events.map((e) => e.id!));
      },
    );
    const timers: (() => void)[] = [];
    const runner = new InlineRunner({ functions: [fn], maxQueue: 2, sleep: () => new Promise<void>((r) => timers.push(r)), logger: quietLogger() });
    const { dropped } = await runner.send([go("a"), go("a"), go("b"), go("c")]);
    expect(dropped).toEqual(["c"]);
    for (const fire of timers) fire();
    await runner.drain();
    expect(seen).toEqual(["a", "b"]);
  });

  it("retries a failed batch as one run, with the same events", async () => {
    let calls = 0;
    const sizes: number[] = [];
    const fn = inngest.createFunction(
      { id: "batched-retry", triggers: [{ event: "test/go" }], retries: 2, batchEvents: { maxSize: 2, timeout: "1s" } },
      async ({ events, step }) =>
        step.run("write", () => {
          calls++;
          sizes.push(events.length);
          if (calls < 2) throw new Error("busy");
          return events.length;
        }),
    );
    const { runner } = makeRunner([fn]);
    await runner.send([go("a"), go("b")]);
    await runner.drain();
    expect(calls).toBe(2);
    expect(sizes).toEqual([2, 2]);
  });
});
