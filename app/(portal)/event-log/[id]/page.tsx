import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { Badge, SeverityBadge } from "~/components/ui/badge";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { caller, getMe, isNotFound } from "~/server/api/rsc";
import { sandboxPageEnabled } from "~/server/api/routers/sandbox";

import { EventOutcomes } from "../_components/event-outcomes";
import { OutcomeHistory } from "../_components/outcome-history";
import { ReprocessEventButton } from "../_components/reprocess-event-button";
import { eventLogHref } from "../_lib/search-params";

export const metadata: Metadata = { title: "Event" };

const STATUS: Record<string, { label: string; tone: "neutral" | "blue" | "green" | "red"; help: string }> = {
  received: { label: "Received", tone: "neutral", help: "Stored; processing has not started yet." },
  dispatched: { label: "Processing", tone: "blue", help: "Handed to background processing." },
  processed: { label: "Processed", tone: "green", help: "Processing finished." },
  failed: { label: "Failed", tone: "red", help: "Processing failed; see the error below." },
};

async function loadEvent(rawId: string) {
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  try {
    return await caller.events.get({ id });
  } catch (error) {
    if (isNotFound(error)) notFound();
    throw error;
  }
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ event, customer, account, outcomes, attempts }, me] = await Promise.all([loadEvent(id), getMe()]);
  const tz = me.partner.timeZone;
  const status = STATUS[event.status] ?? STATUS.received!;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/event-log" className="text-blue-700 hover:underline">
          Event Log
        </Link>{" "}
        <span aria-hidden>/</span> <span className="text-slate-600">Event {event.id}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          <span className="font-mono">{event.type}</span> for {customer.name}
        </h1>
        <SeverityBadge severity={event.severity} />
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Event" />
          <CardBody>
            <dl className="divide-y divide-slate-100">
              <Field label="Occurred">{formatDateTime(event.occurredAt, tz)} ({tz})</Field>
              <Field label="Severity">
                <SeverityBadge severity={event.severity} />
              </Field>
              <Field label="Type">
                <span className="font-mono">{event.type}</span>
              </Field>
              <Field label="Message">{event.message ?? <span className="text-slate-400">No message</span>}</Field>
              <Field label="Customer">
                <Link href={`/customers/${customer.id}`} className="text-blue-700 hover:underline">
                  {customer.name}
                </Link>{" "}
                <span className="text-slate-500">(vendor id {customer.vendorCustomerId})</span>
              </Field>
              <Field label="Account">
                <Link href={eventLogHref({ accountId: account.id })} className="text-blue-700 hover:underline">
                  <span className="font-mono">{account.accountNumber}</span>
                  {account.name ? ` — ${account.name}` : ""}
                </Link>{" "}
                <span className="text-slate-500">({account.kind.replace("_", " ")}; opens its events)</span>
              </Field>
              <Field label="Vendor event id">
                <span className="font-mono">{event.vendorEventId}</span>
              </Field>
              <Field label="Event id">
                <span className="font-mono">{event.id}</span>
              </Field>
            </dl>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Processing" />
          <CardBody>
            <dl className="divide-y divide-slate-100">
              <Field label="Status">
                <Badge tone={status.tone}>{status.label}</Badge>
                <span className="mt-1 block text-xs text-slate-500">{status.help}</span>
              </Field>
              <Field label="Received">{formatDateTime(event.receivedAt, tz)}</Field>
              <Field label="Processed">{event.processedAt ? formatDateTime(event.processedAt, tz) : <span className="text-slate-400">Not yet</span>}</Field>
              {event.processingError ? (
                <Field label="Error">
                  <span className="text-red-800">{event.processingError}</span>
                </Field>
              ) : null}
            </dl>
          </CardBody>
        </Card>
      </div>

      <Card aria-labelledby="details-heading">
        <CardHeader id="details-heading" title="Details" description="The details the vendor platform sent with the event." />
        <CardBody>
          {Object.keys(event.details ?? {}).length > 0 ? (
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100">{JSON.stringify(event.details, null, 2)}</pre>
          ) : (
            <p className="text-sm text-slate-500">No details were sent.</p>
          )}
        </CardBody>
      </Card>

      <Card aria-labelledby="outcomes-heading">
        <CardHeader
          id="outcomes-heading"
          title="Outcomes"
          description="What each notification action did in the latest attempt."
          actions={<ReprocessEventButton eventId={event.id} />}
        />
        <CardBody>
          <EventOutcomes outcomes={outcomes} timeZone={tz} sandboxLinks={sandboxPageEnabled()} />
        </CardBody>
      </Card>

      <Card aria-labelledby="attempts-heading">
        <CardHeader
          id="attempts-heading"
          title="Attempts"
          description="Every attempt's outcome, newest first: the original processing and each Reprocess, with who asked for it."
        />
        <CardBody>
          <OutcomeHistory attempts={attempts} timeZone={tz} sandboxLinks={sandboxPageEnabled()} />
        </CardBody>
      </Card>
    </div>
  );
}
