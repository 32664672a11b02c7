"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";

import { formatDateTime, timeZoneLabel } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { SeverityBadge } from "~/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";
import type { RouterOutputs } from "~/components/trpc/types";

import { OutcomeBadge } from "./outcome-badge";

export type EventRow = RouterOutputs["events"]["list"]["items"][number];

/** Event rows; the time is the link to the event, and a click anywhere on the row opens it too. */
export function EventTable({ items }: { items: EventRow[] }) {
  const { timeZone } = usePartner();
  const router = useRouter();
  return (
    <Table>
      <THead>
        <tr>
          <Th>
            Time <span className="font-normal normal-case">({timeZoneLabel(timeZone)})</span>
          </Th>
          <Th>Severity</Th>
          <Th>Type</Th>
          <Th>Customer</Th>
          <Th>Account</Th>
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
            <Td className="whitespace-nowrap">
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
            <Td className="font-mono text-xs whitespace-nowrap">{e.type}</Td>
            <Td className="whitespace-nowrap">{e.customerName}</Td>
            <Td className="whitespace-nowrap">
              <span className="font-mono text-xs">{e.accountNumber}</span>
              {e.accountName ? <span className="block text-xs text-slate-500">{e.accountName}</span> : null}
            </Td>
            <Td className="max-w-md truncate" title={e.message ?? undefined}>
              {e.message ?? <span className="text-slate-400">—</span>}
            </Td>
            <Td>
              <OutcomeBadge status={e.outcomeStatus} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
