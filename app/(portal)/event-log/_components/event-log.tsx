"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { ErrorState } from "~/components/ui/error-state";
import { Spinner, TableSkeleton } from "~/components/ui/spinner";
import type { EventFiltersInput } from "~/server/api/routers/event-filters";

import { filtersFromSearch, hasFilters, listInput, searchFromFilters } from "../_lib/search-params";
import { EventChart } from "./event-chart";
import { EventFiltersBar } from "./event-filters";
import { EventLogEmpty } from "./event-log-empty";
import { EventTable } from "./event-table";
import { NewEventsBanner } from "./new-events-banner";
import { ReprocessMatching } from "./reprocess-matching";

/** At most this many pages stay loaded; older ones scrolled past are dropped and re-fetched by "Newer". */
const MAX_PAGES = 10;

export function EventLog({ sandboxLinks = false }: { sandboxLinks?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchParams = useSearchParams();
  const urlFilters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);

  // Filters live in the URL (the History API keeps Next's router in step without a server round
  // trip). The controls follow a local copy at once; the URL catches up, and back/forward moves
  // the local copy to whatever the URL says.
  const [filters, setLocalFilters] = useState(urlFilters);
  const [seenUrl, setSeenUrl] = useState(() => searchFromFilters(urlFilters).toString());
  const urlKey = searchFromFilters(urlFilters).toString();
  if (urlKey !== seenUrl) {
    setSeenUrl(urlKey);
    if (urlKey !== searchFromFilters(filters).toString()) setLocalFilters(urlFilters);
  }
  const setFilters = useCallback((next: EventFiltersInput) => {
    // Through the URL form and back: one canonical shape (no undefined keys), so query keys match.
    const query = searchFromFilters(next).toString();
    setLocalFilters(filtersFromSearch(new URLSearchParams(query)));
    window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
  }, []);

  const list = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(listInput(filters), {
      getNextPageParam: (page) => page.nextCursor,
      getPreviousPageParam: (page) => page.prevCursor,
      maxPages: MAX_PAGES,
      placeholderData: keepPreviousData,
      refetchOnWindowFocus: false,
    }),
  );

  const pages = list.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const atTop = list.isSuccess && !list.isPlaceholderData && !list.hasPreviousPage;

  const showNewEvents = useCallback(async () => {
    await list.refetch();
    await queryClient.invalidateQueries({ queryKey: trpc.events.histogram.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.events.filterOptions.queryKey() });
  }, [list, queryClient, trpc]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Event Log</h1>
        <p className="text-sm text-slate-600">Everything the vendor platform reported, newest first.</p>
      </div>

      <EventFiltersBar filters={filters} onChange={setFilters} />
      <EventChart filters={filters} />
      <ReprocessMatching filters={filters} onDone={showNewEvents} />

      <Card aria-labelledby="events-heading">
        <h2 id="events-heading" className="sr-only">
          Events
        </h2>
        <NewEventsBanner
          filters={filters}
          enabled={atTop}
          after={atTop ? (items[0]?.cursor ?? null) : null}
          onShow={showNewEvents}
          refreshing={list.isRefetching && !list.isFetchingNextPage && !list.isFetchingPreviousPage}
        />
        <div aria-live="polite" className="sr-only">
          {list.isPlaceholderData ? "Updating the list…" : ""}
        </div>
        {list.isPending ? (
          <TableSkeleton label="Loading events" rows={10} />
        ) : list.isError && items.length === 0 ? (
          <ErrorState title="The Event Log could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EventLogEmpty filtered={hasFilters(filters)} onClear={() => setFilters({})} />
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            {list.hasPreviousPage ? (
              <div className="flex justify-center border-b border-slate-200 p-2">
                <Button variant="secondary" size="sm" onClick={() => void list.fetchPreviousPage()} disabled={list.isFetchingPreviousPage}>
                  {list.isFetchingPreviousPage ? "Loading…" : "Newer"}
                </Button>
              </div>
            ) : null}
            <EventTable items={items} sandboxLinks={sandboxLinks} />
            <div className="flex flex-col items-center gap-2 border-t border-slate-200 p-3">
              {list.isFetchNextPageError ? (
                <p role="alert" className="text-sm text-red-800">
                  Older events could not be loaded: {errorMessage(list.error)}
                </p>
              ) : null}
              {list.hasNextPage ? (
                <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                  {list.isFetchingNextPage ? <Spinner label="Loading older events" /> : null}
                  {list.isFetchingNextPage ? "Loading…" : list.isFetchNextPageError ? "Retry loading older" : "Load older"}
                </Button>
              ) : (
                <p className="text-sm text-slate-500">End of the log for these filters.</p>
              )}
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
