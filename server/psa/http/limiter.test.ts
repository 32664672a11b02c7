import { describe, expect, it } from "vitest";

import { PsaError } from "../errors";

import { ConnectionLimiter } from "./limiter";
import { backoffDelay, StopRetry, withRetry } from "./retry";

describe("ConnectionLimiter", () => {
  it("keeps at most N requests in flight per key and lets other keys through", async () => {
    const limiter = new ConnectionLimiter({ provider: "autotask", maxConcurrentPerKey: 3, hourlyBudget: 1000 });
    let inFlight = 0;
    let peak = 0;
    let otherKeyRan = false;
    const gate: Array<() => void> = [];
    const task = () =>
      limiter.run("Tickets", async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((r) => gate.push(r));
        inFlight--;
      });
    const all = Array.from({ length: 7 }, task);
    await limiter.run("Companies", async () => {
      otherKeyRan = true;
    });
    expect(otherKeyRan).toBe(true);
    while (gate.length || inFlight) {
      await new Promise((r) => setTimeout(r, 1));
      gate.shift()?.();
    }
    await Promise.all(all);
    expect(peak).toBe(3);
  });

  it("refuses with a throttled error once the hourly budget is spent, and recovers as the hour rolls", async () => {
    let now = 1_000_000;
    const limiter = new ConnectionLimiter({ provider: "autotask", maxConcurrentPerKey: 3, hourlyBudget: 2, now: () => now });
    await limiter.run("A", async () => 1);
    now += 10_000;
    await limiter.run("A", async () => 1);
    const err = await limiter.run("A", async () => 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PsaError);
    expect((err as PsaError).kind).toBe("throttled");
    expect((err as PsaError).retryAfterMs).toBe(3_600_000 - 10_000);
    now += 3_600_000;
    await expect(limiter.run("A", async () => "ok")).resolves.toBe("ok");
  });
});

describe("withRetry", () => {
  const throttled = (retryAfterMs?: number) => new PsaError({ kind: "throttled", provider: "connectwise", message: "slow down", retryAfterMs });
  it("retries throttled and unavailable, honouring Retry-After", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw throttled(2500);
        if (calls === 2) throw new PsaError({ kind: "unavailable", provider: "connectwise", message: "down" });
        return "done";
      },
      { maxRetries: 4, baseMs: 100, sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );
    expect(result).toBe("done");
    expect(waits).toEqual([2500, 200]);
  });

  it("never retries invalid, and stops after maxRetries", async () => {
    let calls = 0;
    const invalid = new PsaError({ kind: "invalid", provider: "autotask", message: "bad" });
    await expect(withRetry(async () => { calls++; throw invalid; }, { maxRetries: 4, baseMs: 1, sleep: async () => {} })).rejects.toBe(invalid);
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw throttled(); }, { maxRetries: 2, baseMs: 1, sleep: async () => {} })).rejects.toBeInstanceOf(PsaError);
    expect(calls).toBe(3);
  });

  it("backs off exponentially with full jitter under a cap", () => {
    expect(backoffDelay(0, { baseMs: 500, random: () => 1 })).toBe(500);
    expect(backoffDelay(3, { baseMs: 500, random: () => 1 })).toBe(4000);
    expect(backoffDelay(10, { baseMs: 500, maxMs: 30_000, random: () => 1 })).toBe(30_000);
    expect(backoffDelay(3, { baseMs: 500, random: () => 0 })).toBe(0);
  });

  it("gives up at once on a wait longer than maxWaitMs, on giveUp, and on StopRetry", async () => {
    const opts = { maxRetries: 4, baseMs: 1, sleep: async () => {} };
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw throttled(120_000); }, { ...opts, maxWaitMs: 60_000 })).rejects.toMatchObject({ retryAfterMs: 120_000 });
    expect(calls).toBe(1);
    const down = new PsaError({ kind: "unavailable", provider: "autotask", message: "down" });
    calls = 0;
    await expect(withRetry(async () => { calls++; throw down; }, { ...opts, giveUp: (e) => e.kind === "unavailable" })).rejects.toBe(down);
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new StopRetry(down); }, opts)).rejects.toBe(down);
    expect(calls).toBe(1);
  });
});
