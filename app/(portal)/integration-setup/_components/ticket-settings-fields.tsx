"use client";

import { useId } from "react";

import { FieldHint, Input, Label, Select } from "~/components/ui/form";

import { type Ref, SEVERITY_ROWS, type Severity, type StaleValue, type Values } from "./ticket-settings-values";

/** The stale flag for a field, shown only while the flagged id is still the chosen one. */
export function staleFor(stale: StaleValue[], field: string, value: string): string | undefined {
  return stale.find((s) => s.field === field && s.id === value)?.message;
}

/**
 * A select over a list retrieved from the PSA. Before the lists are retrieved (or when the saved
 * value is no longer offered) the saved value stays selectable under its saved name.
 */
export function RefSelect({
  label,
  value,
  onChange,
  options,
  savedName,
  emptyLabel,
  flag,
  hint,
  disabled,
  compact,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Ref[] | null;
  savedName?: string;
  emptyLabel: string;
  flag?: string;
  hint?: string;
  disabled?: boolean;
  compact?: boolean;
}) {
  const id = useId();
  const hintId = useId();
  const flagId = useId();
  const offered = (options ?? []).filter((o) => o.isActive);
  const missing = value !== "" && !offered.some((o) => o.id === value);
  const describedBy = [hint ? hintId : null, flag ? flagId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <Label htmlFor={id} className={compact ? "sr-only" : undefined}>
        {label}
      </Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-invalid={flag ? true : undefined} aria-describedby={describedBy}>
        <option value="">{emptyLabel}</option>
        {missing ? <option value={value}>{savedName ? `${savedName} (saved)` : `Id ${value} (saved)`}</option> : null}
        {offered.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      {flag ? (
        <p id={flagId} className="mt-1 text-xs font-medium text-red-700">
          {flag}
        </p>
      ) : null}
    </div>
  );
}

/** Success / Warning / Error → priority, queue or board, days until due. Blank = the defaults above. */
export function AlertMappingTable({
  values,
  onChange,
  priorities,
  queues,
  names,
  stale,
  word,
  disabled,
}: {
  values: Values["alertMapping"];
  onChange: (severity: Severity, patch: Partial<Values["alertMapping"][Severity]>) => void;
  priorities: Ref[] | null;
  queues: Ref[] | null;
  names: Map<string, string>;
  stale: StaleValue[];
  word: string;
  disabled: boolean;
}) {
  return (
    <table className="w-full text-sm">
      <caption className="mb-2 text-left font-medium text-slate-700">Alert mapping</caption>
      <thead>
        <tr className="text-left text-xs text-slate-500">
          <th scope="col" className="py-1 pr-3 font-medium">
            Event result
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Priority
          </th>
          <th scope="col" className="py-1 pr-3 font-medium capitalize">
            {word}
          </th>
          <th scope="col" className="py-1 font-medium">
            Days until due
          </th>
        </tr>
      </thead>
      <tbody>
        {SEVERITY_ROWS.map(({ key, label }) => {
          const row = values[key];
          const field = (f: string) => `alertMapping.${key}.${f}`;
          return (
            <tr key={key} className="align-top">
              <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                {label}
              </th>
              <td className="py-2 pr-3">
                <RefSelect
                  compact
                  label={`${label}: priority`}
                  value={row.priorityId}
                  onChange={(v) => onChange(key, { priorityId: v })}
                  options={priorities}
                  savedName={names.get(field("priorityId"))}
                  emptyLabel="Default priority"
                  flag={staleFor(stale, field("priorityId"), row.priorityId)}
                  disabled={disabled}
                />
              </td>
              <td className="py-2 pr-3">
                <RefSelect
                  compact
                  label={`${label}: ${word}`}
                  value={row.queueId}
                  onChange={(v) => onChange(key, { queueId: v })}
                  options={queues}
                  savedName={names.get(field("queueId"))}
                  emptyLabel={`The mapped ${word}`}
                  flag={staleFor(stale, field("queueId"), row.queueId)}
                  disabled={disabled}
                />
              </td>
              <td className="py-2">
                <Input
                  aria-label={`${label}: days until due`}
                  type="number"
                  min={0}
                  max={365}
                  step={1}
                  value={row.dueDays}
                  onChange={(e) => onChange(key, { dueDays: e.target.value })}
                  disabled={disabled}
                  className="w-24"
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
