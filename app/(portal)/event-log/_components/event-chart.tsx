"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";

import { formatShortDateTime } from "~/components/partner/date-time";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Card } from "~/components/ui/card";
import { ErrorState } from "~/components/ui/error-state";
import { Skeleton } from "~/components/ui/spinner";
import type { EventFiltersInput } from "~/server/api/routers/event-filters";

import { bucketLabel, fillBuckets } from "../_lib/chart-buckets";

const COLORS = { ok: "#10b981", warning: "#f59e0b", error: "#dc2626" };
const CHART_HEIGHT = 140;

/** Events per hour or day by severity for the current filters (the server bounds the window). */
export function EventChart({ filters }: { filters: EventFiltersInput }) {
  const trpc = useTRPC();
  const histogram = useQuery(
    trpc.events.histogram.queryOptions({ filters }, { placeholderData: keepPreviousData, refetchOnWindowFocus: false }),
  );
  const data = histogram.data;
  const points = useMemo(() => (data ? fillBuckets(data).map((p) => ({ ...p, label: bucketLabel(p.bucket, data.bucket) })) : []), [data]);
  const totals = points.reduce((t, p) => ({ ok: t.ok + p.ok, warning: t.warning + p.warning, error: t.error + p.error }), {
    ok: 0,
    warning: 0,
    error: 0,
  });

  return (
    <Card aria-labelledby="chart-heading" className="px-4 pt-3 pb-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="chart-heading" className="text-sm font-semibold text-slate-800">
          Events per {data?.bucket ?? "hour"} by severity
        </h2>
        {data ? (
          <p className="text-xs text-slate-600">
            {formatShortDateTime(data.from, data.timeZone)} – {formatShortDateTime(data.to, data.timeZone)} ({data.timeZone}) ·{" "}
            <span style={{ color: COLORS.ok }}>■</span> OK {totals.ok} · <span style={{ color: COLORS.warning }}>■</span> Warning{" "}
            {totals.warning} · <span style={{ color: COLORS.error }}>■</span> Error {totals.error}
          </p>
        ) : null}
      </div>
      {histogram.isPending ? (
        <div role="status" className="py-2">
          <span className="sr-only">Loading the chart</span>
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="mt-2 h-[120px] w-full" />
        </div>
      ) : histogram.isError ? (
        <ErrorState title="The chart could not be loaded" message={errorMessage(histogram.error)} onRetry={() => void histogram.refetch()} />
      ) : (
        <figure aria-label={`Chart of ${totals.ok + totals.warning + totals.error} events over the period shown`} className="mt-2">
          <BarChart responsive data={points} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} tickLine={false} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} />
            <Bar dataKey="ok" name="OK" stackId="s" fill={COLORS.ok} isAnimationActive={false} />
            <Bar dataKey="warning" name="Warning" stackId="s" fill={COLORS.warning} isAnimationActive={false} />
            <Bar dataKey="error" name="Error" stackId="s" fill={COLORS.error} isAnimationActive={false} />
          </BarChart>
        </figure>
      )}
    </Card>
  );
}
