"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Badge } from "~/components/ui/badge";
import { Button, ButtonLink } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Spinner } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { plural, PROVIDER_LABEL, writeModeText } from "../_lib/format";
import { RunProgress, runTitle } from "./run-progress";
import { RunStatusBadge } from "./status-badge";

export type Overview = RouterOutputs["billing"]["overview"];

/** Why a sync cannot start, as a sentence with what to do; null when it can. */
export function syncBlocker(overview: Overview): string | null {
  if (!overview.provider) return "Connect your PSA on Integration Setup first.";
  if (!overview.settings.enabled) return "Billing sync is off: turn it on in the billing settings on Integration Setup.";
  if (overview.mappedCustomers === 0) return "No customer is mapped yet: map customers to PSA companies and contracts on the Customer Map.";
  return null;
}

/** Billing on/off, write mode, the PSA, "Sync all now" (admins) and the progress of the latest run. */
export function BillingHeader({
  overview,
  runId,
  runStartedHere = false,
  onRunStarted,
}: {
  overview: Overview;
  runId: string | null;
  /** The run was started from this page (Sync all now, an approval) rather than being the latest one found. */
  runStartedHere?: boolean;
  onRunStarted: (runId: string) => void;
}) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const sync = useMutation(
    trpc.billing.syncNow.mutationOptions({
      onSuccess: (run) => {
        setConfirming(false);
        onRunStarted(run.id);
      },
    }),
  );
  const { settings, provider } = overview;
  const blocker = syncBlocker(overview);
  const needsSetup = !provider || !settings.enabled;

  return (
    <Card aria-labelledby="billing-status-heading">
      <CardHeader
        id="billing-status-heading"
        title="Billing sync"
        description="Vendor usage per customer and item, written to the PSA contracts the Customer Map points at."
        actions={
          overview.canEdit ? (
            <Button
              onClick={() => {
                sync.reset();
                setConfirming(true);
              }}
              disabled={Boolean(blocker) || sync.isPending}
              aria-describedby={blocker ? "sync-blocker" : undefined}
            >
              Sync all now
            </Button>
          ) : null
        }
      />
      <CardBody className="space-y-4">
        <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-slate-600">Billing sync</dt>
            <dd className="mt-0.5">{settings.enabled ? <Badge tone="green">On</Badge> : <Badge tone="neutral">Off</Badge>}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Write mode</dt>
            <dd className="mt-0.5 font-medium text-slate-900">{writeModeText(settings.writeMode, settings.thresholdPercent)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">PSA</dt>
            <dd className="mt-0.5 font-medium text-slate-900">
              {provider ? PROVIDER_LABEL[provider] : "Not connected"}
              {overview.connectionStatus === "failed" ? (
                <Badge tone="red" className="ml-2">
                  Connection failing
                </Badge>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Customers</dt>
            <dd className="mt-0.5 font-medium text-slate-900">
              {plural(overview.mappedCustomers, "mapped customer")}
              {overview.customersWithContract < overview.mappedCustomers ? (
                <span className="block text-xs font-normal text-slate-600">{overview.customersWithContract} with a contract</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Billing day</dt>
            <dd className="mt-0.5 text-slate-900">
              Day {settings.billingDay} of each month · {settings.currencyCode}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Waiting for approval</dt>
            <dd className="mt-0.5 text-slate-900">
              <a href="#approvals-heading" className="font-medium text-blue-700 hover:underline">
                {plural(overview.pendingCount, "change")}
              </a>
              {overview.inFlightCount > 0 ? <span className="block text-xs text-slate-600">{overview.inFlightCount} approved, being applied</span> : null}
            </dd>
          </div>
        </dl>

        {needsSetup ? (
          <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            <p>
              {!provider
                ? "No PSA is connected, so nothing is billed. Connect it and map the vendor's billable items to PSA services."
                : "Billing sync is off: quantities are not written to the PSA. Turn it on and map the billable items in the billing settings."}
            </p>
            <ButtonLink href="/integration-setup" size="sm">
              Go to Integration Setup
            </ButtonLink>
          </div>
        ) : overview.undecidedItems > 0 ? (
          <p className="text-sm text-slate-700">
            {plural(overview.undecidedItems, "billable item")} {overview.undecidedItems === 1 ? "has" : "have"} no decision yet (a PSA service or “not
            billed”).{" "}
            <Link href="/integration-setup" className="font-medium text-blue-700 underline">
              Decide in Integration Setup
            </Link>
          </p>
        ) : null}

        {overview.canEdit && blocker ? (
          <p id="sync-blocker" className="text-sm text-slate-600">
            {blocker}
          </p>
        ) : null}
        {!overview.canEdit ? <p className="text-sm text-slate-600">Only an admin can start a sync or approve changes. You can read everything here.</p> : null}
        {sync.isError && !confirming ? (
          <p role="alert" className="text-sm text-red-800">
            {errorMessage(sync.error)}
          </p>
        ) : null}

        <section aria-labelledby="last-run-heading" className="border-t border-slate-200 pt-4">
          <h3 id="last-run-heading" className="mb-2 text-sm font-semibold text-slate-800">
            Latest sync
          </h3>
          {runId ? <RunProgress key={runId} runId={runId} justStarted={runStartedHere} /> : <p className="text-sm text-slate-600">No sync has run yet.</p>}
          <RecentRuns canEdit={overview.canEdit} onRunStarted={onRunStarted} />
        </section>
      </CardBody>

      <ConfirmDialog
        open={confirming}
        title="Sync all customers now?"
        confirmLabel="Start the sync"
        pending={sync.isPending}
        error={sync.isError ? errorMessage(sync.error) : null}
        onConfirm={() => sync.mutate({})}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {plural(overview.mappedCustomers, "mapped customer")} {overview.mappedCustomers === 1 ? "is" : "are"} compared with {provider ? PROVIDER_LABEL[provider] : "the PSA"}{" "}
          now, even those synchronized in the last 12 hours.
        </p>
        <p className="mt-2">
          {settings.writeMode === "approve"
            ? "Every change waits for your approval below before anything is written."
            : settings.writeMode === "threshold"
              ? `Changes under ${settings.thresholdPercent}% are written at once; larger ones wait for approval.`
              : "Changes are written to the PSA at once."}
        </p>
      </ConfirmDialog>
    </Card>
  );
}

type Run = RouterOutputs["billing"]["runs"][number];

/** The partner's last few runs, collapsed; admins can revert a finished run that wrote to the PSA. */
function RecentRuns({ canEdit, onRunStarted }: { canEdit: boolean; onRunStarted: (runId: string) => void }) {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  const [open, setOpen] = useState(false);
  const [reverting, setReverting] = useState<Run | null>(null);
  const runs = useQuery(trpc.billing.runs.queryOptions({ limit: 10 }, { enabled: open }));
  const revert = useMutation(
    trpc.billing.revertRun.mutationOptions({
      onSuccess: (result) => {
        setReverting(null);
        onRunStarted(result.run.id);
        void runs.refetch();
      },
    }),
  );
  return (
    <details className="mt-3 text-sm" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer font-medium text-blue-700">Recent syncs</summary>
      <div className="mt-2">
        {runs.isPending ? (
          <Spinner label="Loading recent syncs" />
        ) : runs.isError ? (
          <p role="alert" className="text-red-800">
            Recent syncs could not be loaded: {errorMessage(runs.error)}
          </p>
        ) : runs.data.length === 0 ? (
          <p className="text-slate-600">No sync has run yet.</p>
        ) : (
          <Table aria-label="Recent syncs">
            <THead>
              <tr>
                <Th>Started ({timeZone})</Th>
                <Th>What</Th>
                <Th>Status</Th>
                <Th>Result</Th>
                {canEdit ? <Th><span className="sr-only">Revert</span></Th> : null}
              </tr>
            </THead>
            <TBody>
              {runs.data.map((r) => (
                <Tr key={r.id}>
                  <Td className="font-mono text-xs whitespace-nowrap">{formatDateTime(r.createdAt, timeZone)}</Td>
                  <Td>{runTitle(r)}</Td>
                  <Td>
                    <RunStatusBadge status={r.status} />
                  </Td>
                  <Td className="text-slate-700">
                    {r.stats.done}/{r.stats.customers} done · {r.stats.applied} applied · {r.stats.pendingApproval} waiting · {r.stats.failed} failed ·{" "}
                    {r.stats.writes} writes
                    {r.message ? <span className="block text-xs text-slate-500">{r.message}</span> : null}
                  </Td>
                  {canEdit ? (
                    <Td>
                      {r.status === "completed" && r.stats.writes > 0 ? (
                        <Button
                          variant="secondary"
                          aria-label={`Revert the run of ${formatDateTime(r.createdAt, timeZone)}`}
                          onClick={() => {
                            revert.reset();
                            setReverting(r);
                          }}
                        >
                          Revert
                        </Button>
                      ) : null}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </div>
      <ConfirmDialog
        open={reverting !== null}
        title="Revert this run?"
        confirmLabel="Write the previous quantities back"
        pending={revert.isPending}
        error={revert.isError ? errorMessage(revert.error) : null}
        onConfirm={() => reverting && revert.mutate({ runId: reverting.id })}
        onCancel={() => setReverting(null)}
      >
        <p>
          The {plural(reverting?.stats.writes ?? 0, "change")} this run wrote go back to the quantities they replaced. Each is checked against the PSA
          first: a quantity someone changed since is left alone.
        </p>
        <p className="mt-2">
          While the vendor&apos;s quantities still differ, the next sync proposes these changes again — switch the write mode to &quot;Always
          approve&quot; first if they should wait for you.
        </p>
      </ConfirmDialog>
    </details>
  );
}
