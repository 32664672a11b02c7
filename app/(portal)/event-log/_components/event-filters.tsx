"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";

import { useTRPC } from "~/components/trpc/react";
import { SEVERITY_LABEL } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Checkbox, FieldHint, Input, Label, Select } from "~/components/ui/form";
import type { EventFiltersInput } from "~/server/api/routers/event-filters";

import { hasFilters, optionsInput, SEARCH_MAX_LENGTH, SEVERITIES, type Severity } from "../_lib/search-params";
import { TimeRangeFilter } from "./time-range-filter";

/** Pickers list this many entries; beyond it a search box narrows them. */
const PICKER_LIMIT = 50;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** How long typing pauses before the search applies (Enter applies at once). */
const SEARCH_DEBOUNCE_MS = 500;

/**
 * Free-text search over the message and PSA ticket numbers; every word must match the start of a
 * word (or of a ticket number). The draft follows the URL when the search changes elsewhere (Clear
 * filters, back and forward), never while the user's own typing is what was applied.
 */
function SearchBox({ value, onSearch }: { value: string; onSearch: (search: string) => void }) {
  const id = useId();
  const hintId = useId();
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== draft.trim()) setDraft(value);
  }
  const debounced = useDebounced(draft, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (debounced.trim() !== value) onSearch(debounced.trim());
    // Only a settled draft applies; `value` and `onSearch` change with every filter change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim() !== value) onSearch(draft.trim());
      }}
    >
      <Label htmlFor={id}>Search</Label>
      <Input
        id={id}
        type="search"
        value={draft}
        maxLength={SEARCH_MAX_LENGTH}
        placeholder="Words of the message, or a PSA ticket number"
        aria-describedby={hintId}
        onChange={(e) => setDraft(e.target.value)}
      />
      <FieldHint id={hintId}>Every word must match the start of a word of the message or of a ticket number, e.g. “disk full” or “T2026”.</FieldHint>
    </form>
  );
}

export function EventFiltersBar({ filters, onChange }: { filters: EventFiltersInput; onChange: (next: EventFiltersInput) => void }) {
  const trpc = useTRPC();
  const ids = { customer: useId(), account: useId(), type: useId(), severity: useId(), customerSearch: useId(), accountSearch: useId() };
  const [customerSearch, setCustomerSearch] = useState("");
  const [accountSearch, setAccountSearch] = useState("");
  const debouncedCustomer = useDebounced(customerSearch, 300);
  const debouncedAccount = useDebounced(accountSearch, 300);

  const options = useQuery(
    trpc.events.filterOptions.queryOptions(optionsInput(filters, debouncedCustomer, debouncedAccount), {
      placeholderData: keepPreviousData,
    }),
  );
  const customers = options.data?.customers ?? [];
  const accounts = options.data?.accounts ?? [];
  const types = options.data?.types ?? [];
  const typeOptions = filters.type && !types.includes(filters.type) ? [filters.type, ...types] : types;
  const severities = filters.severities ?? [];

  const toggleSeverity = (s: Severity, on: boolean) => {
    const next = SEVERITIES.filter((x) => (x === s ? on : severities.includes(x)));
    onChange({ ...filters, severities: next.length > 0 && next.length < 3 ? next : undefined });
  };

  return (
    <Card aria-label="Filters" className="p-4">
      <SearchBox value={filters.search ?? ""} onSearch={(search) => onChange({ ...filters, search: search || undefined })} />
      <div className="mt-4 grid gap-4 md:grid-cols-2 xl:grid-cols-4 [&>*]:min-w-0">
        <div>
          <Label htmlFor={ids.customer}>Customer</Label>
          <Select
            id={ids.customer}
            value={filters.customerId ?? ""}
            onChange={(e) => onChange({ ...filters, customerId: e.target.value || undefined, accountId: undefined })}
          >
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.vendorCustomerId})
              </option>
            ))}
          </Select>
          {customers.length >= PICKER_LIMIT || customerSearch ? (
            <Input
              id={ids.customerSearch}
              type="search"
              aria-label="Find by name or vendor id"
              placeholder="Find by name or vendor id"
              className="mt-2 h-8"
              value={customerSearch}
              onChange={(e) => setCustomerSearch(e.target.value)}
            />
          ) : null}
        </div>

        <div>
          <Label htmlFor={ids.account}>Account</Label>
          <Select id={ids.account} value={filters.accountId ?? ""} onChange={(e) => onChange({ ...filters, accountId: e.target.value || undefined })}>
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.accountNumber}
                {a.name ? ` — ${a.name}` : ""}
              </option>
            ))}
          </Select>
          {(!filters.customerId && accounts.length >= PICKER_LIMIT) || accountSearch ? (
            <Input
              id={ids.accountSearch}
              type="search"
              aria-label="Find by number or name"
              placeholder="Find by number or name"
              className="mt-2 h-8"
              value={accountSearch}
              onChange={(e) => setAccountSearch(e.target.value)}
            />
          ) : null}
        </div>

        <div>
          <Label htmlFor={ids.type}>Type</Label>
          <Select id={ids.type} value={filters.type ?? ""} onChange={(e) => onChange({ ...filters, type: e.target.value || undefined })}>
            <option value="">All types</option>
            {typeOptions.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </div>

        <fieldset aria-labelledby={ids.severity}>
          <legend id={ids.severity} className="mb-1 block text-sm font-medium text-slate-700">
            Severity
          </legend>
          <div className="flex h-10 flex-wrap items-center gap-4">
            {SEVERITIES.map((s) => (
              <label key={s} className="inline-flex items-center gap-2 text-sm">
                <Checkbox checked={severities.includes(s)} onChange={(e) => toggleSeverity(s, e.target.checked)} />
                {SEVERITY_LABEL[s]}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <TimeRangeFilter filters={filters} onChange={onChange} />
        <label className="inline-flex h-10 items-center gap-2 text-sm">
          <Checkbox checked={filters.onlyFailed === true} onChange={(e) => onChange({ ...filters, onlyFailed: e.target.checked || undefined })} />
          Only events whose notifications failed
        </label>
        <label className="inline-flex h-10 items-center gap-2 text-sm">
          <Checkbox checked={filters.onlyPending === true} onChange={(e) => onChange({ ...filters, onlyPending: e.target.checked || undefined })} />
          Only events whose notifications are queued or waiting for a retry
        </label>
        <div className="flex items-center gap-3">
          {options.isError ? (
            <p role="alert" className="text-sm text-red-800">
              The filter lists could not be loaded.{" "}
              <button type="button" className="underline" onClick={() => void options.refetch()}>
                Retry
              </button>
            </p>
          ) : null}
          {hasFilters(filters) ? (
            <Button variant="ghost" onClick={() => onChange({})}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </div>
    </Card>
  );
}
