"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";

import { formatDateTime, timeZoneLabel } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { SeverityBadge } from "~/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";
import type { RouterOutputs } from "~/components/trpc/types";

import { OutcomeBadge } from "./outcome-badge";
import { TicketNumbers } from "./ticket-numbers";

export type EventRow = RouterOutputs["events"]["list"]["items"][number];

/**
 * Event rows; the time is the link to the event, and a click anywhere on the row opens it too.
 * A fixed layout with set column widths: the message takes what is left and wraps (two lines at
 * most), so the notifications column stays on screen from 1024 px up.
 */
export function EventTable({ items, sandboxLinks }: { items: EventRow[]; sandboxLinks: boolean }) {
  const { timeZone } = usePartner();
  const router = useRouter();
  return (
    <Table className="w-full table-fixed">
      <colgroup>
        <col className="w-40" />
        <col className="w-24" />
        <col className="w-32" />
        <col className="w-48 xl:w-56" />
        <col />
        <col className="w-48 xl:w-56" />
      </colgroup>
      <THead>
        <tr>
          <Th>
            Time <span className="font-normal normal-case">({timeZoneLabel(timeZone)})</span>
          </Th>
          <Th>Severity</Th>
          <Th>Type</Th>
          <Th>Customer / account</Th>
          <Th>Message</Th>
          <Th>Notifications</Th>
        </tr>
      </THead>
      <TBody>
        {items.map((e) => (
          <Tr
            key={e.id}
            className="cursor-pointer"
            onClick={(ev) => {
              if ((ev.target as HTMLElement).closest("a")) return;
              router.push(`/event-log/${e.id}`);
            }}
          >
            <Td>
              <Link
                href={`/event-log/${e.id}`}
                className="font-mono text-xs text-blue-800 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                {formatDateTime(e.occurredAt, timeZone)}
              </Link>
            </Td>
            <Td>
              <SeverityBadge severity={e.severity} />
            </Td>
            <Td className="truncate font-mono text-xs" title={e.type}>
              {e.type}
            </Td>
            <Td>
              <span className="block truncate" title={e.customerName}>
                {e.customerName}
              </span>
              <span className="block truncate text-xs text-slate-500" title={e.accountName ?? e.accountNumber}>
                <span className="font-mono">{e.accountNumber}</span>
                {e.accountName ? ` · ${e.accountName}` : null}
              </span>
            </Td>
            <Td title={e.message ?? undefined}>
              {e.message ? <span className="line-clamp-2 break-words">{e.message}</span> : <span className="text-slate-400">—</span>}
            </Td>
            <Td>
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <OutcomeBadge status={e.outcomeStatus} />
                {e.outcome.latestAttempt && e.outcome.latestAttempt > 1 ? (
                  <span className="text-xs text-slate-500">attempt {e.outcome.latestAttempt}</span>
                ) : null}
              </div>
              {e.outcome.latestDetails.length > 0 ? (
                <span className="mt-0.5 block truncate text-xs text-slate-600" title={e.outcome.latestDetails.join("; ")}>
                  {e.outcome.latestDetails.join("; ")}
                </span>
              ) : null}
              <div className="mt-0.5">
                <TicketNumbers tickets={e.outcome.tickets} sandboxLinks={sandboxLinks} />
              </div>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
