import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { caller, getQueryClient, HydrateClient, isNotFound, trpc } from "~/server/api/rsc";

import { CustomerBilling } from "../../_components/customer-billing";

export const metadata: Metadata = { title: "Billing of a customer" };

export default async function CustomerBillingPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await params;
  const queryClient = getQueryClient();
  try {
    // Through the caller (no query retries): not this partner's customer, or not an id at all, is a 404.
    queryClient.setQueryData(trpc.billing.customer.queryKey({ customerId }), await caller.billing.customer({ customerId }));
  } catch (error) {
    if (isNotFound(error)) notFound();
    throw error;
  }
  await Promise.all([
    queryClient.prefetchQuery(trpc.billing.overview.queryOptions()),
    queryClient.prefetchQuery(trpc.billing.pending.queryOptions({ filters: { customerId }, page: 1 })),
    queryClient.prefetchInfiniteQuery(trpc.billing.audit.infiniteQueryOptions({ customerId }, { getNextPageParam: (page) => page.nextCursor })),
  ]);
  return (
    <HydrateClient>
      <CustomerBilling customerId={customerId} />
    </HydrateClient>
  );
}
