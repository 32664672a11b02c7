"use client";

import type { ReactNode } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { Badge } from "~/components/ui/badge";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";

/** One list of a sandbox tenant (tickets, contract services, configuration items) with its count. */
export function SandboxSection({
  id,
  title,
  total,
  shown,
  emptyTitle,
  emptyText,
  note,
  children,
}: {
  id: string;
  title: string;
  total: number;
  shown: number;
  emptyTitle: string;
  emptyText: string;
  /** How the list is ordered or what to read in it. */
  note?: string;
  children: ReactNode;
}) {
  const description = [note, shown < total ? `Showing ${shown} of ${total}.` : null].filter(Boolean).join(" ");
  return (
    <Card aria-labelledby={id}>
      <CardHeader id={id} title={`${title} (${total})`} description={description || undefined} />
      {shown === 0 ? <EmptyState title={emptyTitle}>{emptyText}</EmptyState> : children}
    </Card>
  );
}

/** A PSA timestamp in the partner's time zone; the PSA's own text when it is not a date. */
export function PsaTime({ value, timeZone }: { value: string | null; timeZone: string }) {
  if (!value) return <span className="text-slate-400">—</span>;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return <span>{value}</span>;
  return <time dateTime={at.toISOString()}>{formatDateTime(at, timeZone)}</time>;
}

export function Dash({ value }: { value: string | number | null | undefined }) {
  return value === null || value === undefined || value === "" ? <span className="text-slate-400">—</span> : <>{value}</>;
}

/** Key/value pairs such as UDFs or configuration questions. */
export function Pairs({ values }: { values: Record<string, string | null> }) {
  const entries = Object.entries(values).filter(([, v]) => v !== null && v !== "");
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {entries.map(([k, v]) => (
        <li key={k}>
          <span className="font-medium text-slate-600">{k}:</span> {v}
        </li>
      ))}
    </ul>
  );
}

export const EMPTY_TEXT = {
  ticketsTitle: "Nothing pushed yet",
  tickets: "Nothing pushed yet — tickets PSA Relay creates appear here, with their notes.",
  servicesTitle: "No contract services",
  configurationItemsTitle: "No configuration items",
  configurationItems: "Configuration items PSA Relay creates or updates appear here.",
};

export const money = (value: number | null) => (value === null ? null : value.toFixed(2));

/** A signed quantity change: "+5", "−3" (a real minus sign), "0". */
export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");

export type SandboxTicketItem = {
  key: string | number;
  /** "T20261122.0001" / "#123": the article is labelled "Ticket <number>", its notes "Notes of <number>". */
  number: string;
  title: string;
  closed?: boolean;
  /** Label → value shown under the title (company, queue or board, status, ...). */
  facts: [string, ReactNode][];
  notes: { id: string | number; heading: string; createdAt: string | null; text: string | null }[];
};

/** The tickets of a sandbox tenant with their notes (both PSAs, each mapped to these fields). */
export function SandboxTicketList({ tickets, timeZone }: { tickets: SandboxTicketItem[]; timeZone: string }) {
  return (
    <ul className="divide-y divide-slate-100">
      {tickets.map((t) => (
        <li key={t.key} className="px-4 py-3">
          <article aria-label={`Ticket ${t.number}`}>
            <h4 className="text-sm font-semibold text-slate-900">
              <span className="font-mono text-slate-600">{t.number}</span> {t.title}
              {t.closed ? (
                <>
                  {" "}
                  <Badge>Closed</Badge>
                </>
              ) : null}
            </h4>
            <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
              {t.facts.map(([label, value]) => (
                <span key={label}>
                  {label}: {value}
                </span>
              ))}
            </p>
            {t.notes.length > 0 ? (
              <ol aria-label={`Notes of ${t.number}`} className="mt-2 space-y-2 border-l-2 border-slate-200 pl-3">
                {t.notes.map((n) => (
                  <li key={n.id} className="text-sm">
                    <p className="text-xs text-slate-600">
                      <span className="font-medium text-slate-800">{n.heading}</span> · <PsaTime value={n.createdAt} timeZone={timeZone} />
                    </p>
                    <p className="whitespace-pre-wrap text-slate-800">{n.text}</p>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-2 text-xs text-slate-500">No notes.</p>
            )}
          </article>
        </li>
      ))}
    </ul>
  );
}
