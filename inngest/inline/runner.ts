import { randomUUID } from "node:crypto";

import { durationToMs, type InngestFunction, serializeError } from "inngest";

import { concurrencySlots, keyValue } from "./concurrency";
import { type Invocation, invokeOnce } from "./invoke";
import type { SendableEvent } from "./step-tools";
import type { InlineEvent, InlineLogger, Run, RunOutcome } from "./types";

/**
 * Runs Inngest functions in this process when no Inngest server is configured: the same function
 * objects, their triggers, retries (exponential backoff with jitter, RetryAfterError, NonRetriableError),
 * memoised steps, onFailure, concurrency and event batching (`batchEvents`: one run per `maxSize`
 * events of one key, or fewer once `timeout` has passed since the first), in a bounded pool fed by a
 * bounded in-memory queue.
 * Nothing here is durable — the database is: rows whose runs were dropped or lost stay
 * `received`/`dispatched` and the events-sweep cron hands them over again.
 */

export type InlineRunnerOptions = {
  functions: readonly InngestFunction.Any[];
  /** Runs executing at once (default 8). */
  concurrency?: number;
  /** Runs waiting (queued or backing off) before new events are dropped (default 20,000). */
  maxQueue?: number;
  /** Waits for retries and sleeps; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Delay before retry number `failures` (1-based). */
  backoffMs?: (failures: number) => number;
  now?: () => number;
  logger?: InlineLogger;
};

/** Inngest's default when a function sets no `retries`: 4 retries after the first attempt. */
export const DEFAULT_RETRIES = 4;
const FAILED_EVENT = "inngest/function.failed";

export function defaultBackoffMs(failures: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, failures - 1), 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
  });

type FnOptions = {
  id: string;
  retries?: number;
  concurrency?: unknown;
  onFailure?: (ctx: Record<string, unknown>) => unknown;
  batchEvents?: { maxSize: number; timeout: string; key?: string; if?: string };
  triggers?: { event?: string | { name: string }; cron?: string; if?: string }[];
};

export const optionsOf = (fn: InngestFunction.Any) => fn.opts as unknown as FnOptions;
const handlerOf = (fn: InngestFunction.Any) => (fn as unknown as { fn: Run["handler"] })["fn"];

export class InlineRunner {
  readonly functions: readonly InngestFunction.Any[];
  readonly concurrency: number;
  readonly maxQueue: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoffMs: (failures: number) => number;
  private readonly now: () => number;
  private readonly logger: InlineLogger;
  private readonly queue: Run[] = [];
  private active = 0;
  private waiting = 0;
  private readonly slotUse = new Map<string, number>();
  private readonly pendingEvents = new Map<string, number>();
  private readonly pendingByFn = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private readonly warnedIf = new Set<string>();
  /** Batches being collected, by function and batch key. */
  private readonly batches = new Map<string, { fn: InngestFunction.Any; events: InlineEvent[] }>();
  /** Events waiting in batches. */
  private buffered = 0;

  constructor(opts: InlineRunnerOptions) {
    this.functions = opts.functions;
    this.concurrency = opts.concurrency ?? 8;
    this.maxQueue = opts.maxQueue ?? 20_000;
    this.sleep = opts.sleep ?? realSleep;
    this.backoffMs = opts.backoffMs ?? defaultBackoffMs;
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger ?? console;
  }

  stats() {
    return { queued: this.queue.length, active: this.active, waiting: this.waiting };
  }

  /** Functions triggered by an event name (exact, or an `area/*` wildcard trigger). */
  functionsFor(name: string): InngestFunction.Any[] {
    return this.functions.filter((fn) =>
      (optionsOf(fn).triggers ?? []).some((t) => {
        const trigger = typeof t.event === "string" ? t.event : t.event?.name;
        if (!trigger) return false;
        if (t.if && !this.warnedIf.has(fn.id())) {
          this.warnedIf.add(fn.id());
          this.logger.warn(`[jobs] ${fn.id()}: trigger condition "${t.if}" is not evaluated inline; the function runs for every ${trigger}`);
        }
        return trigger === name || (trigger.endsWith("/*") && name.startsWith(trigger.slice(0, -1)));
      }),
    );
  }

