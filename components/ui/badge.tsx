import type { ComponentProps } from "react";

import { cn } from "./cn";

type Tone = "neutral" | "green" | "amber" | "red" | "blue";

const tones: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
  blue: "bg-blue-50 text-blue-800 ring-blue-200",
};

export function Badge({ tone = "neutral", className, ...props }: ComponentProps<"span"> & { tone?: Tone }) {
  return (
    <span
      className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", tones[tone], className)}
      {...props}
    />
  );
}

export type Severity = "ok" | "warning" | "error";

export const SEVERITY_LABEL: Record<Severity, string> = { ok: "OK", warning: "Warning", error: "Error" };
const severityTone: Record<Severity, Tone> = { ok: "green", warning: "amber", error: "red" };

/** Severity as a coloured badge; the word is always shown, colour is never the only signal. */
export function SeverityBadge({ severity, className }: { severity: Severity; className?: string }) {
  return (
    <Badge tone={severityTone[severity]} className={className}>
      {SEVERITY_LABEL[severity]}
    </Badge>
  );
}
