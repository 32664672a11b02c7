"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Button, buttonClasses } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Input, Label, Select } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";
import { RECONCILIATION_STATUS_FILTERS, type ReconciliationStatusFilter } from "~/server/services/billing/views-format";

import { formatSignedMoney, plural } from "../_lib/format";
import { billingHref, csvHref, hasFilters, reconciliationInput, type ReconciliationView, viewFromSearch } from "../_lib/search-params";
import { Pager } from "./pager";
import { DifferenceByItemChart } from "./reconciliation-charts";
import { ReconciliationTable } from "./reconciliation-table";

type FailedCustomers = RouterOutputs["billing"]["reconciliation"]["failedCustomers"];

function navigate(href: string, replace = false) {
  if (replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
}

/** The reconciliation: filters in the URL, totals of the whole filter, failed customers, the table (50 a page) and its CSV. */
export function Reconciliation({ currency, items }: { currency: string; items: { code: string; name: string }[] }) {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  const searchParams = useSearchParams();
  const view = useMemo(() => viewFromSearch(searchParams), [searchParams]);
  const ids = { search: useId(), item: useId(), status: useId() };
  const [draft, setDraft] = useState(view.search);
  // Back / forward or a link changed the URL's search: the box follows it.
  const [seenSearch, setSeenSearch] = useState(view.search);
  if (view.search !== seenSearch) {
    setSeenSearch(view.search);
    if (view.search !== draft.trim()) setDraft(view.search);
  }

  // Debounced search: the URL (and so the query) follows the box 300 ms after typing stops.
  useEffect(() => {
    if (draft.trim() === view.search) return;
    const timer = setTimeout(() => navigate(billingHref({ ...view, search: draft, page: 1 }), true), 300);
    return () => clearTimeout(timer);
  }, [draft, view]);

  const setView = (next: Partial<ReconciliationView>) => navigate(billingHref({ ...view, page: 1, ...next }));
  const rec = useQuery(trpc.billing.reconciliation.queryOptions(reconciliationInput(view), { placeholderData: keepPreviousData }));
  const data = rec.data;
  const filtered = hasFilters(view);

  return (
    <div className="space-y-4">
      <Card aria-labelledby="reconciliation-heading">
        <CardHeader
          id="reconciliation-heading"
          title="Reconciliation"
          description="What the vendor delivered against what the PSA bills, per customer and item, as the last sync of each customer saw it."
          actions={
            <a href={csvHref(view)} className={buttonClasses("secondary", "sm")}>
              Export CSV
            </a>
          }
        />
        <div className="grid gap-4 border-b border-slate-200 p-4 md:grid-cols-4">
          <div className="md:col-span-2">
            <Label htmlFor={ids.search}>Search customer</Label>
            <Input id={ids.search} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Name or vendor id" />
          </div>
          <div>
            <Label htmlFor={ids.item}>Item</Label>
            <Select id={ids.item} value={view.itemCode ?? ""} onChange={(e) => setView({ itemCode: e.target.value || null })}>
              <option value="">All items</option>
              {items.map((i) => (
                <option key={i.code} value={i.code}>
                  {i.name}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor={ids.status}>Status</Label>
            <Select id={ids.status} value={view.status} onChange={(e) => setView({ status: e.target.value as ReconciliationStatusFilter })}>
              {RECONCILIATION_STATUS_FILTERS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </Select>
          </div>
        </div>

        {data ? (
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-2 text-sm" aria-live="polite">
            <p className="text-slate-700">
              {plural(data.totals.rows, "line")} · {plural(data.totals.withDifference, "difference")} · value of the differences{" "}
              <strong className="tabular-nums">{formatSignedMoney(data.totals.differenceValue, currency)}</strong>
              {data.totals.unpriced > 0 ? (
                <span className="text-slate-500"> ({plural(data.totals.unpriced, "difference")} without a PSA price not counted)</span>
              ) : null}
            </p>
            {filtered ? (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  setDraft("");
                  navigate(billingHref({}));
                }}
              >
                Clear filters
              </Button>
            ) : null}
          </div>
        ) : null}

        {data && data.failedCustomers.total > 0 ? <FailedCustomersList failed={data.failedCustomers} timeZone={timeZone} /> : null}

        {rec.isPending ? (
          <TableSkeleton label="Loading the reconciliation" rows={8} />
        ) : rec.isError && !data ? (
          <ErrorState title="The reconciliation could not be loaded" message={errorMessage(rec.error)} onRetry={() => void rec.refetch()} />
        ) : data!.items.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No line matches these filters"
              action={
                <Button
                  variant="secondary"
                  onClick={() => {
                    setDraft("");
                    navigate(billingHref({}));
                  }}
                >
                  Clear filters
                </Button>
              }
            >
              {view.status === "differences" ? "Every customer and item that matches is in sync with the PSA." : "Search looks at the customer name and vendor id."}
            </EmptyState>
          ) : (
            <EmptyState title="No sync has compared quantities yet">
              After a sync, each mapped customer and item shows here with the vendor and PSA quantity. Map customers on the{" "}
              <Link href="/customer-map" className="font-medium text-blue-700 underline">
                Customer Map
              </Link>
              , decide the billable items in{" "}
              <Link href="/integration-setup" className="font-medium text-blue-700 underline">
                Integration Setup
              </Link>{" "}
              and press Sync all now.
            </EmptyState>
          )
        ) : (
          <div className={rec.isPlaceholderData ? "opacity-60" : undefined}>
            <ReconciliationTable lines={data!.items} currency={currency} timeZone={timeZone} />
            <Pager
              label="Reconciliation pages"
              page={view.page}
              pageSize={data!.pageSize}
              total={data!.total}
              noun="line"
              disabled={rec.isPlaceholderData}
              onPage={(page) => navigate(billingHref({ ...view, page }))}
            />
          </div>
        )}
      </Card>
      {data && data.byItem.length > 0 ? <DifferenceByItemChart byItem={data.byItem} currency={currency} /> : null}
    </div>
  );
}

function FailedCustomersList({ failed, timeZone }: { failed: FailedCustomers; timeZone: string }) {
  return (
    <section aria-labelledby="failed-customers-heading" className="border-b border-slate-200 bg-red-50/50 px-4 py-3">
      <h3 id="failed-customers-heading" className="text-sm font-semibold text-red-900">
        {plural(failed.total, "customer")} failed at the last sync — change this in the PSA, then Sync now
      </h3>
      <ul className="mt-2 space-y-2 text-sm">
        {failed.items.map((f) => (
          <li key={f.customerId}>
            <Link href={`/billing/customers/${f.customerId}`} className="font-medium text-blue-700 hover:underline">
              {f.customerName}
            </Link>{" "}
            <span className="text-xs text-slate-500">{f.lastSyncedAt ? formatDateTime(f.lastSyncedAt, timeZone) : "never synced"}</span>
            <span className="block text-red-900">{f.lastMessage ?? "The sync failed."}</span>
            {f.lastHint ? <span className="block text-slate-700">What to change: {f.lastHint}</span> : null}
          </li>
        ))}
      </ul>
      {failed.total > failed.items.length ? (
        <p className="mt-2 text-xs text-slate-600">
          The {failed.items.length} most recent are shown; filter by status “Failed” or export the CSV for all of them.
        </p>
      ) : null}
    </section>
  );
}
