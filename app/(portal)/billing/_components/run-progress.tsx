"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Spinner } from "~/components/ui/spinner";

import { plural, TRIGGER_LABEL } from "../_lib/format";
import { RunStatusBadge } from "./status-badge";

type Run = RouterOutputs["billing"]["run"];

/** A run still queued after this long is probably not being picked up. */
const STUCK_AFTER_MS = 2 * 60_000;

const active = (run: Run | undefined) => run?.status === "queued" || run?.status === "running";

/** What a run does, in words: "Sync now of all customers", "Applying 3 approved changes". */
export function runTitle(run: Run): string {
  if (run.trigger === "approval" && run.message?.startsWith("Revert of")) return `Reverting ${plural(run.changeIds?.length ?? 0, "change")}`;
  if (run.trigger === "approval") return `Applying ${plural(run.changeIds?.length ?? 0, "approved change")}`;
  const who = run.customerIds ? plural(run.customerIds.length, "customer") : "all mapped customers";
  return `${TRIGGER_LABEL[run.trigger]}: ${who}`;
}

/**
 * A billing run's progress (polled every second while queued or running) and then its result.
 * When a run this component watched finishes, every billing query is refreshed. `justStarted`:
 * the run was started from this page, so it is watched even when its first read already finds it
 * finished (a quick run can complete before the first poll).
 */
export function RunProgress({ runId, justStarted = false }: { runId: string; justStarted?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = usePartner();
  const run = useQuery(
    trpc.billing.run.queryOptions({ runId }, { refetchInterval: (q) => (active(q.state.data) ? 1000 : false), refetchOnWindowFocus: false }),
  );
  const wasActive = useRef(justStarted);
  const data = run.data;

  useEffect(() => {
    if (active(data)) {
      wasActive.current = true;
    } else if (data && wasActive.current) {
      wasActive.current = false;
      void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
    }
  }, [data, queryClient, trpc]);

  if (run.isPending) return <Spinner label="Loading the sync progress" />;
  if (run.isError) {
    return (
      <p role="alert" className="text-sm text-red-800">
        The sync progress could not be loaded: {errorMessage(run.error)}{" "}
        <button type="button" className="underline" onClick={() => void run.refetch()}>
          Retry
        </button>
      </p>
    );
  }

  const s = data!.stats;
  const total = Math.max(s.customers, s.done);
  const percent = total > 0 ? Math.round((s.done / total) * 100) : data!.status === "completed" ? 100 : 0;
  const counts = [
    [s.inSync, "in sync"],
    [s.applied, "applied"],
    [s.pendingApproval, "with changes waiting"],
    [s.failed, "failed"],
    [s.skipped, "skipped"],
  ] as const;

  return (
    <div className="space-y-2" aria-live="polite">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium text-slate-900">{runTitle(data!)}</span>
        <RunStatusBadge status={data!.status} />
        <span className="text-xs text-slate-500">started {formatDateTime(data!.createdAt, timeZone)}</span>
        {active(data) ? <Spinner label="Sync running" /> : null}
      </div>
      <div
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={s.done}
        aria-valuetext={`${s.done} of ${total} customers done`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={data!.status === "failed" ? "h-full bg-red-500" : "h-full bg-blue-600 transition-all"} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-700">
        {s.done} of {plural(total, "customer")} done
        {counts.map(([n, label]) => (n > 0 ? ` · ${n} ${label}` : null))} · {plural(s.writes, "write")} to the PSA
      </p>
      {data!.status === "queued" && run.dataUpdatedAt - new Date(data!.createdAt).getTime() > STUCK_AFTER_MS ? (
        <p className="text-sm text-amber-800">
          The sync has not started yet. If it stays queued, check that the job runner (Inngest) is running, then press Sync now again.
        </p>
      ) : null}
      {data!.message ? (
        <p className={data!.status === "failed" ? "text-sm text-red-800" : "text-sm text-slate-600"} role={data!.status === "failed" ? "alert" : undefined}>
          {data!.message}
        </p>
      ) : null}
    </div>
  );
}
