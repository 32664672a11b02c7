import type { Metadata } from "next";

import { getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";

import { CustomerMap } from "./_components/customer-map";

export const metadata: Metadata = { title: "Customer Map" };

export default async function CustomerMapPage() {
  await getQueryClient().prefetchQuery(trpc.customerMap.status.queryOptions());
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Customer Map</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Which PSA company — and contract — each of your customers belongs to. Tickets for a customer are opened on its mapped company; unmapped
          customers get no tickets.
        </p>
      </div>
      <HydrateClient>
        <CustomerMap />
      </HydrateClient>
    </div>
  );
}
