import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { formatDateTime } from "~/components/partner/date-time";
import { SeverityBadge } from "~/components/ui/badge";
import { ButtonLink } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";
import { caller, getMe, isNotFound } from "~/server/api/rsc";

import { eventLogHref } from "../../event-log/_lib/search-params";
import { accountCountsText, KIND_LABEL } from "../_components/account-counts";

export const metadata: Metadata = { title: "Customer" };

const RECENT_EVENTS = 20;

async function loadCustomer(id: string) {
  try {
    return await caller.customers.get({ id });
  } catch (error) {
    if (isNotFound(error)) notFound();
    throw error;
  }
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { customer, accounts } = await loadCustomer(id);
  const [me, recent] = await Promise.all([
    getMe(),
    caller.events.list({ filters: { customerId: customer.id }, limit: RECENT_EVENTS }),
  ]);
  const tz = me.partner.timeZone;
  const counts: Partial<Record<keyof typeof KIND_LABEL, number>> = {};
  for (const a of accounts) counts[a.kind] = (counts[a.kind] ?? 0) + 1;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/customers" className="text-blue-700 hover:underline">
          Customers
        </Link>{" "}
        <span aria-hidden>/</span> <span className="text-slate-600">{customer.name}</span>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{customer.name}</h1>
          <p className="text-sm text-slate-600">
            Vendor id <span className="font-mono">{customer.vendorCustomerId}</span>
            {customer.domain ? ` · ${customer.domain}` : ""} · {accountCountsText(counts)}
          </p>
        </div>
        <ButtonLink href={eventLogHref({ customerId: customer.id })}>All events of this customer</ButtonLink>
      </div>

      <Card aria-labelledby="accounts-heading">
        <CardHeader id="accounts-heading" title="Accounts" description="Each account opens the Event Log filtered to it." />
        {accounts.length === 0 ? (
          <EmptyState title="No accounts yet">
            The vendor platform adds accounts with <code className="font-mono">PUT /api/v1/accounts</code>.
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Account number</Th>
                <Th>Name</Th>
                <Th>Kind</Th>
                <Th>Latest event</Th>
              </tr>
            </THead>
            <TBody>
              {accounts.map((a) => (
                <Tr key={a.id}>
                  <Td>
                    <Link href={eventLogHref({ accountId: a.id })} className="font-mono text-blue-700 hover:underline">
                      {a.accountNumber}
                    </Link>
                  </Td>
                  <Td>{a.name ?? <span className="text-slate-400">—</span>}</Td>
                  <Td>{KIND_LABEL[a.kind]}</Td>
                  <Td>
                    {a.lastEventAt && a.lastEventSeverity ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <SeverityBadge severity={a.lastEventSeverity} />
                        <span className="font-mono text-xs">{a.lastEventType}</span>
                        <span className="text-xs text-slate-500">{formatDateTime(a.lastEventAt, tz)}</span>
                      </span>
                    ) : (
                      <span className="text-slate-400">No events yet</span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card aria-labelledby="recent-heading">
        <CardHeader
          id="recent-heading"
          title="Recent events"
          description={`The latest ${RECENT_EVENTS} events of this customer.`}
          actions={
            <Link href={eventLogHref({ customerId: customer.id })} className="text-sm font-medium text-blue-700 hover:underline">
              Open in the Event Log
            </Link>
          }
        />
        {recent.items.length === 0 ? (
          <EmptyState title="No events yet for this customer" />
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Time ({tz})</Th>
                <Th>Severity</Th>
                <Th>Type</Th>
                <Th>Account</Th>
                <Th>Message</Th>
              </tr>
            </THead>
            <TBody>
              {recent.items.map((e) => (
                <Tr key={e.id}>
                  <Td className="whitespace-nowrap">
                    <Link href={`/event-log/${e.id}`} className="font-mono text-xs text-blue-800 hover:underline">
                      {formatDateTime(e.occurredAt, tz)}
                    </Link>
                  </Td>
                  <Td>
                    <SeverityBadge severity={e.severity} />
                  </Td>
                  <Td className="font-mono text-xs">{e.type}</Td>
                  <Td className="font-mono text-xs">{e.accountNumber}</Td>
                  <Td className="max-w-md truncate">{e.message ?? <span className="text-slate-400">—</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
