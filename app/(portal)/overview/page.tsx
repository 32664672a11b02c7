import type { Metadata } from "next";
import Link from "next/link";

import { formatDateTime } from "~/components/partner/date-time";
import { SeverityBadge } from "~/components/ui/badge";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { caller } from "~/server/api/rsc";

import { eventLogHref } from "../event-log/_lib/search-params";
import { AttentionCards } from "./_components/attention-cards";
import { OutcomeChart } from "./_components/outcome-chart";

export const metadata: Metadata = { title: "Overview" };

/** What needs the partner's attention now, each linking to where it is fixed. */
export default async function OverviewPage() {
  const overview = await caller.overview.get();
  const { openTickets, timeZone } = overview;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Overview</h1>
        <p className="text-sm text-slate-600">What needs your attention now.</p>
      </div>

      <AttentionCards cards={overview.cards} />

      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="open-tickets-heading">
          <CardHeader
            id="open-tickets-heading"
            title={`Open tickets we raised (${openTickets.total.toLocaleString("en-US")})`}
            description="Tickets PSA Relay opened in the PSA that are not completed yet; an OK event of the same check completes them."
          />
          <CardBody>
            {openTickets.items.length === 0 ? (
              <p className="text-sm text-slate-600">No open tickets: every ticket PSA Relay raised has been completed.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {openTickets.items.map((t) => (
                  <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="min-w-0">
                      <span className="font-mono text-xs">{t.psaTicketNumber ?? "being created"}</span>{" "}
                      <span className="text-slate-700">
                        {t.customerName} · <span className="font-mono text-xs">{t.eventType}</span>
                      </span>
                      {t.openedAt ? <span className="block text-xs text-slate-500">opened {formatDateTime(t.openedAt, timeZone)}</span> : null}
                    </span>
                    <span className="flex items-center gap-2">
                      {t.lastSeverity ? <SeverityBadge severity={t.lastSeverity} /> : null}
                      <Link
                        href={eventLogHref({ accountId: t.accountId, type: t.eventType })}
                        className="text-blue-700 hover:underline"
                        aria-label={`Events of ${t.customerName} ${t.accountNumber} ${t.eventType}`}
                      >
                        Events
                      </Link>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {openTickets.total > openTickets.items.length ? (
              <p className="mt-2 text-xs text-slate-500">
                Showing the {openTickets.items.length} most recently opened of {openTickets.total.toLocaleString("en-US")}.
              </p>
            ) : null}
          </CardBody>
        </Card>

        <OutcomeChart points={overview.chart} />
      </div>
    </div>
  );
}
