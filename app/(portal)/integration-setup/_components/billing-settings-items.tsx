"use client";

import { useId } from "react";

import { Checkbox, FieldErrors, FieldHint, Input, Label, Select, useFormField } from "~/components/ui/form";

import {
  type BillingItem,
  type BillingService,
  formatPrice,
  type ItemValues,
  itemSelectLabel,
  NOT_BILLED,
  NOT_DECIDED,
  PSA_NAME,
  type Provider,
  serviceWord,
  staleFlag,
  TYPED_ID,
} from "./billing-settings-values";

type Props = {
  items: BillingItem[];
  values: Record<string, ItemValues>;
  onChange: (code: string, patch: Partial<ItemValues>) => void;
  services: BillingService[] | null;
  provider: Provider;
  currencyCode: string;
  disabled: boolean;
};

/** The vendor's billable items, each mapped to a PSA service / product, "Not billed" or not decided yet. */
export function BillingItemsTable({ items, values, onChange, services, provider, currencyCode, disabled }: Props) {
  const word = serviceWord(provider);
  const psa = PSA_NAME[provider];
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="mb-1 text-left font-medium text-slate-700">Billable items</caption>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th scope="col" className="py-1 pr-3 font-medium">
              Item
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              PSA {word}
            </th>
            <th scope="col" className="py-1 font-medium">
              Create when missing
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => (
            <ItemRow
              key={item.code}
              item={item}
              value={values[item.code] ?? { choice: NOT_DECIDED, typedId: "", createMissing: true }}
              onChange={(patch) => onChange(item.code, patch)}
              services={services}
              provider={provider}
              currencyCode={currencyCode}
              disabled={disabled}
            />
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">
        {provider === "connectwise"
          ? `Create when missing: when a customer's agreement has no addition for the product, PSA Relay adds one. Off: the item is reported as missing in ${psa} instead.`
          : `Create when missing: when a customer's Recurring Service contract lacks the service, PSA Relay adds it to the contract. Off: the item is reported as missing in ${psa} instead.`}{" "}
        Items left on &ldquo;Not decided&rdquo; are not synced and show as unmapped on the Billing page.
      </p>
    </div>
  );
}

function ItemRow({
  item,
  value,
  onChange,
  services,
  provider,
  currencyCode,
  disabled,
}: {
  item: BillingItem;
  value: ItemValues;
  onChange: (patch: Partial<ItemValues>) => void;
  services: BillingService[] | null;
  provider: Provider;
  currencyCode: string;
  disabled: boolean;
}) {
  const typedId = useId();
  const noteId = useId();
  const word = serviceWord(provider);
  const psa = PSA_NAME[provider];
  const label = itemSelectLabel(provider, item.name);
  const saved = item.mapping;
  const special = value.choice === NOT_DECIDED || value.choice === NOT_BILLED || value.choice === TYPED_ID;
  const listed = services?.find((s) => s.id === value.choice);
  // The saved service stays selectable (under its saved name) until a retrieve offers it.
  const savedOption = !special && !listed ? value.choice : null;
  // The server's problems for this row (by its field path) and a stale saved choice, all shown.
  const field = useFormField(`items.${item.code}.psaServiceId`, label, [staleFlag(value.choice, services, provider)]);
  const selectId = field.id;
  const typedListed = value.choice === TYPED_ID && value.typedId.trim() ? services?.find((s) => s.id === value.typedId.trim()) : undefined;

  const billedPrice = listed?.unitPrice ?? (saved?.psaServiceId === value.choice ? saved.unitPrice : null) ?? typedListed?.unitPrice ?? null;
  const price = formatPrice(billedPrice, currencyCode);
  const mapped = value.choice !== NOT_DECIDED && value.choice !== NOT_BILLED;
  const note =
    value.choice === NOT_BILLED
      ? "Not billed: never written to the PSA."
      : value.choice === NOT_DECIDED
        ? "Not decided: not synced yet."
        : value.choice === TYPED_ID
          ? typedListed
            ? `${typedListed.name}${price ? ` — ${price} per ${item.unit}` : ""}`
            : `Checked against ${psa}'s list when you save.`
          : price
            ? `Price in ${psa}: ${price} per ${item.unit}`
            : null;

  return (
    <tr className="align-top">
      <th scope="row" className="py-3 pr-3 text-left font-normal">
        <span className="block font-medium text-slate-900">{item.name}</span>
        <span className="block text-xs text-slate-500">
          Per {item.unit}
          {item.description ? ` · ${item.description}` : ""}
        </span>
      </th>
      <td className="min-w-72 py-3 pr-3">
        <Label htmlFor={selectId} className="sr-only">
          {label}
        </Label>
        <Select
          id={selectId}
          value={value.choice}
          onChange={(e) => onChange({ choice: e.target.value })}
          disabled={disabled}
          aria-invalid={field.invalid ? true : undefined}
          aria-describedby={field.describedBy(note && noteId)}
        >
          <option value={NOT_DECIDED}>Not decided</option>
          <option value={NOT_BILLED}>Not billed</option>
          {savedOption ? (
            <option value={savedOption}>
              {saved?.psaServiceId === savedOption && saved.psaServiceName ? `${saved.psaServiceName} (saved)` : `Id ${savedOption} (saved)`}
            </option>
          ) : null}
          {(services ?? []).map((s) => {
            const p = formatPrice(s.unitPrice, currencyCode);
            return (
              <option key={s.id} value={s.id} disabled={!s.isActive && s.id !== value.choice}>
                {s.isActive ? (p ? `${s.name} — ${p}` : s.name) : `${s.name} (inactive)`}
              </option>
            );
          })}
          <option value={TYPED_ID}>Type a {word} id…</option>
        </Select>
        {value.choice === TYPED_ID ? (
          <div className="mt-2">
            <Label htmlFor={typedId} className="text-xs">
              {psa} {word} id for {item.name}
            </Label>
            <Input
              id={typedId}
              value={value.typedId}
              onChange={(e) => onChange({ typedId: e.target.value })}
              disabled={disabled}
              inputMode="numeric"
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        ) : null}
        {note ? <FieldHint id={noteId}>{note}</FieldHint> : null}
        <FieldErrors id={field.errorId} messages={field.messages} />
      </td>
      <td className="py-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <Checkbox checked={mapped && value.createMissing} onChange={(e) => onChange({ createMissing: e.target.checked })} disabled={disabled || !mapped} />
          <span className="sr-only">Create when missing for {item.name}</span>
          <span aria-hidden>Create</span>
        </label>
      </td>
    </tr>
  );
}
