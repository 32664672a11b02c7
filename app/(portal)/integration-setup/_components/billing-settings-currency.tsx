"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { FieldErrors, FieldHint, Label, Select, useFormField } from "~/components/ui/form";

import { PSA_NAME, type Provider } from "./billing-settings-values";

type Props = { provider: Provider; value: string; onChange: (code: string) => void; disabled: boolean; serverError?: string };

/** The billing currency, picked from the currencies the PSA offers (never typed). */
export function CurrencyField({ provider, value, onChange, disabled, serverError }: Props) {
  const trpc = useTRPC();
  const hintId = useId();
  const psa = PSA_NAME[provider];
  const currencies = useQuery({ ...trpc.billingSettings.currencies.queryOptions(), retry: false, refetchOnWindowFocus: false, staleTime: 5 * 60_000 });
  const list = currencies.data?.currencies ?? [];
  const offered = list.some((c) => c.code === value);
  const notOffered = currencies.isSuccess && !offered ? `${psa} does not offer ${value}: pick one of the currencies it offers.` : undefined;
  // The form's errors for "currencyCode" (inside its FormErrorsProvider), beside this field's own.
  const field = useFormField("currencyCode", "Currency", [serverError, notOffered]);
  const id = field.id;
  const loadError = currencies.isError ? errorMessage(currencies.error) : null;
  return (
    <div>
      <Label htmlFor={id}>Currency</Label>
      <Select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled || !currencies.isSuccess}
        aria-invalid={field.invalid ? true : undefined}
        aria-describedby={field.describedBy(hintId)}
      >
        {!offered ? <option value={value}>{currencies.isSuccess ? `${value} (saved — not offered by ${psa})` : value}</option> : null}
        {list.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} — {c.name}
            {c.isDefault ? ` (${psa}'s home currency)` : ""}
          </option>
        ))}
      </Select>
      <FieldHint id={hintId}>
        {currencies.isPending
          ? `Loading the currencies set up in ${psa}…`
          : loadError
            ? `The currencies could not be read from ${psa}: ${loadError}`
            : `The currency you bill in, one of the ${list.length} set up in ${psa}. ${provider === "connectwise" ? "An agreement" : "A contract"} in another currency is not synced: that customer fails with a message saying so.`}
      </FieldHint>
      {loadError ? (
        <Button type="button" variant="secondary" size="sm" className="mt-1" onClick={() => void currencies.refetch()}>
          Read the currencies again
        </Button>
      ) : null}
      <FieldErrors id={field.errorId} messages={field.messages} />
    </div>
  );
}
