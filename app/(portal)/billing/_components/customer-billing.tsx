"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button, ButtonLink } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { TableSkeleton } from "~/components/ui/spinner";

import { formatSignedMoney, plural } from "../_lib/format";
import { Approvals } from "./approvals";
import { AuditTrail } from "./audit-trail";
import { syncBlocker } from "./billing-header";
import { OrphansTable } from "./orphans-unmapped";
import { ReconciliationTable } from "./reconciliation-table";
import { RunProgress } from "./run-progress";
import { CustomerStatusBadge } from "./status-badge";

/** One customer's billing: mapping and last result, Sync now, its lines, orphans, pending changes and audit trail. */
export function CustomerBilling({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  const view = useQuery(trpc.billing.customer.queryOptions({ customerId }));
  const overview = useQuery(trpc.billing.overview.queryOptions());
  const [runId, setRunId] = useState<string | null>(null);
  const sync = useMutation(trpc.billing.syncNow.mutationOptions({ onSuccess: (run) => setRunId(run.id) }));

  if (view.isPending || overview.isPending) return <TableSkeleton label="Loading the customer's billing" rows={6} />;
  if (view.isError || overview.isError) {
    return (
      <ErrorState
        title="This customer's billing could not be loaded"
        message={errorMessage(view.error ?? overview.error)}
        onRetry={() => {
          void view.refetch();
          void overview.refetch();
        }}
      />
    );
  }
  const { customer, lines, orphans, pendingCount } = view.data;
  const o = overview.data;
  const currency = o.settings.currencyCode;
  const blocker = syncBlocker(o) ?? (customer.psaContractId ? null : "Map this customer to a PSA contract on the Customer Map first.");
  const differenceValue = lines.reduce((sum, l) => sum + (l.difference !== 0 ? (l.differenceValue ?? 0) : 0), 0);
  const differences = lines.filter((l) => l.difference !== 0).length;
  const shownRun = runId ?? customer.lastRunId;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/billing" className="text-blue-700 hover:underline">
          Billing
        </Link>{" "}
        <span aria-hidden>/</span> <span className="text-slate-600">{customer.name}</span>
      </nav>

      <Card aria-labelledby="customer-heading">
        <CardHeader
          id="customer-heading"
          title={<span className="text-xl">{customer.name}</span>}
          description={
            <>
              Vendor id <span className="font-mono">{customer.vendorCustomerId}</span> ·{" "}
              {customer.psaCompanyName ? (
                <>
                  PSA company {customer.psaCompanyName}
                  {customer.psaContractId ? ` · contract ${customer.psaContractName ?? customer.psaContractId}` : " · no contract"}
                </>
              ) : (
                "not mapped to a PSA company"
              )}
            </>
          }
          actions={
            o.canEdit ? (
              <Button onClick={() => sync.mutate({ customerId })} disabled={Boolean(blocker) || sync.isPending} aria-describedby={blocker ? "customer-sync-blocker" : undefined}>
                {sync.isPending ? "Starting…" : "Sync now"}
              </Button>
            ) : null
          }
        />
        <CardBody className="space-y-3 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <span className="text-slate-600">Last sync:</span>
            <CustomerStatusBadge status={customer.lastStatus} />
            {customer.lastSyncedAt ? <span className="font-mono text-xs text-slate-600">{formatDateTime(customer.lastSyncedAt, timeZone)}</span> : null}
            {lines.length > 0 ? (
              <span className="text-slate-700">
                · {plural(differences, "difference")}, value {formatSignedMoney(differenceValue, currency)} · {plural(pendingCount, "change")} waiting
              </span>
            ) : null}
          </p>
          {customer.lastStatus === "failed" ? (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">
              <p className="font-medium">{customer.lastMessage ?? "The last sync of this customer failed."}</p>
              {customer.lastHint ? <p className="mt-1">What to change in the PSA: {customer.lastHint}</p> : null}
            </div>
          ) : customer.lastMessage ? (
            <p className="text-slate-700">{customer.lastMessage}</p>
          ) : null}
          {!customer.psaContractId ? (
            <p className="flex flex-wrap items-center gap-2 text-slate-700">
              Without a contract on the Customer Map this customer is not billed.
              <ButtonLink href="/customer-map" size="sm">
                Open the Customer Map
              </ButtonLink>
            </p>
          ) : null}
          {o.canEdit && blocker ? (
            <p id="customer-sync-blocker" className="text-slate-600">
              {blocker}
            </p>
          ) : null}
          {sync.isError ? (
            <p role="alert" className="text-red-800">
              {errorMessage(sync.error)}
            </p>
          ) : null}
          {shownRun ? (
            <div className="border-t border-slate-200 pt-3">
              <RunProgress key={shownRun} runId={shownRun} justStarted={shownRun === runId} />
            </div>
          ) : null}
        </CardBody>
      </Card>

      <Card aria-labelledby="lines-heading">
        <CardHeader id="lines-heading" title="Quantities" description="Vendor against PSA quantity per item, as the last sync of this customer saw them." />
        {lines.length === 0 ? (
          <EmptyState title="Not compared yet">{o.canEdit ? "Press Sync now to compare this customer's usage with the PSA." : "The next sync compares this customer's usage with the PSA."}</EmptyState>
        ) : (
          <ReconciliationTable lines={lines} currency={currency} timeZone={timeZone} showCustomer={false} label="Reconciliation" />
        )}
        {orphans.length > 0 ? (
          <section aria-labelledby="customer-orphans-heading" className="border-t border-slate-200">
            <h3 id="customer-orphans-heading" className="px-4 pt-3 text-sm font-semibold text-slate-800">
              Orphaned PSA services on this contract
            </h3>
            <OrphansTable orphans={orphans} currency={currency} timeZone={timeZone} showCustomer={false} />
          </section>
        ) : null}
      </Card>

      <Approvals
        customerId={customerId}
        canEdit={o.canEdit}
        currency={currency}
        items={o.items}
        pendingCount={pendingCount}
        decisionCap={o.decisionCap}
        onRunStarted={setRunId}
      />

      <AuditTrail customerId={customerId} currency={currency} />
    </div>
  );
}
