"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { SeverityBadge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Input, Label } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { customersHref, customersListInput, viewFromSearch } from "../_lib/search-params";
import { accountCountsText } from "./account-counts";

type Customer = RouterOutputs["customers"]["list"]["items"][number];
const column = createColumnHelper<Customer>();

function navigate(href: string, replace = false) {
  if (replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
}

export function CustomerList() {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  const searchParams = useSearchParams();
  const view = useMemo(() => viewFromSearch(searchParams), [searchParams]);
  const searchId = useId();
  const [draft, setDraft] = useState(view.search);

  // Debounced search: the URL (and so the query) follows the box 300 ms after typing stops.
  useEffect(() => {
    if (draft.trim() === view.search.trim()) return;
    const timer = setTimeout(() => navigate(customersHref({ search: draft }), true), 300);
    return () => clearTimeout(timer);
  }, [draft, view.search]);

  const list = useQuery(trpc.customers.list.queryOptions(customersListInput(view), { placeholderData: keepPreviousData }));

  const columns = useMemo(
    () => [
      column.accessor("vendorCustomerId", { header: "Vendor id", cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
      column.accessor("name", {
        header: "Name",
        cell: (c) => (
          <Link href={`/customers/${c.row.original.id}`} className="font-medium text-blue-700 hover:underline">
            {c.getValue()}
          </Link>
        ),
      }),
      column.accessor("domain", { header: "Domain", cell: (c) => c.getValue() ?? <span className="text-slate-400">—</span> }),
      column.accessor("accountCounts", { header: "Accounts", cell: (c) => accountCountsText(c.getValue()) }),
      column.display({
        id: "latest",
        header: "Latest event",
        cell: ({ row: { original: c } }) =>
          c.lastEventAt && c.lastEventSeverity ? (
            <span className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={c.lastEventSeverity} />
              <span className="font-mono text-xs">{c.lastEventType}</span>
              <span className="text-xs text-slate-500">{formatDateTime(c.lastEventAt, timeZone)}</span>
            </span>
          ) : (
            <span className="text-slate-400">No events yet</span>
          ),
      }),
    ],
    [timeZone],
  );

  const items = list.data?.items ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table returns fresh functions each render by design.
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel(), getRowId: (c) => c.id });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-xl font-semibold">Customers</h1>
        <div className="w-full max-w-sm">
          <Label htmlFor={searchId}>Search customers</Label>
          <Input
            id={searchId}
            type="search"
            placeholder="Name, vendor id or domain"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
      </div>
      <Card aria-label="Customer list">
        <div aria-live="polite" className="sr-only">
          {list.isFetching ? "Loading customers…" : `${items.length} customers shown`}
        </div>
        {list.isPending ? (
          <TableSkeleton label="Loading customers" />
        ) : list.isError && items.length === 0 ? (
          <ErrorState title="The customers could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          view.search ? (
            <EmptyState
              title={`No customers match “${view.search}”`}
              action={
                <Button variant="secondary" onClick={() => { setDraft(""); navigate(customersHref({})); }}>
                  Clear search
                </Button>
              }
            >
              Search looks at the name, the vendor customer id and the domain.
            </EmptyState>
          ) : (
            <EmptyState title="No customers yet">
              <p>
                Customers arrive from the vendor platform through the ingest API (<code className="font-mono">PUT /api/v1/customers</code>
                , then their accounts and events). Create a key for it in{" "}
                <Link href="/settings/api-keys" className="font-medium text-blue-700 underline">
                  Settings → API keys
                </Link>
                .
              </p>
            </EmptyState>
          )
        ) : (
          <div className={list.isPlaceholderData ? "opacity-60" : undefined}>
            <Table>
              <THead>
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((h) => (
                      <Th key={h.id}>{flexRender(h.column.columnDef.header, h.getContext())}</Th>
                    ))}
                  </tr>
                ))}
              </THead>
              <TBody>
                {table.getRowModel().rows.map((row) => (
                  <Tr key={row.id}>
                    {row.getVisibleCells().map((cell) => (
                      <Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Td>
                    ))}
                  </Tr>
                ))}
              </TBody>
            </Table>
            <div className="flex items-center justify-end gap-2 border-t border-slate-200 p-3">
              <Button
                variant="secondary"
                size="sm"
                disabled={!list.data?.prevCursor || list.isPlaceholderData}
                onClick={() => list.data?.prevCursor && navigate(customersHref({ search: view.search, before: list.data.prevCursor }))}
              >
                Previous
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={!list.data?.nextCursor || list.isPlaceholderData}
                onClick={() => list.data?.nextCursor && navigate(customersHref({ search: view.search, after: list.data.nextCursor }))}
              >
                Next
              </Button>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
