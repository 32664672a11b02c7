"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { ErrorState } from "~/components/ui/error-state";
import { TableSkeleton } from "~/components/ui/spinner";

import { Approvals } from "./approvals";
import { BillingHeader } from "./billing-header";
import { Orphans, Unmapped } from "./orphans-unmapped";
import { Reconciliation } from "./reconciliation";
import { UsageChart } from "./reconciliation-charts";

const SECTIONS = [
  { href: "#approvals-heading", label: "Approvals" },
  { href: "#reconciliation-heading", label: "Reconciliation" },
  { href: "#usage-chart-heading", label: "Usage" },
  { href: "#orphans-heading", label: "Orphans" },
  { href: "#unmapped-heading", label: "Unmapped" },
];

/** The Billing page: status and Sync all now, approvals, reconciliation with charts, orphans, unmapped. */
export function BillingPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.billing.overview.queryOptions());
  // The run started from this page (Sync all now, approvals); before that, the partner's latest run.
  const [startedRunId, setStartedRunId] = useState<string | null>(null);

  if (overview.isPending) return <TableSkeleton label="Loading billing" rows={6} />;
  if (overview.isError) {
    return <ErrorState title="Billing could not be loaded" message={errorMessage(overview.error)} onRetry={() => void overview.refetch()} />;
  }
  const o = overview.data;
  const currency = o.settings.currencyCode;
  const runId = startedRunId ?? o.lastRun?.id ?? null;

  return (
    <div className="space-y-4">
      <nav aria-label="Billing sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {SECTIONS.map((s) => (
          <a key={s.href} href={s.href} className="font-medium text-blue-700 hover:underline">
            {s.label}
            {s.label === "Approvals" && o.pendingCount > 0 ? ` (${o.pendingCount.toLocaleString("en-US")})` : ""}
          </a>
        ))}
      </nav>
      <BillingHeader overview={o} runId={runId} runStartedHere={startedRunId !== null} onRunStarted={setStartedRunId} />
      <Approvals
        canEdit={o.canEdit}
        currency={currency}
        items={o.items}
        pendingCount={o.pendingCount}
        decisionCap={o.decisionCap}
        onRunStarted={(id) => {
          setStartedRunId(id);
          document.getElementById("billing-status-heading")?.scrollIntoView({ behavior: "smooth", block: "start" });
        }}
      />
      <Reconciliation currency={currency} items={o.items} />
      <UsageChart />
      <Orphans currency={currency} />
      <Unmapped />
    </div>
  );
}
