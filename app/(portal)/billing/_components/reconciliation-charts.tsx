"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Label, Select } from "~/components/ui/form";
import { Skeleton } from "~/components/ui/spinner";
import { USAGE_CHART_DAYS } from "~/server/services/billing/views-format";

import { formatQuantity, formatSignedMoney, plural } from "../_lib/format";

type ByItem = RouterOutputs["billing"]["reconciliation"]["byItem"];
type Days = (typeof USAGE_CHART_DAYS)[number];

const CHART_HEIGHT = 220;

/** The value of the differences per item (the current filter) as bars: above zero the PSA under-bills, below it over-bills. */
export function DifferenceByItemChart({ byItem, currency }: { byItem: ByItem; currency: string }) {
  const data = byItem.map((b) => ({ name: b.itemName ?? b.itemCode ?? "", value: b.differenceValue, difference: b.difference, unit: b.unit }));
  const summary = data.map((d) => `${d.name}: ${formatSignedMoney(d.value, currency)}`).join("; ");
  return (
    <Card aria-labelledby="difference-chart-heading" className="px-4 pt-3 pb-2">
      <h2 id="difference-chart-heading" className="text-sm font-semibold text-slate-800">
        Value of the differences per item
      </h2>
      <p className="text-xs text-slate-600">Above zero the PSA bills less than the vendor delivered; below zero it bills more. Follows the filters above.</p>
      <figure aria-label={`Value of the differences per item. ${summary}`} className="mt-2">
        <BarChart responsive data={data} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} tickLine={false} />
          <YAxis tick={{ fontSize: 11 }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatSignedMoney(v, currency)} width={80} />
          <ReferenceLine y={0} stroke="#94a3b8" />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            formatter={(value, _name, entry) => {
              const p = entry.payload as (typeof data)[number];
              return [`${formatSignedMoney(Number(value), currency)} (${formatQuantity(p.difference)} ${p.unit ?? ""})`, "Difference"];
            }}
          />
          <Bar dataKey="value" name="Difference" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.value >= 0 ? "#f59e0b" : "#6366f1"} />
            ))}
          </Bar>
        </BarChart>
      </figure>
    </Card>
  );
}

/** Usage of one item over time (summed per period over every customer), with an item and a period picker. */
export function UsageChart() {
  const trpc = useTRPC();
  const ids = { item: useId(), days: useId() };
  const [itemCode, setItemCode] = useState<string | undefined>(undefined);
  const [days, setDays] = useState<Days>(90);
  const input = itemCode ? { itemCode, days } : { days };
  const chart = useQuery(trpc.billing.usageChart.queryOptions(input, { placeholderData: keepPreviousData, refetchOnWindowFocus: false }));
  const data = chart.data;
  const unit = data?.item?.unit ?? "";
  const latest = data?.points.at(-1);

  return (
    <Card aria-labelledby="usage-chart-heading" className="px-4 pt-3 pb-2">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="usage-chart-heading" className="text-sm font-semibold text-slate-800">
            Usage over time
          </h2>
          <p className="text-xs text-slate-600">What the vendor reported per period, summed over every customer.</p>
        </div>
        <div className="flex flex-wrap gap-3">
          <div>
            <Label htmlFor={ids.item}>Item</Label>
            <Select id={ids.item} value={data?.itemCode ?? itemCode ?? ""} onChange={(e) => setItemCode(e.target.value || undefined)} disabled={!data}>
              {data && !data.itemCode ? <option value="">No usage yet</option> : null}
              {(data?.items ?? []).map((i) => (
                <option key={i.code} value={i.code}>
                  {i.name}
                  {i.hasUsage ? "" : " (no usage)"}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor={ids.days}>Period</Label>
            <Select id={ids.days} value={days} onChange={(e) => setDays(Number(e.target.value) as Days)}>
              {USAGE_CHART_DAYS.map((d) => (
                <option key={d} value={d}>
                  Last {d} days
                </option>
              ))}
            </Select>
          </div>
        </div>
      </div>
      {chart.isPending ? (
        <div role="status" className="py-2">
          <span className="sr-only">Loading the usage chart</span>
          <Skeleton className="h-[200px] w-full" />
        </div>
      ) : chart.isError ? (
        <ErrorState title="The usage chart could not be loaded" message={errorMessage(chart.error)} onRetry={() => void chart.refetch()} />
      ) : data!.points.length === 0 ? (
        <EmptyState title={data!.itemCode ? "No usage of this item in the period" : "No usage reported yet"}>
          The vendor platform reports usage through the ingest API (<code className="font-mono">PUT /api/v1/usage</code>).
        </EmptyState>
      ) : (
        <figure
          aria-label={`${data!.item?.name ?? "Usage"} over the last ${data!.days} days: ${plural(data!.points.length, "period")}, latest ${formatQuantity(latest?.quantity)} ${unit} on ${latest?.period}`}
          className="mt-2"
        >
          <LineChart responsive data={data!.points} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="period" tick={{ fontSize: 11 }} minTickGap={24} tickLine={false} />
            <YAxis tick={{ fontSize: 11 }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatQuantity(v)} />
            <Tooltip formatter={(value) => [`${formatQuantity(Number(value))} ${unit}`, data!.item?.name ?? "Usage"]} />
            <Line type="monotone" dataKey="quantity" name={data!.item?.name ?? "Usage"} stroke="#2563eb" strokeWidth={2} dot={data!.points.length < 40} isAnimationActive={false} />
          </LineChart>
        </figure>
      )}
    </Card>
  );
}
