"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button, ButtonLink } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Checkbox, Input, Label } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";

import { ChangesSummary, type SaveSummary } from "./changes-summary";
import { ImportPanel } from "./import-panel";
import { MappingTable } from "./mapping-table";
import type { MapRow } from "./row-editor";

const PAGE_SIZE = 50;
const PROVIDER_LABEL = { autotask: "Autotask", connectwise: "ConnectWise" } as const;

/** Customer Map: admins map, unmap, accept suggestions and import; technicians read. */
export function CustomerMap() {
  const trpc = useTRPC();
  const status = useQuery(trpc.customerMap.status.queryOptions());
  if (status.isPending) return <TableSkeleton label="Loading the Customer Map" rows={6} />;
  if (status.isError) return <ErrorState title="The Customer Map could not be loaded" message={errorMessage(status.error)} onRetry={() => void status.refetch()} />;
  if (!status.data.provider) {
    return (
      <Card>
        <EmptyState title="No PSA connected" action={<ButtonLink href="/integration-setup">Go to Integration Setup</ButtonLink>}>
          Connect your PSA on Integration Setup first. The Customer Map picks companies and contracts from the PSA.
        </EmptyState>
      </Card>
    );
  }
  return <MapView provider={status.data.provider} canEdit={status.data.canEdit} />;
}

