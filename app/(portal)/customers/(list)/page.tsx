import type { Metadata } from "next";

import { getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";

import { CustomerList } from "../_components/customer-list";
import { customersListInput, viewFromSearch } from "../_lib/search-params";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const view = viewFromSearch({ get: (k) => { const v = params[k]; return (Array.isArray(v) ? v[0] : v) ?? null; } });
  await getQueryClient().prefetchQuery(trpc.customers.list.queryOptions(customersListInput(view)));
  return (
    <HydrateClient>
      <CustomerList />
    </HydrateClient>
  );
}
