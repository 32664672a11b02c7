"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import type { EventFiltersInput } from "~/server/api/routers/event-filters";

const POLL_MS = 5_000;

/**
 * While the newest page is shown, asks every 5 s how many matching events arrived above the top
 * row and offers to show them. The list itself never moves under the reader's eyes.
 */
export function NewEventsBanner({
  filters,
  after,
  enabled,
  refreshing,
  onShow,
}: {
  filters: EventFiltersInput;
  after: string | null;
  enabled: boolean;
  refreshing: boolean;
  onShow: () => void;
}) {
  const trpc = useTRPC();
  const newer = useQuery(
    trpc.events.newerCount.queryOptions(
      { filters, after },
      { enabled, refetchInterval: POLL_MS, refetchIntervalInBackground: false, staleTime: 0, retry: false },
    ),
  );
  const count = enabled && newer.data ? newer.data.count : 0;
  const label = newer.data?.capped ? `${count}+` : String(count);
  return (
    <div aria-live="polite" className="empty:hidden">
      {count > 0 ? (
        <div className="flex items-center justify-center gap-3 border-b border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          <span>
            {label} new {count === 1 ? "event" : "events"}
          </span>
          <Button size="sm" onClick={onShow} disabled={refreshing}>
            {refreshing ? "Loading…" : "Show"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
