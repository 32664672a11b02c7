"use client";

import { useId, useState } from "react";

import { timeZoneLabel, toLocalInputValue } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { FieldHint, Input, Label, Select } from "~/components/ui/form";
import type { EventFiltersInput } from "~/server/api/routers/event-filters";

import { RANGE_PRESETS, type RangePreset } from "../_lib/search-params";

type Props = { filters: EventFiltersInput; onChange: (next: EventFiltersInput) => void };

/** A preset (last hour … 30 days) or custom From/To wall-clock times in the partner's time zone. */
export function TimeRangeFilter({ filters, onChange }: Props) {
  const { timeZone } = usePartner();
  const rangeId = useId();
  const value = filters.range ?? (filters.from || filters.to ? "custom" : "");

  const pick = (next: string) => {
    const { range: _r, from: _f, to: _t, ...rest } = filters;
    if (next === "") onChange(rest);
    else if (next === "custom") onChange({ ...rest, from: toLocalInputValue(Date.now() - 86_400_000, timeZone) });
    else onChange({ ...rest, range: next as RangePreset });
  };

  return (
    <div className="flex flex-wrap items-start gap-4">
      <div>
        <Label htmlFor={rangeId}>Time range</Label>
        <Select id={rangeId} value={value} onChange={(e) => pick(e.target.value)} className="w-44">
          <option value="">Any time</option>
          {RANGE_PRESETS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
          <option value="custom">Custom</option>
        </Select>
      </div>
      {/* Re-mounted when the URL changes, so the drafts start from what is applied. */}
      <CustomBounds key={`${filters.from ?? ""}|${filters.to ?? ""}`} filters={filters} onChange={onChange} timeZone={timeZone} />
    </div>
  );
}

function CustomBounds({ filters, onChange, timeZone }: Props & { timeZone: string }) {
  const fromId = useId();
  const toId = useId();
  const hintId = useId();
  const [from, setFrom] = useState(filters.from ?? "");
  const [to, setTo] = useState(filters.to ?? "");
  const invalid = Boolean(from && to && from >= to);

  const apply = (nextFrom: string, nextTo: string) => {
    if (nextFrom && nextTo && nextFrom >= nextTo) return;
    const { range: _r, from: _f, to: _t, ...rest } = filters;
    onChange({ ...rest, ...(nextFrom ? { from: nextFrom } : {}), ...(nextTo ? { to: nextTo } : {}) });
  };

  return (
    <div>
      <div className="flex flex-wrap gap-4">
        <div>
          <Label htmlFor={fromId}>From</Label>
          <Input
            id={fromId}
            type="datetime-local"
            value={from}
            aria-describedby={hintId}
            aria-invalid={invalid || undefined}
            onChange={(e) => {
              setFrom(e.target.value);
              apply(e.target.value, to);
            }}
          />
        </div>
        <div>
          <Label htmlFor={toId}>To</Label>
          <Input
            id={toId}
            type="datetime-local"
            value={to}
            aria-describedby={hintId}
            aria-invalid={invalid || undefined}
            onChange={(e) => {
              setTo(e.target.value);
              apply(from, e.target.value);
            }}
          />
        </div>
      </div>
      <FieldHint id={hintId} className={invalid ? "text-red-700" : undefined} role={invalid ? "alert" : undefined}>
        {invalid ? "From must be before To." : `Times in ${timeZoneLabel(timeZone)}.`}
      </FieldHint>
    </div>
  );
}
