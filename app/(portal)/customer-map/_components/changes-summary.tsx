"use client";

import type { RouterOutputs } from "~/components/trpc/types";
import { Button } from "~/components/ui/button";

export type MappingChange = RouterOutputs["customerMap"]["map"]["changes"][number];
export type SaveSummary = { title: string; changes: MappingChange[]; notes?: string[] };

/** "What changed" after a save: one line per customer and field, before → after. */
export function ChangesSummary({ summary, onDismiss }: { summary: SaveSummary; onDismiss: () => void }) {
  return (
    <section aria-live="polite" aria-label="What changed" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-950">
      <div className="flex items-start justify-between gap-4">
        <h2 className="font-semibold">{summary.title}</h2>
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      {summary.changes.length === 0 && !summary.notes?.length ? <p className="mt-1">Nothing changed.</p> : null}
      <ul className="mt-1 max-h-48 space-y-0.5 overflow-auto">
        {summary.changes.map((c, i) => (
          <li key={`${c.customerId}-${c.field}-${i}`}>
            <span className="font-medium">{c.customerName}</span> · {c.field}: <span className="text-slate-600">{c.before ?? "none"}</span> →{" "}
            <span className="font-medium">{c.after ?? "none"}</span>
          </li>
        ))}
      </ul>
      {summary.notes?.length ? (
        <ul className="mt-2 list-disc pl-5 text-amber-900">
          {summary.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
