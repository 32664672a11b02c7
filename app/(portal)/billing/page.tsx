import type { Metadata } from "next";

import { getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";

import { BillingPage } from "./_components/billing-page";
import { FIRST_PENDING_INPUT, reconciliationInput, toSource, viewFromSearch } from "./_lib/search-params";

export const metadata: Metadata = { title: "Billing" };

export default async function Billing({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = viewFromSearch(toSource(await searchParams));
  const queryClient = getQueryClient();
  // The status, the first page of approvals and the reconciliation render on the server; charts and side lists load in the browser.
  await Promise.all([
    queryClient.prefetchQuery(trpc.billing.overview.queryOptions()),
    queryClient.prefetchQuery(trpc.billing.pending.queryOptions(FIRST_PENDING_INPUT)),
    queryClient.prefetchQuery(trpc.billing.reconciliation.queryOptions(reconciliationInput(view))),
  ]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Billing</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Every cycle the PSA invoice should carry exactly what the vendor delivered. Start a sync, approve what waits, and check vendor against PSA
          quantities per customer and item.
        </p>
      </div>
      <HydrateClient>
        <BillingPage />
      </HydrateClient>
    </div>
  );
}