  /**
   * Queues a run per matching function for each event. An event whose id is already queued or
   * running is not run twice (as Inngest deduplicates by id). Events that do not fit in the queue are
   * dropped and reported in `dropped`.
   */
  async send(events: SendableEvent[]): Promise<{ ids: string[]; dropped: string[] }> {
    const ids: string[] = [];
    const dropped: string[] = [];
    // All events are validated before any is queued, and then queued without a pause, so one send
    // lands in the same batches.
    for (const raw of events) if (typeof raw.validate === "function") await raw.validate();
    for (const raw of events) {
      const event: InlineEvent = { name: raw.name, data: raw.data ?? {}, id: raw.id ?? randomUUID(), ts: raw.ts ?? this.now() };
      ids.push(event.id);
      if (this.pendingEvents.has(event.id)) continue;
      const fns = this.functionsFor(event.name);
      if (fns.length === 0) continue;
      if (this.queue.length + this.waiting + this.buffered + fns.length > this.maxQueue) {
        dropped.push(event.id);
        continue;
      }
      for (const fn of fns) {
        if (optionsOf(fn).batchEvents) this.addToBatch(fn, event);
        else void this.enqueue(fn, event);
      }
    }
    if (dropped.length > 0) this.noteDropped(dropped.length);
    return { ids, dropped };
  }

  /** A cron tick: skipped while the previous run of the function is still pending. */
  triggerCron(fn: InngestFunction.Any, cron: string): Promise<RunOutcome> | null {
    if ((this.pendingByFn.get(fn.id()) ?? 0) > 0) return null;
    const ts = this.now();
    return this.enqueue(fn, { name: "inngest/scheduled.timer", data: { cron }, id: `cron-${fn.id()}-${ts}`, ts });
  }

  /**
   * Queues one run of `fn` (regardless of the bound); resolves when it completed or finally failed.
   * A batch function's run gets `events` (default: the one event).
   */
  enqueue(fn: InngestFunction.Any, event: InlineEvent, events?: InlineEvent[]): Promise<RunOutcome> {
    const opts = optionsOf(fn);
    return new Promise<RunOutcome>((resolve) => {
      const run = this.createRun(fn.id(), handlerOf(fn), opts.retries ?? DEFAULT_RETRIES, event, {}, opts.concurrency, (outcome) => {
        if (outcome.status === "failed" && opts.onFailure) {
          this.runFailureHandler(fn, run, outcome.error).finally(() => this.settle(run, outcome, resolve));
        } else this.settle(run, outcome, resolve);
      });
      if (events) run.events = events;
      this.track(run, +1);
      this.queue.push(run);
      this.pump();
    });
  }

  /**
   * Adds the event to the function's open batch for its key (Inngest's `batchEvents`): the batch
   * becomes one run when it holds `maxSize` events, or when `timeout` has passed since its first.
   */
  private addToBatch(fn: InngestFunction.Any, event: InlineEvent) {
    const config = optionsOf(fn).batchEvents!;
    if (config.if && !this.warnedIf.has(`${fn.id()}:batch`)) {
      this.warnedIf.add(`${fn.id()}:batch`);
      this.logger.warn(`[jobs] ${fn.id()}: batch condition "${config.if}" is not evaluated inline; every event is batched`);
    }
    const key = `${fn.id()}|${config.key ? (keyValue(event, config.key) ?? "*") : ""}`;
    let batch = this.batches.get(key);
    if (!batch) {
      const opened = { fn, events: [] as InlineEvent[] };
      batch = opened;
      this.batches.set(key, opened);
      void this.sleep(durationToMs(config.timeout as Parameters<typeof durationToMs>[0])).then(() => {
        if (this.batches.get(key) === opened) this.flushBatch(key);
      });
    }
    batch.events.push(event);
    this.buffered++;
    this.pendingEvents.set(event.id, (this.pendingEvents.get(event.id) ?? 0) + 1);
    if (batch.events.length >= Math.max(1, config.maxSize)) this.flushBatch(key);
  }

  private flushBatch(key: string) {
    const batch = this.batches.get(key);
    if (!batch) return;
    this.batches.delete(key);
    this.buffered -= batch.events.length;
    // The events were counted as pending when they joined the batch; the run takes that over.
    for (const e of batch.events) this.bump(this.pendingEvents, e.id, -1);
    void this.enqueue(batch.fn, batch.events[0]!, batch.events);
  }