function MapView({ provider, canEdit }: { provider: "autotask" | "connectwise"; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchId = useId();
  const unmappedId = useId();
  const problemsId = useId();
  const [onlyUnmapped, setOnlyUnmapped] = useState(false);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [unmapping, setUnmapping] = useState<MapRow | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [summary, setSummary] = useState<SaveSummary | null>(null);
  const label = PROVIDER_LABEL[provider];

  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(draft.trim());
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [draft]);

  const list = useQuery(trpc.customerMap.list.queryOptions({ onlyUnmapped, onlyProblems, search: search || undefined, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }));
  const suggestions = useQuery(trpc.customerMap.suggestions.queryOptions({}, { staleTime: 60_000 }));
  const byCustomer = useMemo(() => new Map((suggestions.data?.items ?? []).map((s) => [s.customerId, s])), [suggestions.data]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customerMap.pathKey() });
  const accept = useMutation(
    trpc.customerMap.acceptSuggestions.mutationOptions({
      onSuccess: async (result) => {
        setConfirmAll(false);
        setSummary({
          title: `${result.mapped} suggestion${result.mapped === 1 ? "" : "s"} accepted`,
          changes: result.changes,
          notes: [...result.missing, ...result.skipped].map((s) => `${s.customerName}: ${s.reason}`),
        });
        await refresh();
      },
    }),
  );
  const unmap = useMutation(
    trpc.customerMap.unmap.mutationOptions({
      onSuccess: async (result, input) => {
        setUnmapping(null);
        setSummary({ title: "Mapping removed", changes: result.changes });
        if (editingId === input.customerId) setEditingId(null);
        await refresh();
      },
    }),
  );

  const allSuggestions = suggestions.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div className="space-y-4">
      {summary ? <ChangesSummary summary={summary} onDismiss={() => setSummary(null)} /> : null}
      {!canEdit ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">Only an admin can change the Customer Map.</p>
      ) : null}

      <Card>
        <div className="flex flex-wrap items-end gap-4 border-b border-slate-200 p-4">
          <div className="min-w-64 flex-1">
            <Label htmlFor={searchId}>Search</Label>
            <Input id={searchId} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Name, vendor id, domain or PSA company" />
          </div>
          <label htmlFor={unmappedId} className="mb-2 flex items-center gap-2 text-sm text-slate-800">
            <Checkbox
              id={unmappedId}
              checked={onlyUnmapped}
              onChange={(e) => {
                setOnlyUnmapped(e.target.checked);
                setPage(1);
              }}
            />
            Only unmapped
          </label>
          <label htmlFor={problemsId} className="mb-2 flex items-center gap-2 text-sm text-slate-800">
            <Checkbox
              id={problemsId}
              checked={onlyProblems}
              onChange={(e) => {
                setOnlyProblems(e.target.checked);
                setPage(1);
              }}
            />
            Only rows with problems (unmapped or no {provider === "autotask" ? "contract" : "agreement"})
          </label>
          {canEdit ? (
            <Button variant="secondary" disabled={allSuggestions.length === 0 || accept.isPending} onClick={() => setConfirmAll(true)}>
              Accept all suggestions ({allSuggestions.length})
            </Button>
          ) : null}
        </div>
        {suggestions.isError ? (
          <p role="alert" className="border-b border-slate-200 px-4 py-2 text-sm text-amber-800">
            Suggestions are unavailable: {errorMessage(suggestions.error)}
          </p>
        ) : null}
        {accept.isError && !confirmAll ? (
          <p role="alert" className="border-b border-slate-200 px-4 py-2 text-sm text-red-700">
            {errorMessage(accept.error)}
          </p>
        ) : null}

        {list.isPending ? (
          <TableSkeleton label="Loading customers" rows={8} />
        ) : list.isError ? (
          <ErrorState title="Customers could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={search || onlyUnmapped || onlyProblems ? "No customer matches" : "No customers yet"}>
            {search || onlyUnmapped || onlyProblems
              ? "Clear the search or the filter to see every customer."
              : `Customers arrive with events from the ingest API, or import them from ${label} below.`}
          </EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <MappingTable
              rows={list.data.items}
              provider={provider}
              canEdit={canEdit}
              suggestions={byCustomer}
              editingId={editingId}
              acceptPending={accept.isPending}
              onEdit={setEditingId}
              onAccept={(customerId, companyId) => accept.mutate({ items: [{ customerId, companyId }] })}
              onUnmap={(row) => {
                unmap.reset();
                setUnmapping(row);
              }}
              onSaved={(row, changes) => {
                setEditingId(null);
                setSummary({ title: `Mapping of ${row.name} saved`, changes });
                void refresh();
              }}
            />
          </div>
        )}
        <nav aria-label="Pages" className="flex items-center justify-between border-t border-slate-200 px-4 py-2 text-sm text-slate-600">
          <span>
            {total} customer{total === 1 ? "" : "s"} · page {page} of {pages}
          </span>
          <span className="flex gap-2">
            <Button size="sm" variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous
            </Button>
            <Button size="sm" variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              Next
            </Button>
          </span>
        </nav>
      </Card>

      {canEdit ? (
        <ImportPanel
          providerLabel={label}
          onImported={(s) => {
            setSummary(s);
            void refresh();
          }}
        />
      ) : null}

      <ConfirmDialog
        open={Boolean(unmapping)}
        title={`Unmap ${unmapping?.name ?? ""}?`}
        confirmLabel="Unmap"
        pending={unmap.isPending}
        error={unmap.isError ? errorMessage(unmap.error) : null}
        onConfirm={() => unmapping && unmap.mutate({ customerId: unmapping.id })}
        onCancel={() => setUnmapping(null)}
      >
        No tickets are opened for this customer until it is mapped again. Currently mapped to {unmapping?.psaCompanyName}.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmAll}
        title={`Accept ${allSuggestions.length} suggestions?`}
        confirmLabel="Accept all"
        pending={accept.isPending}
        error={accept.isError ? errorMessage(accept.error) : null}
        onConfirm={() => accept.mutate({ items: allSuggestions.map((s) => ({ customerId: s.customerId, companyId: s.candidates[0]!.companyId })) })}
        onCancel={() => setConfirmAll(false)}
      >
        Each unmapped customer with a suggestion is mapped to its best match (exact name, then domain, then similar name), with the company&apos;s
        active recurring {provider === "autotask" ? "contract" : "agreement"} when it has exactly one. You can change any mapping afterwards.
      </ConfirmDialog>
    </div>
  );
}
