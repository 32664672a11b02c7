"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type ReactNode, useId, useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Input, Label } from "~/components/ui/form";

import { type SandboxListKey, withList } from "../_lib/lists";

export type ListPage = { total: number; matching: number; page: number; pageCount: number; pageSize: number; q: string };

/**
 * One list of a sandbox tenant (tickets, contracts, ...) with its count, a free-text search and
 * Previous / Next. Search and page are the server's (one page at a time) and live in the address.
 */
export function SandboxSection({
  id,
  list,
  title,
  page,
  emptyTitle,
  emptyText,
  note,
  children,
}: {
  id: string;
  list: SandboxListKey;
  title: string;
  page: ListPage;
  emptyTitle: string;
  emptyText: string;
  /** How the list is ordered or what to read in it. */
  note?: string;
  children: ReactNode;
}) {
  const first = (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.page * page.pageSize, page.matching);
  const range =
    page.matching === 0
      ? null
      : page.q
        ? `Showing ${first}–${last} of ${page.matching} matching “${page.q}” (${page.total} in all).`
        : page.matching > page.pageSize
          ? `Showing ${first}–${last} of ${page.total}.`
          : null;
  const description = [note, range].filter(Boolean).join(" ");
  return (
    <Card aria-labelledby={id} className="min-w-0">
      <CardHeader id={id} title={`${title} (${page.total})`} description={description || undefined} />
      {page.total > 0 ? <ListControls key={page.q} list={list} title={title} page={page} /> : null}
      {page.total === 0 ? (
        <EmptyState title={emptyTitle}>{emptyText}</EmptyState>
      ) : page.matching === 0 ? (
        <EmptyState title={`No ${title.toLowerCase()} match “${page.q}”`}>Search for other words, or clear the search to see them all.</EmptyState>
      ) : (
        children
      )}
      {page.pageCount > 1 ? <Pager list={list} title={title} page={page} /> : null}
    </Card>
  );
}

function ListControls({ list, title, page }: { list: SandboxListKey; title: string; page: ListPage }) {
  const router = useRouter();
  const params = useSearchParams();
  const inputId = useId();
  const [text, setText] = useState(page.q);
  return (
    <form
      role="search"
      aria-label={`Search ${title.toLowerCase()}`}
      className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        router.push(withList(new URLSearchParams(params.toString()), list, { q: text }), { scroll: false });
      }}
    >
      <div className="min-w-0 flex-1 sm:max-w-sm">
        <Label htmlFor={inputId} className="sr-only">
          Search {title.toLowerCase()}
        </Label>
        <Input id={inputId} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={`Search ${title.toLowerCase()}`} maxLength={200} />
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
      {page.q ? (
        <Button
          variant="ghost"
          onClick={() => {
            setText("");
            router.push(withList(new URLSearchParams(params.toString()), list, { q: "" }), { scroll: false });
          }}
        >
          Clear
        </Button>
      ) : null}
    </form>
  );
}

function Pager({ list, title, page }: { list: SandboxListKey; title: string; page: ListPage }) {
  const params = useSearchParams();
  const href = (n: number) => withList(new URLSearchParams(params.toString()), list, { page: n });
  const link = "inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600";
  const off = "inline-flex h-8 items-center rounded-md border border-slate-200 px-3 text-sm text-slate-400";
  return (
    <nav aria-label={`Pages of ${title.toLowerCase()}`} className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-3 text-sm">
      {page.page > 1 ? (
        <Link href={href(page.page - 1)} scroll={false} className={link} rel="prev">
          Previous
        </Link>
      ) : (
        <span className={off} aria-disabled>
          Previous
        </span>
      )}
      <span className="text-slate-600">
        Page {page.page} of {page.pageCount}
      </span>
      {page.page < page.pageCount ? (
        <Link href={href(page.page + 1)} scroll={false} className={link} rel="next">
          Next
        </Link>
      ) : (
        <span className={off} aria-disabled>
          Next
        </span>
      )}
    </nav>
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
        <li key={t.key} className="min-w-0 px-4 py-3 break-words">
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
