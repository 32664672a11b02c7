"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Badge } from "~/components/ui/badge";
import { ButtonLink } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { TableSkeleton } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { formatMoney, formatQuantity, plural } from "../_lib/format";
import { Pager } from "./pager";

export type OrphanLine = RouterOutputs["billing"]["orphans"]["items"][number];

/** PSA contract services / additions on mapped contracts that no item mapping explains. */
export function OrphansTable({ orphans, currency, timeZone, showCustomer = true }: { orphans: OrphanLine[]; currency: string; timeZone: string; showCustomer?: boolean }) {
  return (
    <Table aria-label="Orphaned PSA services">
      <THead>
        <tr>
          {showCustomer ? <Th>Customer</Th> : null}
          <Th>PSA service / product</Th>
          <Th>Contract</Th>
          <Th className="text-right">PSA qty</Th>
          <Th className="text-right">Unit price</Th>
          <Th>Seen ({timeZone})</Th>
        </tr>
      </THead>
      <TBody>
        {orphans.map((o) => (
          <Tr key={o.lineId}>
            {showCustomer ? (
              <Td>
                <Link href={`/billing/customers/${o.customerId}`} className="font-medium text-blue-700 hover:underline">
                  {o.customerName}
                </Link>
              </Td>
            ) : null}
            <Td>
              {o.psaServiceName ?? <span className="text-slate-500">Unnamed service</span>}
              {o.psaServiceId || o.psaContractServiceId ? (
                <span className="block font-mono text-xs text-slate-500">
                  {[o.psaServiceId ? `service ${o.psaServiceId}` : null, o.psaContractServiceId ? `record ${o.psaContractServiceId}` : null].filter(Boolean).join(" · ")}
                </span>
              ) : null}
            </Td>
            <Td className="font-mono text-xs">{o.psaContractId ?? "—"}</Td>
            <Td className="text-right tabular-nums">{formatQuantity(o.psaQuantity)}</Td>
            <Td className="text-right tabular-nums">{formatMoney(o.unitPrice, currency)}</Td>
            <Td className="font-mono text-xs whitespace-nowrap">{formatDateTime(o.checkedAt, timeZone)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

export function Orphans({ currency }: { currency: string }) {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.billing.orphans.queryOptions({ page }, { placeholderData: keepPreviousData }));
  return (
    <Card aria-labelledby="orphans-heading">
      <CardHeader
        id="orphans-heading"
        title="Orphaned PSA services"
        description="Contract services and agreement additions on mapped contracts that no billable item explains. They are billed but PSA Relay never updates them: map their item or remove them in the PSA."
      />
      {list.isPending ? (
        <TableSkeleton label="Loading orphaned services" rows={3} />
      ) : list.isError ? (
        <ErrorState title="Orphaned services could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No orphaned services">Every contract service the last syncs read belongs to a mapped billable item.</EmptyState>
      ) : (
        <div className={list.isPlaceholderData ? "opacity-60" : undefined}>
          <OrphansTable orphans={list.data.items} currency={currency} timeZone={timeZone} />
          <Pager label="Orphaned services pages" page={page} pageSize={list.data.pageSize} total={list.data.total} noun="orphaned service" onPage={setPage} />
        </div>
      )}
    </Card>
  );
}

/** Customers the sync cannot bill (no mapping or no contract) and billable items nobody decided on. */
export function Unmapped() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const list = useQuery(trpc.billing.unmapped.queryOptions({ page }, { placeholderData: keepPreviousData }));
  const data = list.data;
  return (
    <Card aria-labelledby="unmapped-heading">
      <CardHeader
        id="unmapped-heading"
        title="Unmapped"
        description="What keeps usage off an invoice: customers without a PSA contract and billable items without a decision."
      />
      {list.isPending ? (
        <TableSkeleton label="Loading unmapped customers and items" rows={3} />
      ) : list.isError ? (
        <ErrorState title="Unmapped customers and items could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : (
        <div className="grid gap-0 lg:grid-cols-3">
          <section aria-labelledby="unmapped-customers-heading" className="border-slate-200 lg:col-span-2 lg:border-r">
            <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-3">
              <h3 id="unmapped-customers-heading" className="text-sm font-semibold text-slate-800">
                Customers ({data!.customers.total.toLocaleString("en-US")})
              </h3>
              <ButtonLink href="/customer-map" size="sm">
                Open the Customer Map
              </ButtonLink>
            </div>
            {data!.customers.items.length === 0 ? (
              <EmptyState title="Every customer has a contract">Each customer is mapped to a PSA company and contract.</EmptyState>
            ) : (
              <div className={list.isPlaceholderData ? "opacity-60" : undefined}>
                <Table aria-label="Unmapped customers">
                  <THead>
                    <tr>
                      <Th>Customer</Th>
                      <Th>Missing</Th>
                      <Th>Usage</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {data!.customers.items.map((c) => (
                      <Tr key={c.customerId}>
                        <Td>
                          {c.customerName}
                          <span className="block font-mono text-xs text-slate-500">{c.vendorCustomerId}</span>
                        </Td>
                        <Td>
                          {c.reason === "no_mapping" ? (
                            <Badge tone="amber">No PSA company</Badge>
                          ) : (
                            <span>
                              <Badge tone="amber">No contract</Badge>
                              <span className="ml-1 text-xs text-slate-600">mapped to {c.psaCompanyName}</span>
                            </span>
                          )}
                        </Td>
                        <Td>{c.hasUsage ? <Badge tone="red">Has usage, not billed</Badge> : <span className="text-xs text-slate-500">none reported</span>}</Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
                <Pager label="Unmapped customers pages" page={page} pageSize={data!.customers.pageSize} total={data!.customers.total} noun="customer" onPage={setPage} />
              </div>
            )}
          </section>
          <section aria-labelledby="undecided-items-heading" className="border-t border-slate-200 px-4 py-3 lg:border-t-0">
            <h3 id="undecided-items-heading" className="text-sm font-semibold text-slate-800">
              Billable items without a decision ({data!.items.length})
            </h3>
            {data!.items.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">Every billable item is mapped to a PSA service or marked “not billed”.</p>
            ) : (
              <>
                <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
                  {data!.items.map((i) => (
                    <li key={i.code}>
                      {i.name} <span className="text-xs text-slate-500">per {i.unit}</span>
                    </li>
                  ))}
                </ul>
                <p className="mt-3 text-sm text-slate-600">
                  {plural(data!.items.length, "item")} {data!.items.length === 1 ? "is" : "are"} not synchronized until you pick a PSA service or “not billed”.
                </p>
                <ButtonLink href="/integration-setup" size="sm" className="mt-2">
                  Decide in Integration Setup
                </ButtonLink>
              </>
            )}
          </section>
        </div>
      )}
    </Card>
  );
}
