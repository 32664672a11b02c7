"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";

import { errorMessage } from "~/components/trpc/error-message";
import { usePartner } from "~/components/partner/partner-context";
import { useTRPC } from "~/components/trpc/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { cn } from "~/components/ui/cn";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { TableSkeleton } from "~/components/ui/spinner";

import { AutotaskTenant } from "./autotask-tenant";
import { ConnectWiseTenant } from "./connectwise-tenant";
import { listsFromParams } from "../_lib/lists";
import { PsaTime } from "./parts";

export type SelectedTenant = { provider: "autotask" | "connectwise"; id: string };

const PSA = { autotask: "Autotask", connectwise: "ConnectWise" } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const tenantHref = (t: SelectedTenant) => `/sandbox?provider=${t.provider}&tenant=${encodeURIComponent(t.id)}`;

/** The sandbox tenants of both PSAs on the left, the chosen one's data on the right. */
export function SandboxView({ selected }: { selected: SelectedTenant | null }) {
  const trpc = useTRPC();
  const tenants = useQuery({ ...trpc.sandbox.tenants.queryOptions(), staleTime: 0, refetchOnWindowFocus: "always" });

  if (tenants.isPending) return <TableSkeleton label="Loading the sandbox tenants" rows={6} />;
  if (tenants.isError) {
    return <ErrorState title="The sandbox tenants could not be loaded" message={errorMessage(tenants.error)} onRetry={() => void tenants.refetch()} />;
  }
  return (
    // minmax(0, 1fr): the chosen tenant's lists stay inside the page (their tables scroll in their own box).
    <div className="grid gap-4 lg:grid-cols-[18rem_minmax(0,1fr)]">
      <nav aria-label="Sandbox tenants" className="max-h-72 overflow-y-auto lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start">
        <ul className="space-y-1">
          {tenants.data.map((t) => {
            const current = selected?.provider === t.provider && selected.id.toLowerCase() === t.id.toLowerCase();
            return (
              <li key={`${t.provider}:${t.id}`}>
                <Link
                  href={tenantHref(t)}
                  aria-current={current ? "page" : undefined}
                  className={cn(
                    "block rounded-md border px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-blue-600",
                    current ? "border-slate-900 bg-slate-900 text-white" : "border-slate-200 bg-white text-slate-800 hover:bg-slate-50",
                  )}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="min-w-0 truncate font-medium" title={t.name}>
                      {t.name}
                    </span>
                    <Badge tone={t.provider === "autotask" ? "blue" : "amber"}>{PSA[t.provider]}</Badge>
                  </span>
                  <span className={cn("mt-0.5 block text-xs", current ? "text-slate-200" : "text-slate-500")}>
                    {t.id} · {plural(t.counts.tickets, "ticket")} ·{" "}
                    {plural(t.counts.services, t.provider === "autotask" ? "contract service" : "addition")} · {plural(t.counts.configurationItems, "CI")}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="min-w-0">{selected ? <TenantDetail selected={selected} onRefreshList={() => void tenants.refetch()} /> : <NoTenant />}</div>
    </div>
  );
}

function NoTenant() {
  return (
    <Card>
      <EmptyState title="No sandbox tenant chosen">Choose a tenant on the left to see what PSA Relay pushed to it.</EmptyState>
    </Card>
  );
}

function TenantDetail({ selected, onRefreshList }: { selected: SelectedTenant; onRefreshList: () => void }) {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  // What a sync just wrote should show without a reload: always refetch when the window regains focus.
  const params = useSearchParams();
  const lists = listsFromParams((key) => params.get(key));
  const tenant = useQuery({
    ...trpc.sandbox.tenant.queryOptions({ ...selected, lists }),
    staleTime: 0,
    refetchOnWindowFocus: "always",
    // A new search or page keeps the current lists on screen until its answer arrives.
    placeholderData: keepPreviousData,
  });
  if (tenant.isPending) return <TableSkeleton label="Loading the sandbox tenant" rows={8} />;
  if (tenant.isError) {
    return <ErrorState title="This sandbox tenant could not be loaded" message={errorMessage(tenant.error)} onRetry={() => void tenant.refetch()} />;
  }
  const { view } = tenant.data;
  return (
    <div className="space-y-4">
      <Card aria-labelledby="tenant-heading">
        <CardHeader
          id="tenant-heading"
          title={view.tenant.name}
          description={
            <>
              {PSA[tenant.data.provider]} sandbox tenant {view.tenant.id} · {view.tenant.counts.companies} companies. Read-only: this is what the sandbox
              holds now (as of <PsaTime value={new Date(tenant.dataUpdatedAt).toISOString()} timeZone={timeZone} />; refreshed when you
              come back to this window).
            </>
          }
          actions={
            <Button
              variant="secondary"
              size="sm"
              disabled={tenant.isFetching}
              onClick={() => {
                void tenant.refetch();
                onRefreshList();
              }}
            >
              {tenant.isFetching ? "Refreshing…" : "Refresh"}
            </Button>
          }
        />
      </Card>
      <div aria-busy={tenant.isPlaceholderData} className={tenant.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
        {tenant.data.provider === "autotask" ? (
          <AutotaskTenant view={tenant.data.view} pages={tenant.data.pages} />
        ) : (
          <ConnectWiseTenant view={tenant.data.view} pages={tenant.data.pages} />
        )}
      </div>
    </div>
  );
}
