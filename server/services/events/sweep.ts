import type { DbOrTx } from "~/db";
import { type EventRef, listStaleEvents, type StaleCursor } from "~/db/queries/event-processing";

/**
 * Crash recovery for event processing: nothing acknowledged is lost. An event is stored before the
 * ingest API answers and handed to a job right after; if the hand-over never happened (the process
 * died, the job queue was unreachable or full) the event stays `received`, and if the job was lost
 * after the hand-over it stays `dispatched`. The sweeper hands such events over again.
 *
 * It is a system job: it looks at every partner's events, and each re-dispatch carries the event's
 * own partner id.
 */
export const SWEEP_RULES = {
  /** A `received` event older than this was never handed over. */
  receivedStaleMs: 60_000,
  /** A `dispatched` event older than this lost its job (jobs finish in seconds). */
  dispatchedStaleMs: 10 * 60_000,
  batchSize: 1000,
  /** Batches per status and run; the next run continues with what is left. */
  maxBatches: 10,
} as const;

export type SweepReason = "never-dispatched" | "job-lost";

/** Hands events over to the job queue; reports how many went through. Must not throw. */
export type SweepDispatch = (items: EventRef[], reason: SweepReason) => Promise<{ dispatched: number; failed: number }>;

export type SweepSummary = {
  /** `received` events found stale / handed over. */
  received: { found: number; dispatched: number };
  /** `dispatched` events found stale / handed over again. */
  dispatched: { found: number; dispatched: number };
  /** False when a hand-over failed or the batch limit was hit; the next run continues. */
  complete: boolean;
};

export async function sweepStaleEvents(
  db: DbOrTx,
  opts: { dispatch: SweepDispatch; now?: Date; batchSize?: number; maxBatches?: number },
): Promise<SweepSummary> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? SWEEP_RULES.batchSize;
  const maxBatches = opts.maxBatches ?? SWEEP_RULES.maxBatches;
  const received = await sweepStatus(db, {
    status: "received",
    before: new Date(now.getTime() - SWEEP_RULES.receivedStaleMs),
    reason: "never-dispatched",
    dispatch: opts.dispatch,
    batchSize,
    maxBatches,
  });
  const dispatched = await sweepStatus(db, {
    status: "dispatched",
    before: new Date(now.getTime() - SWEEP_RULES.dispatchedStaleMs),
    reason: "job-lost",
    dispatch: opts.dispatch,
    batchSize,
    maxBatches,
  });
  return {
    received: { found: received.found, dispatched: received.dispatched },
    dispatched: { found: dispatched.found, dispatched: dispatched.dispatched },
    complete: received.complete && dispatched.complete,
  };
}

async function sweepStatus(
  db: DbOrTx,
  input: {
    status: "received" | "dispatched";
    before: Date;
    reason: SweepReason;
    dispatch: SweepDispatch;
    batchSize: number;
    maxBatches: number;
  },
) {
  let found = 0;
  let dispatched = 0;
  // Keyset paging: re-dispatched `dispatched` rows keep their status, so an offset-free cursor is
  // what moves the sweep forward.
  let after: StaleCursor | undefined;
  for (let batch = 0; batch < input.maxBatches; batch++) {
    const rows = await listStaleEvents(db, { status: input.status, before: input.before, after, limit: input.batchSize });
    if (rows.length === 0) return { found, dispatched, complete: true };
    found += rows.length;
    const result = await input.dispatch(
      rows.map((r) => ({ partnerId: r.partnerId, eventId: r.eventId })),
      input.reason,
    );
    dispatched += result.dispatched;
    // The queue is unreachable or full: stop here, the rows stay as they are for the next run.
    if (result.failed > 0) return { found, dispatched, complete: false };
    if (rows.length < input.batchSize) return { found, dispatched, complete: true };
    const last = rows[rows.length - 1]!;
    after = { receivedAt: last.receivedAt, id: last.eventId };
  }
  return { found, dispatched, complete: false };
}
