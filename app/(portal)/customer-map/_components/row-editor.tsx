"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { formErrorsOf } from "~/components/trpc/field-errors";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Button } from "~/components/ui/button";
import { ErrorSummary, FieldErrors, FormErrorsProvider, FormField, Label, Select } from "~/components/ui/form";

import type { MappingChange } from "./changes-summary";
import { CompanyCombobox, type PickedCompany } from "./company-combobox";

export type MapRow = RouterOutputs["customerMap"]["list"]["items"][number];

/** Edits one customer's mapping: company (search or id), contract, and (Autotask) contract service. */
export function RowEditor({
  row,
  provider,
  onSaved,
  onCancel,
}: {
  row: MapRow;
  provider: "autotask" | "connectwise";
  onSaved: (changes: MappingChange[]) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [company, setCompany] = useState<PickedCompany | null>(row.psaCompanyId ? { id: row.psaCompanyId, name: row.psaCompanyName ?? row.psaCompanyId } : null);
  const [contractId, setContractId] = useState(row.psaContractId ?? "");
  const [serviceId, setServiceId] = useState(row.psaContractServiceId ?? "");
  const contractNoun = provider === "autotask" ? "Contract" : "Agreement";

  const contracts = useQuery(trpc.customerMap.contracts.queryOptions({ companyId: company?.id ?? "0" }, { enabled: Boolean(company) }));
  const services = useQuery(
    trpc.customerMap.contractServices.queryOptions({ contractId: contractId || "0" }, { enabled: provider === "autotask" && Boolean(contractId) }),
  );
  const save = useMutation(trpc.customerMap.map.mutationOptions({ onSuccess: (result) => onSaved(result.changes) }));
  const formErrors = useMemo(() => formErrorsOf(save.error), [save.error]);

  return (
    <FormErrorsProvider formId={`mapping-${row.id}`} errors={formErrors}>
    <form
      aria-label={`Mapping of ${row.name}`}
      className="grid gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 md:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!company) return;
        save.mutate({ customerId: row.id, companyId: company.id, contractId: contractId || null, contractServiceId: provider === "autotask" ? serviceId || null : null });
      }}
    >
      <ErrorSummary className="md:col-span-3" title={Object.keys(formErrors.fields).length === 0 ? "The mapping was not saved" : undefined} />
      <CompanyCombobox
        name="companyId"
        label="PSA company"
        value={company}
        disabled={save.isPending}
        onChange={(c) => {
          setCompany(c);
          setContractId("");
          setServiceId("");
        }}
      />
      <FormField name="contractId" label={contractNoun}>
        {(field) => (
      <div>
        <Label htmlFor={field.id}>{contractNoun}</Label>
        <Select
          id={field.id}
          aria-invalid={field.invalid ? true : undefined}
          aria-describedby={field.describedBy()}
          value={contractId}
          disabled={!company || contracts.isPending || save.isPending}
          onChange={(e) => {
            setContractId(e.target.value);
            setServiceId("");
          }}
        >
          <option value="">{contracts.isFetching ? "Loading…" : `No ${contractNoun.toLowerCase()}`}</option>
          {(contracts.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.typeLabel} {c.status !== "active" ? `(${c.status})` : ""}
            </option>
          ))}
          {contractId && contracts.data && !contracts.data.some((c) => c.id === contractId) ? (
            <option value={contractId}>{row.psaContractName ?? contractId} (no longer offered)</option>
          ) : null}
        </Select>
        <FieldErrors id={field.errorId} messages={field.messages} />
        {contracts.isError ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errorMessage(contracts.error)}
          </p>
        ) : null}
      </div>
        )}
      </FormField>
      {provider === "autotask" ? (
        <FormField name="contractServiceId" label="Contract service">
          {(field) => (
        <div>
          <Label htmlFor={field.id}>Contract service</Label>
          <Select
            id={field.id}
            aria-invalid={field.invalid ? true : undefined}
            aria-describedby={field.describedBy()}
            value={serviceId} disabled={!contractId || services.isPending || save.isPending} onChange={(e) => setServiceId(e.target.value)}>
            <option value="">{services.isFetching ? "Loading…" : "No contract service"}</option>
            {(services.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {s.quantity} units
              </option>
            ))}
          </Select>
          <FieldErrors id={field.errorId} messages={field.messages} />
          {services.isError ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {errorMessage(services.error)}
            </p>
          ) : null}
        </div>
          )}
        </FormField>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 md:col-span-3">
        <Button type="submit" size="sm" disabled={!company || save.isPending}>
          {save.isPending ? "Checking with the PSA…" : "Save mapping"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </form>
    </FormErrorsProvider>
  );
}
