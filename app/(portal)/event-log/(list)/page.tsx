import type { Metadata } from "next";

import { getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";
import { sandboxPageEnabled } from "~/server/api/routers/sandbox";

import { EventLog } from "../_components/event-log";
import { filtersFromSearch, listInput, optionsInput, toSource } from "../_lib/search-params";

export const metadata: Metadata = { title: "Event Log" };

export default async function EventLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = filtersFromSearch(toSource(await searchParams));
  const queryClient = getQueryClient();
  // The first page and the pickers render on the server; the chart loads in the browser.
  await Promise.all([
    queryClient.prefetchInfiniteQuery(
      trpc.events.list.infiniteQueryOptions(listInput(filters), { getNextPageParam: (page) => page.nextCursor }),
    ),
    queryClient.prefetchQuery(trpc.events.filterOptions.queryOptions(optionsInput(filters))),
  ]);
  return (
    <HydrateClient>
      <EventLog sandboxLinks={sandboxPageEnabled()} />
    </HydrateClient>
  );
}
