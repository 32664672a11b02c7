"use client";

import { useId, useState } from "react";

import { SEVERITY_LABEL } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Checkbox, FieldHint, Input, Label, Select } from "~/components/ui/form";
import type { RouterOutputs } from "~/components/trpc/types";
import { shadowingRule } from "~/server/services/notifications/match";

export type Rule = RouterOutputs["notifications"]["list"]["rules"][number];
type Severity = "ok" | "warning" | "error";
export type RuleFormValues = {
  name: string;
  action: "ticket" | "billing";
  allTypes: boolean;
  eventTypes: string[];
  severities: Severity[];
};

const SEVERITIES: Severity[] = ["ok", "warning", "error"];

/** What each severity means for a rule; OK is a severity like the others (one switch). */
const SEVERITY_HINT: Record<Severity, string> = {
  ok: "the condition cleared",
  warning: "needs attention",
  error: "failed",
};

/** A new rule's defaults: open a ticket, all types, warning and error (no OK events). */
export const NEW_RULE: RuleFormValues = {
  name: "",
  action: "ticket",
  allTypes: true,
  eventTypes: [],
  severities: ["warning", "error"],
};

export function valuesOf(rule: Rule): RuleFormValues {
  return {
    name: rule.name,
    action: rule.action,
    allTypes: rule.allTypes,
    eventTypes: rule.eventTypes,
    severities: rule.severities,
  };
}

/** Client-side checks mirroring the server's; the server's message wins when it disagrees. */
function problemOf(v: RuleFormValues): string | null {
  if (!v.name.trim()) return "Give the rule a name.";
  if (v.severities.length === 0) return "Choose at least one severity.";
  if (!v.allTypes && v.eventTypes.length === 0) return "Choose at least one event type, or subscribe to all event types.";
  return null;
}

export function RuleForm({
  initial,
  ruleId,
  rules,
  psaName,
  knownTypes,
  submitLabel,
  pending,
  serverError,
  onSubmit,
  onCancel,
}: {
  initial: RuleFormValues;
  /** The rule being edited; null for a new one (it is added last). */
  ruleId: string | null;
  /** Every rule, in the order they act. */
  rules: Rule[];
  psaName: string;
  knownTypes: string[];
  submitLabel: string;
  pending: boolean;
  serverError: string | null;
  onSubmit: (values: RuleFormValues) => void;
  onCancel: () => void;
}) {
  const ids = { name: useId(), action: useId(), types: useId(), severities: useId(), severitiesHint: useId(), newType: useId(), error: useId(), shadow: useId() };
  const [v, setV] = useState(initial);
  const [newType, setNewType] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const typeChoices = [...new Set([...knownTypes, ...v.eventTypes])].sort();
  const error = problem ?? serverError;
  // Before saving: would an earlier rule already act on every event this one matches?
  const shadow = shadowingRule({ id: ruleId ?? "__new__", enabled: true, ...v }, rules);

  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <form
      aria-label="Notification rule"
      className="space-y-4"
      aria-describedby={error ? ids.error : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        const found = problemOf(v);
        setProblem(found);
        if (!found) onSubmit({ ...v, name: v.name.trim() });
      }}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <div>
          <Label htmlFor={ids.name}>Name</Label>
          <Input id={ids.name} value={v.name} maxLength={120} onChange={(e) => setV({ ...v, name: e.target.value })} />
        </div>
        <div>
          <Label htmlFor={ids.action}>Action</Label>
          <Select id={ids.action} value={v.action} onChange={(e) => setV({ ...v, action: e.target.value as RuleFormValues["action"] })}>
            <option value="ticket">Open a ticket in {psaName}</option>
            <option value="billing">Synchronize with {psaName}</option>
          </Select>
        </div>
      </div>

      <fieldset aria-labelledby={ids.severities} aria-describedby={ids.severitiesHint}>
        <legend id={ids.severities} className="mb-1 block text-sm font-medium text-slate-700">
          Severities
        </legend>
        <div className="flex flex-wrap gap-4">
          {SEVERITIES.map((s) => (
            <label key={s} className="inline-flex items-center gap-2 text-sm">
              <Checkbox
                checked={v.severities.includes(s)}
                onChange={(e) => setV({ ...v, severities: SEVERITIES.filter((x) => (x === s ? e.target.checked : v.severities.includes(x))) })}
              />
              {SEVERITY_LABEL[s]} <span className="text-xs text-slate-500">({SEVERITY_HINT[s]})</span>
            </label>
          ))}
        </div>
        <FieldHint id={ids.severitiesHint}>
          Check OK to act on OK events too. Without it, an OK event still completes a ticket this rule opened for the same condition.
        </FieldHint>
      </fieldset>

      <fieldset aria-labelledby={ids.types}>
        <legend id={ids.types} className="mb-1 block text-sm font-medium text-slate-700">
          Event types
        </legend>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={v.allTypes} onChange={(e) => setV({ ...v, allTypes: e.target.checked })} />
          Subscribe to all event types
        </label>
        {!v.allTypes ? (
          <div className="mt-2 space-y-2 rounded-md border border-slate-200 p-3">
            {typeChoices.length === 0 ? (
              <p className="text-sm text-slate-600">No events have arrived yet; add the types you expect below.</p>
            ) : (
              <div className="flex flex-wrap gap-x-4 gap-y-2">
                {typeChoices.map((t) => (
                  <label key={t} className="inline-flex items-center gap-2 font-mono text-xs">
                    <Checkbox checked={v.eventTypes.includes(t)} onChange={(e) => setV({ ...v, eventTypes: toggle(v.eventTypes, t, e.target.checked) })} />
                    {t}
                  </label>
                ))}
              </div>
            )}
            <div className="flex items-end gap-2">
              <div className="grow">
                <Label htmlFor={ids.newType}>Another event type</Label>
                <Input id={ids.newType} value={newType} maxLength={100} onChange={(e) => setNewType(e.target.value)} className="h-8" />
              </div>
              <Button
                variant="secondary"
                size="sm"
                disabled={!newType.trim()}
                onClick={() => {
                  const t = newType.trim();
                  if (t && !v.eventTypes.includes(t)) setV({ ...v, eventTypes: [...v.eventTypes, t] });
                  setNewType("");
                }}
              >
                Add type
              </Button>
            </div>
            <FieldHint>The types listed are the ones your events have used so far.</FieldHint>
          </div>
        ) : null}
      </fieldset>

      {shadow ? (
        <p id={ids.shadow} role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          Shadowed by rule &ldquo;{shadow.name}&rdquo;: it comes earlier in the list and already acts on every event this rule matches, so this rule
          would never act. Narrow or switch off &ldquo;{shadow.name}&rdquo;, or change this rule&apos;s types or severities.
        </p>
      ) : null}
      {error ? (
        <p id={ids.error} role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
