import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { caller, getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";
import { connectedSandboxTenant, sandboxPageEnabled } from "~/server/api/routers/sandbox";

import { type SelectedTenant, SandboxView } from "./_components/sandbox-view";
import { listsFromParams } from "./_lib/lists";

export const metadata: Metadata = { title: "Sandbox" };
export const dynamic = "force-dynamic";

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Demo and test modes only: a read-only look into the PSA sandboxes this portal serves, so a
 * person can see the tickets, notes, quantities and configuration items PSA Relay pushed.
 */
export default async function SandboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!sandboxPageEnabled()) notFound();
  const params = await searchParams;
  const queryClient = getQueryClient();
  const [tenants, { connection }] = await Promise.all([queryClient.fetchQuery(trpc.sandbox.tenants.queryOptions()), caller.integration.get()]);
  const find = (provider: string | undefined, id: string | undefined) =>
    provider === "autotask" || provider === "connectwise" ? tenants.find((t) => t.provider === provider && t.id.toLowerCase() === (id ?? "").toLowerCase()) : undefined;
  // Without a choice in the address, the tenant the partner's PSA connection points at (where its tickets go).
  const connected = connectedSandboxTenant(connection);
  const selectedTenant = find(first(params.provider), first(params.tenant)) ?? find(connected?.provider, connected?.id) ?? tenants[0];
  const selected: SelectedTenant | null = selectedTenant ? { provider: selectedTenant.provider, id: selectedTenant.id } : null;
  // Each list's search and page come from the address (the view builds the same request from it).
  const lists = listsFromParams((key) => first(params[key]));
  if (selected) await queryClient.prefetchQuery(trpc.sandbox.tenant.queryOptions({ ...selected, lists }));

  return (
    <div className="min-w-0 space-y-4">
      <div>
        <p className="text-sm text-slate-600">Demo and test modes</p>
        <h1 className="text-xl font-semibold">Sandbox</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The Autotask and ConnectWise sandboxes this portal serves, as PSA Relay sees them: tickets with their notes, contracts
          and agreements, their contract services and additions with the quantities a billing sync wrote, and configuration
          items. Nothing here can be changed.
        </p>
      </div>
      <HydrateClient>
        <SandboxView selected={selected} />
      </HydrateClient>
    </div>
  );
}
