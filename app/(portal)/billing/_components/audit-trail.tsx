"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Spinner, TableSkeleton } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { formatMoney, formatQuantity } from "../_lib/format";
import { AuditStatusBadge } from "./status-badge";

/**
 * Every write to the PSA for this customer (who or what, when, before → after, PSA record), newest
 * first, with the proposals that were rejected, failed or replaced by a newer sync.
 */
export function AuditTrail({ customerId, currency }: { customerId: string; currency: string }) {
  const trpc = useTRPC();
  const { timeZone } = usePartner();
  const list = useInfiniteQuery(trpc.billing.audit.infiniteQueryOptions({ customerId }, { getNextPageParam: (page) => page.nextCursor }));
  const entries = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card aria-labelledby="audit-heading">
      <CardHeader
        id="audit-heading"
        title="Audit trail"
        description="Every quantity written to the PSA for this customer, newest first, and the proposals that were rejected, failed or replaced."
      />
      {list.isPending ? (
        <TableSkeleton label="Loading the audit trail" rows={4} />
      ) : list.isError && entries.length === 0 ? (
        <ErrorState title="The audit trail could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing written yet">Each quantity a sync or an approval writes to the PSA is recorded here with its PSA record.</EmptyState>
      ) : (
        <>
          <Table aria-label="Audit trail">
            <THead>
              <tr>
                <Th>When ({timeZone})</Th>
                <Th>Who / what</Th>
                <Th>Item</Th>
                <Th className="text-right">Before → after</Th>
                <Th className="text-right">Unit price</Th>
                <Th>Effective</Th>
                <Th>PSA record</Th>
                <Th>Result</Th>
              </tr>
            </THead>
            <TBody>
              {entries.map((e) => (
                <Tr key={e.id}>
                  <Td className="font-mono text-xs whitespace-nowrap">{formatDateTime(e.at, timeZone)}</Td>
                  <Td className="text-sm">
                    {e.status === "applied"
                      ? (e.appliedBy ?? "—")
                      : e.status === "rejected"
                        ? `rejected by ${e.decidedByName ?? "a former user"}`
                        : e.status === "superseded"
                          ? "replaced by a newer sync"
                          : (e.appliedBy ?? (e.decidedByName ? `approved by ${e.decidedByName}` : "automatic"))}
                  </Td>
                  <Td>
                    {e.itemName ?? e.itemCode}
                    <span className="block text-xs text-slate-500">{[e.psaServiceName, e.psaContractName ?? e.psaContractId].filter(Boolean).join(" · ")}</span>
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {formatQuantity(e.currentQuantity)} → <strong>{formatQuantity(e.newQuantity)}</strong>
                    {e.unit ? <span className="ml-1 text-xs text-slate-500">{e.unit}</span> : null}
                  </Td>
                  <Td className="text-right tabular-nums">{formatMoney(e.unitPrice, currency)}</Td>
                  <Td className="font-mono text-xs whitespace-nowrap">{e.effectiveDate}</Td>
                  <Td className="font-mono text-xs">{e.psaRecordRef ?? "—"}</Td>
                  <Td className="max-w-xs">
                    <AuditStatusBadge status={e.status} />
                    {e.message ? <span className={`mt-1 block text-xs ${e.status === "failed" ? "text-red-800" : "text-slate-600"}`}>{e.message}</span> : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="flex flex-col items-center gap-2 border-t border-slate-200 p-3">
            {list.isFetchNextPageError ? (
              <p role="alert" className="text-sm text-red-800">
                Older entries could not be loaded: {errorMessage(list.error)}
              </p>
            ) : null}
            {list.hasNextPage ? (
              <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? <Spinner label="Loading older entries" /> : null}
                {list.isFetchingNextPage ? "Loading…" : "Load older entries"}
              </Button>
            ) : (
              <p className="text-sm text-slate-500">Start of the audit trail.</p>
            )}
          </div>
        </>
      )}
    </Card>
  );
}
