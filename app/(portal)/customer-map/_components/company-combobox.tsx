"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { FieldErrors, FieldHint, Input, Label, useFormField } from "~/components/ui/form";
import { Spinner } from "~/components/ui/spinner";

export type PickedCompany = { id: string; name: string };

/**
 * A PSA company picker: search as you type (names from the PSA), or type a company id, which the
 * server checks against the PSA (Autotask: type Customer only) before offering it.
 */
export function CompanyCombobox({
  name,
  label,
  value,
  onChange,
  disabled,
  excludeMapped = false,
}: {
  /** The field's path in the server's errors, inside a FormErrorsProvider. */
  name?: string;
  label: string;
  value: PickedCompany | null;
  onChange: (company: PickedCompany | null) => void;
  disabled?: boolean;
  /** Import: companies a customer is already mapped to are not offered. */
  excludeMapped?: boolean;
}) {
  const trpc = useTRPC();
  const id = useId();
  const field = useFormField(name, label);
  const [text, setText] = useState(value ? value.name : "");
  const [term, setTerm] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const search = useQuery(
    trpc.customerMap.searchCompanies.queryOptions({ search: term || undefined, limit: 25, excludeMapped }, { enabled: open && !disabled, placeholderData: keepPreviousData, staleTime: 30_000 }),
  );
  const options = search.data?.companies ?? [];

  const choose = (company: PickedCompany) => {
    onChange(company);
    setText(company.name);
    setOpen(false);
  };

  return (
    <div className="relative">
      <Label htmlFor={field.id}>{label}</Label>
      <Input
        id={field.id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-describedby={field.describedBy(`${id}-hint`)}
        aria-invalid={field.invalid ? true : undefined}
        aria-activedescendant={open && options[active] ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        disabled={disabled}
        value={text}
        placeholder="Type a name or a company id"
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
          if (value) onChange(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, Math.max(options.length - 1, 0)));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter" && open && options[active]) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      <FieldHint id={`${id}-hint`}>
        {value ? `Selected: ${value.name} (id ${value.id})` : "Pick a company from the list."}
        {excludeMapped && !value && search.data && search.data.hiddenMapped > 0
          ? ` ${search.data.hiddenMapped} ${search.data.hiddenMapped === 1 ? "company is" : "companies are"} not listed: already mapped to a customer.`
          : ""}
      </FieldHint>
      <FieldErrors id={field.errorId} messages={field.messages} />
      {open && !disabled ? (
        <div className="absolute z-20 mt-1 w-full rounded-md border border-slate-200 bg-white shadow-lg">
          {search.isFetching && !search.data ? (
            <div className="p-2">
              <Spinner label="Searching the PSA" />
            </div>
          ) : null}
          {search.isError ? (
            <p role="alert" className="p-2 text-sm text-red-700">
              {errorMessage(search.error)}
            </p>
          ) : null}
          {search.data?.idMessage ? (
            <p role="alert" className="p-2 text-sm text-red-700">
              {search.data.idMessage}
            </p>
          ) : null}
          <ul id={`${id}-list`} role="listbox" aria-label={`${label} options`} className="max-h-60 overflow-auto py-1">
            {options.map((c, i) => (
              <li
                key={c.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? "bg-blue-50" : ""}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(c)}
              >
                <span className="font-medium">{c.name}</span> <span className="text-xs text-slate-500">id {c.id}</span>
                {!c.isActive ? <span className="ml-1 text-xs text-amber-700">inactive</span> : null}
              </li>
            ))}
            {search.data && options.length === 0 && !search.data.idMessage ? <li className="px-3 py-1.5 text-sm text-slate-500">No company matches.</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
