"use client";

import { useId } from "react";

import { FieldErrors, FieldHint, Input, Label, Select, useFormField } from "~/components/ui/form";

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
  name,
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
  /** The field's path in the server's errors ("queueId", "alertMapping.error.priorityId"). */
  name?: string;
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
  const field = useFormField(name, label, [flag]);
  const id = field.id;
  const hintId = useId();
  const offered = (options ?? []).filter((o) => o.isActive);
  const missing = value !== "" && !offered.some((o) => o.id === value);
  return (
    <div>
      <Label htmlFor={id} className={compact ? "sr-only" : undefined}>
        {label}
      </Label>
      <Select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={field.invalid ? true : undefined}
        aria-describedby={field.describedBy(hint && hintId)}
      >
        <option value="">{emptyLabel}</option>
        {missing ? <option value={value}>{savedName ? `${savedName} (saved)` : `Id ${value} (saved)`}</option> : null}
        {offered.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      <FieldErrors id={field.errorId} messages={field.messages} />
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
    <div className="relative overflow-x-auto">
    <table className="w-full min-w-[36rem] text-sm">
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
                  name={field("priorityId")}
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
                  name={field("queueId")}
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
                <DueDaysInput
                  name={field("dueDays")}
                  label={`${label}: days until due`}
                  value={row.dueDays}
                  onChange={(dueDays) => onChange(key, { dueDays })}
                  disabled={disabled}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}

function DueDaysInput({
  name,
  label,
  value,
  onChange,
  disabled,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
}) {
  const field = useFormField(name, label);
  return (
    <>
      <Input
        id={field.id}
        aria-label={label}
        type="number"
        min={0}
        max={365}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={field.invalid ? true : undefined}
        aria-describedby={field.describedBy()}
        className="w-24"
      />
      <FieldErrors id={field.errorId} messages={field.messages} />
    </>
  );
}
