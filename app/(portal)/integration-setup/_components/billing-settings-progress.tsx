"use client";

import { useEffect, useState } from "react";

import { Spinner } from "~/components/ui/spinner";

export type StepState = "waiting" | "running" | "done" | "failed";
export type Step = { label: string; state: StepState; detail?: string };

/** Seconds since it was mounted, ticking once a second: mount it while something runs. */
export function Elapsed({ className }: { className?: string }) {
  const [secs, setSecs] = useState(0);
  useEffect(() => {
    const begun = Date.now();
    const timer = setInterval(() => setSecs(Math.floor((Date.now() - begun) / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return secs > 0 ? <span aria-hidden className={className}> ({secs} s)</span> : null;
}

const MARK: Record<StepState, string> = { waiting: "○", running: "", done: "✓", failed: "✕" };
const TONE: Record<StepState, string> = { waiting: "text-slate-500", running: "text-slate-900 font-medium", done: "text-emerald-800", failed: "text-red-800" };
const SAY: Record<StepState, string> = { waiting: "waiting", running: "in progress", done: "done", failed: "failed" };

/** A numbered list of the steps of a long action, the running one with a spinner and its seconds. */
export function StepList({ label, steps }: { label: string; steps: Step[] }) {
  if (steps.length === 0) return null;
  return (
    <ol aria-label={label} className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      {steps.map((step, i) => (
        <li key={step.label} className={`flex flex-wrap items-center gap-2 ${TONE[step.state]}`}>
          {step.state === "running" ? <Spinner label={step.label} /> : <span aria-hidden className="inline-block w-4 text-center">{MARK[step.state]}</span>}
          <span>
            {i + 1}/{steps.length} {step.label}
            <span className="sr-only"> ({SAY[step.state]})</span>
            {step.detail ? <span className="font-normal text-slate-600"> — {step.detail}</span> : null}
            {step.state === "running" ? <Elapsed className="font-normal text-slate-500" /> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
