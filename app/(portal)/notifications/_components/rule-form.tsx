"use client";

import { useId, useMemo, useState } from "react";

import { SEVERITY_LABEL } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { type FormErrors, mergeFormErrors, NO_FORM_ERRORS } from "~/components/trpc/field-errors";
import type { RouterOutputs } from "~/components/trpc/types";
import { Checkbox, ErrorSummary, FieldErrors, FieldHint, FormErrorsProvider, FormField, Input, Label, Select } from "~/components/ui/form";
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

/** Client-side checks mirroring the server's, every one at once (the server's are shown beside them). */
function problemsOf(v: RuleFormValues): FormErrors {
  const fields: Record<string, string[]> = {};
  if (!v.name.trim()) fields.name = ["Give the rule a name."];
  if (v.severities.length === 0) fields.severities = ["Choose at least one severity."];
  if (!v.allTypes && v.eventTypes.length === 0) fields.eventTypes = ["Choose at least one event type, or subscribe to all event types."];
  return { fields, form: [] };
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
  /** The server's answer to the last save (formErrorsOf(mutation.error)). */
  serverError: FormErrors;
  onSubmit: (values: RuleFormValues) => void;
  onCancel: () => void;
}) {
  const ids = { types: useId(), severities: useId(), severitiesHint: useId(), newType: useId(), shadow: useId() };
  const [v, setV] = useState(initial);
  const [newType, setNewType] = useState("");
  const [problems, setProblems] = useState<FormErrors>(NO_FORM_ERRORS);
  const typeChoices = [...new Set([...knownTypes, ...v.eventTypes])].sort();
  const errors = useMemo(() => mergeFormErrors(problems, serverError), [problems, serverError]);
  // Before saving: would an earlier rule already act on every event this one matches?
  const shadow = shadowingRule({ id: ruleId ?? "__new__", enabled: true, ...v }, rules);

  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <FormErrorsProvider formId="notification-rule" errors={errors}>
    <form
      aria-label="Notification rule"
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found = problemsOf(v);
        setProblems(found);
        if (Object.keys(found.fields).length === 0) onSubmit({ ...v, name: v.name.trim() });
      }}
    >
      <ErrorSummary title={Object.keys(errors.fields).length === 0 ? "The rule was not saved" : undefined} />
      <div className="grid gap-4 md:grid-cols-2">
        <FormField name="name" label="Name">
          {(field) => (
            <div>
              <Label htmlFor={field.id}>Name</Label>
              <Input
                id={field.id}
                value={v.name}
                maxLength={120}
                onChange={(e) => setV({ ...v, name: e.target.value })}
                aria-invalid={field.invalid ? true : undefined}
                aria-describedby={field.describedBy()}
              />
              <FieldErrors id={field.errorId} messages={field.messages} />
            </div>
          )}
        </FormField>
        <FormField name="action" label="Action">
          {(field) => (
            <div>
              <Label htmlFor={field.id}>Action</Label>
              <Select
                id={field.id}
                value={v.action}
                onChange={(e) => setV({ ...v, action: e.target.value as RuleFormValues["action"] })}
                aria-invalid={field.invalid ? true : undefined}
                aria-describedby={field.describedBy()}
              >
                <option value="ticket">Open a ticket in {psaName}</option>
                <option value="billing">Synchronize with {psaName}</option>
              </Select>
              <FieldErrors id={field.errorId} messages={field.messages} />
            </div>
          )}
        </FormField>
      </div>

      <FormField name="severities" label="Severities">
        {(field) => (
      <fieldset aria-labelledby={ids.severities} aria-describedby={field.describedBy(ids.severitiesHint)}>
        <legend id={ids.severities} className="mb-1 block text-sm font-medium text-slate-700">
          Severities
        </legend>
        <div className="flex flex-wrap gap-4">
          {SEVERITIES.map((s, i) => (
            <label key={s} className="inline-flex items-center gap-2 text-sm">
              <Checkbox
                id={i === 0 ? field.id : undefined}
                aria-invalid={field.invalid ? true : undefined}
                aria-describedby={field.describedBy()}
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
        <FieldErrors id={field.errorId} messages={field.messages} />
      </fieldset>
        )}
      </FormField>

      <FormField name="eventTypes" label="Event types">
        {(field) => (
      <fieldset aria-labelledby={ids.types} aria-describedby={field.describedBy()}>
        <legend id={ids.types} className="mb-1 block text-sm font-medium text-slate-700">
          Event types
        </legend>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox
            id={field.id}
            checked={v.allTypes}
            onChange={(e) => setV({ ...v, allTypes: e.target.checked })}
            aria-invalid={field.invalid ? true : undefined}
            aria-describedby={field.describedBy()}
          />
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
        <FieldErrors id={field.errorId} messages={field.messages} />
      </fieldset>
        )}
      </FormField>

      {shadow ? (
        <p id={ids.shadow} role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          Shadowed by rule &ldquo;{shadow.name}&rdquo;: it comes earlier in the list and already acts on every event this rule matches, so this rule
          would never act. Narrow or switch off &ldquo;{shadow.name}&rdquo;, or change this rule&apos;s types or severities.
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
    </FormErrorsProvider>
  );
}