  /** Resolves once nothing is queued, running or waiting to retry. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private createRun(
    fnId: string,
    handler: Run["handler"],
    retries: number,
    event: InlineEvent,
    extraCtx: Record<string, unknown>,
    concurrency: unknown,
    finish: Run["finish"],
  ): Run {
    return {
      runId: randomUUID(),
      fnId,
      handler,
      retries,
      event,
      extraCtx,
      slots: concurrencySlots(fnId, concurrency, event, this.logger),
      memo: new Map(),
      failures: new Map(),
      attempt: 0,
      finish,
    };
  }

  /** Inngest runs onFailure as its own function (`<id>-failure`, 1 retry) with a function.failed event. */
  private runFailureHandler(fn: InngestFunction.Any, failed: Run, error: Error): Promise<void> {
    const onFailure = optionsOf(fn).onFailure!;
    const event: InlineEvent = {
      name: FAILED_EVENT,
      id: `${failed.runId}-failed`,
      ts: this.now(),
      data: { function_id: fn.id(), run_id: failed.runId, error: serializeError(error), event: failed.event },
    };
    return new Promise((resolve) => {
      const run = this.createRun(`${fn.id()}-failure`, onFailure, 1, event, { error }, undefined, (outcome) => {
        if (outcome.status === "failed") {
          this.logger.error(`[jobs] ${fn.id()}: onFailure handler failed: ${outcome.error.message}`);
        }
        resolve();
      });
      this.queue.push(run);
      this.pump();
    });
  }

  private settle(run: Run, outcome: RunOutcome, resolve: (o: RunOutcome) => void) {
    if (outcome.status === "failed") {
      this.logger.warn(`[jobs] ${run.fnId} failed for event ${run.event.id} (run ${run.runId}): ${outcome.error.message}`);
    }
    this.track(run, -1);
    resolve(outcome);
    this.checkIdle();
  }

  private bump(map: Map<string, number>, key: string, delta: number) {
    const next = (map.get(key) ?? 0) + delta;
    if (next > 0) map.set(key, next);
    else map.delete(key);
  }

  private track(run: Run, delta: 1 | -1) {
    for (const e of run.events ?? [run.event]) this.bump(this.pendingEvents, e.id, delta);
    this.bump(this.pendingByFn, run.fnId, delta);
  }

  private hasCapacity(run: Run) {
    return run.slots.every((s) => (this.slotUse.get(s.key) ?? 0) < s.limit);
  }

  private pump() {
    while (this.active < this.concurrency) {
      const index = this.queue.findIndex((r) => this.hasCapacity(r));
      if (index < 0) break;
      const [run] = this.queue.splice(index, 1);
      this.active++;
      for (const s of run!.slots) this.slotUse.set(s.key, (this.slotUse.get(s.key) ?? 0) + 1);
      void this.execute(run!);
    }
    this.checkIdle();
  }

  private async execute(run: Run) {
    let result: Invocation;
    try {
      result = await invokeOnce(run, {
        sendEvents: (events) => this.sendFromStep(events),
        now: this.now,
        backoffMs: this.backoffMs,
        logger: this.logger,
      });
    } catch (err) {
      result = { kind: "failed", error: err instanceof Error ? err : new Error(String(err)) };
    }
    this.active--;
    for (const s of run.slots) {
      const left = (this.slotUse.get(s.key) ?? 1) - 1;
      if (left > 0) this.slotUse.set(s.key, left);
      else this.slotUse.delete(s.key);
    }
    if (result.kind === "again") {
      this.waiting++;
      void this.sleep(result.delayMs).then(() => {
        this.waiting--;
        this.queue.push(run);
        this.pump();
      });
    } else {
      run.finish(result.kind === "completed" ? { status: "completed", result: result.result } : { status: "failed", error: result.error });
    }
    this.pump();
  }

  private async sendFromStep(events: SendableEvent[]) {
    const { ids, dropped } = await this.send(events);
    if (dropped.length > 0) throw new Error(`The inline job queue is full; ${dropped.length} event(s) were not sent.`);
    return { ids };
  }

  private noteDropped(count: number) {
    this.droppedSinceLog += count;
    if (this.now() - this.lastDropLog < 10_000) return;
    this.logger.warn(
      `[jobs] inline queue full (${this.maxQueue} runs): ${this.droppedSinceLog} event(s) not queued; their rows stay unfinished and the events-sweep cron retries them`,
    );
    this.droppedSinceLog = 0;
    this.lastDropLog = this.now();
  }

  private isIdle() {
    return this.queue.length === 0 && this.active === 0 && this.waiting === 0 && this.buffered === 0;
  }

  private checkIdle() {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
