"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";

import type { SaveSummary } from "./changes-summary";
import { CompanyCombobox, type PickedCompany } from "./company-combobox";

type Progress = { done: number; total: number; created: number; mapped: number; blocked: number; running: boolean; error: string | null; stopped: boolean };

/**
 * Import from the PSA: one company, or every unmapped company in chunks (each chunk is idempotent
 * by vendor customer id, so stopping, failing or retrying never creates duplicates).
 */
export function ImportPanel({ providerLabel, onImported }: { providerLabel: string; onImported: (summary: SaveSummary) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [company, setCompany] = useState<PickedCompany | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const stop = useRef(false);
  const one = useMutation(
    trpc.customerMap.importCompany.mutationOptions({
      onSuccess: (result) => {
        onImported({
          title: result.created ? `Imported ${result.customer.name} as customer ${result.customer.vendorCustomerId}` : `${result.customer.name} was already imported`,
          changes: result.changes,
        });
        setCompany(null);
        // Just imported: it is mapped now, so the picker must stop offering it.
        void queryClient.invalidateQueries({ queryKey: trpc.customerMap.searchCompanies.pathKey() });
      },
    }),
  );
  const batch = useMutation(trpc.customerMap.importUnmapped.mutationOptions());

  async function importAll() {
    stop.current = false;
    let state: Progress = { done: 0, total: 0, created: 0, mapped: 0, blocked: 0, running: true, error: null, stopped: false };
    setProgress(state);
    for (;;) {
      try {
        const r = await batch.mutateAsync({ batchSize: 25 });
        const done = state.done + r.processed;
        state = { ...state, done, total: Math.max(state.total, done + r.remaining), created: state.created + r.created, mapped: state.mapped + r.mapped, blocked: r.blocked };
        setProgress(state);
        if (r.remaining === 0 || r.processed === 0) break;
        if (stop.current) {
          state = { ...state, stopped: true };
          break;
        }
      } catch (err) {
        state = { ...state, error: errorMessage(err as Parameters<typeof errorMessage>[0]) };
        break;
      }
    }
    state = { ...state, running: false };
    setProgress(state);
    onImported({
      title: `Import from ${providerLabel}: ${state.created} customers created, ${state.mapped} mapped`,
      changes: [],
      notes: [`${state.done} of ${state.total} unmapped companies processed.${state.error ? ` Stopped by an error: ${state.error}` : ""}`],
    });
  }

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress?.running ? 0 : 100;

  return (
    <Card aria-labelledby="import-heading">
      <CardHeader
        id="import-heading"
        title={`Import customers from ${providerLabel}`}
        description={`Creates a customer (vendor id psa-…) for a ${providerLabel} company and maps it. Importing twice never creates a duplicate.`}
      />
      <CardBody className="space-y-4">
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Import one company"
          onSubmit={(e) => {
            e.preventDefault();
            if (company) one.mutate({ companyId: company.id });
          }}
        >
          <div className="min-w-72 flex-1">
            <CompanyCombobox label="One company" value={company} onChange={setCompany} disabled={one.isPending} excludeMapped />
          </div>
          <Button type="submit" disabled={!company || one.isPending} className="mb-5">
            {one.isPending ? "Importing…" : "Import company"}
          </Button>
        </form>
        {one.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {errorMessage(one.error)}
          </p>
        ) : null}

        <div className="space-y-2 border-t border-slate-200 pt-4">
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="secondary" onClick={() => void importAll()} disabled={progress?.running}>
              Import all unmapped companies
            </Button>
            {progress?.running ? (
              <Button variant="ghost" onClick={() => (stop.current = true)}>
                Stop
              </Button>
            ) : null}
          </div>
          {progress ? (
            <div aria-live="polite" className="space-y-1 text-sm">
              <div
                role="progressbar"
                aria-label="Import progress"
                aria-valuemin={0}
                aria-valuemax={progress.total}
                aria-valuenow={progress.done}
                className="h-2 w-full overflow-hidden rounded bg-slate-200"
              >
                <div className="h-full bg-blue-600 transition-all" style={{ width: `${pct}%` }} />
              </div>
              <p>
                {progress.running ? "Importing… " : progress.stopped ? "Stopped. " : progress.error ? "Interrupted. " : "Done. "}
                {progress.done} of {progress.total} companies processed · {progress.created} customers created · {progress.mapped} mapped
                {progress.blocked > 0 ? ` · ${progress.blocked} left alone (their psa-… customer is mapped to another company)` : ""}
              </p>
              {progress.error ? (
                <p role="alert" className="text-red-700">
                  {progress.error} Run the import again to continue; nothing is duplicated.
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
      </CardBody>
    </Card>
  );
}
