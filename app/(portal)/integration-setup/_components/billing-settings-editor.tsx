"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { type FormErrors, formErrorsOf, mergeFormErrors, NO_FORM_ERRORS } from "~/components/trpc/field-errors";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { Checkbox, ErrorSummary, FieldErrors, FieldHint, FormErrorsProvider, FormField, Input, Label, Select } from "~/components/ui/form";
import { Spinner } from "~/components/ui/spinner";

import { CurrencyField } from "./billing-settings-currency";
import { BillingItemsTable } from "./billing-settings-items";
import { Elapsed, type Step, StepList } from "./billing-settings-progress";
import {
  type BillingSettingsView,
  blankTypedIds,
  PSA_NAME,
  type Provider,
  serviceWord,
  toInput,
  type Values,
  valuesOf,
  type WriteMode,
} from "./billing-settings-values";

type Props = { view: BillingSettingsView; provider: Provider };

const WRITE_MODES: { value: WriteMode; label: string; description: string }[] = [
  { value: "automatic", label: "Automatic", description: "Every quantity change a sync finds is written to the PSA at once." },
  {
    value: "threshold",
    label: "Automatic when the change is under",
    description: "Small changes are written at once; a change of the threshold or more waits for an admin's approval on the Billing page.",
  },
  { value: "approve", label: "Always approve", description: "Every change waits on the Billing page until an admin approves or rejects it." },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const dateTime = (d: Date, timeZone: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);

/** The form: services retrieved from the PSA on demand, saved by admins, read-only for technicians. */
export function BillingSettingsEditor({ view, provider }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const psa = PSA_NAME[provider];
  const word = serviceWord(provider);
  const readOnly = !view.canEdit;
  const modeLabelId = useId();
  const dayHintId = useId();
  const enabledHintId = useId();
  const [values, setValues] = useState<Values>(() => valuesOf(view));
  const [retrieved, setRetrieved] = useState(false);
  const [localErrors, setLocalErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const services = useQuery({
    ...trpc.billingSettings.services.queryOptions({ refresh: true }),
    enabled: retrieved,
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: 5 * 60_000,
  });
  const list = retrieved ? (services.data?.services ?? null) : null;

  const check = useMutation(trpc.billingSettings.check.mutationOptions());
  const save = useMutation(
    trpc.billingSettings.save.mutationOptions({
      onSuccess: (saved) => {
        setValues(valuesOf(saved));
        // The save answers with the saved view: no second round-trip to read it again.
        queryClient.setQueryData(trpc.billingSettings.get.queryKey(), (old) => (old ? { ...old, ...saved } : old));
      },
    }),
  );
  const [steps, setSteps] = useState<Step[]>([]);
  const saving = check.isPending || save.isPending;
  // How long the last retrieve took, shown beside its count.
  const [retrieveStartedAt, setRetrieveStartedAt] = useState<number | null>(null);
  const retrieveMs = retrieveStartedAt !== null && services.dataUpdatedAt >= retrieveStartedAt ? services.dataUpdatedAt - retrieveStartedAt : null;

  const savedInput = useMemo(() => JSON.stringify(toInput(valuesOf(view), view.items, view.settings)), [view]);
  const dirty = JSON.stringify(toInput(values, view.items, view.settings)) !== savedInput;
  // Every problem at once, each beside its field (items by "items.<code>.psaServiceId", the currency
  // by "currencyCode"): the checks made here before saving, then the server's check or save.
  const failed = check.error ?? save.error;
  const formErrors = useMemo(() => mergeFormErrors(localErrors, formErrorsOf(failed)), [localErrors, failed]);

  const retrieve = () => {
    setRetrieveStartedAt(Date.now());
    if (retrieved) void services.refetch();
    else setRetrieved(true);
  };
  const active = list?.filter((s) => s.isActive).length ?? 0;
  const inactive = (list?.length ?? 0) - active;
  const lastRetrieved = services.data?.retrievedAt ?? view.servicesRetrievedAt;

  const submit = async () => {
    if (readOnly || saving) return;
    const blank = blankTypedIds(values, view.items);
    check.reset();
    save.reset();
    if (blank.length > 0) {
      setSteps([]);
      setLocalErrors({
        fields: Object.fromEntries(blank.map((item) => [`items.${item.code}.psaServiceId`, [`Type the ${psa} ${word} id for ${item.name}, or choose another option for it.`]])),
        form: [],
      });
      return;
    }
    setLocalErrors(NO_FORM_ERRORS);
    const input = toInput(values, view.items, view.settings);
    const chosen = input.items.filter((i) => i.psaServiceId !== null).length;
    const checkLabel = `Check ${plural(chosen, `chosen ${word}`)} and the currency ${input.currencyCode} in ${psa}`;
    const saveLabel = `Save the settings and ${plural(input.items.length, "decided item")}`;
    const started = Date.now();
    setSteps([
      { label: checkLabel, state: "running" },
      { label: saveLabel, state: "waiting" },
    ]);
    let checked;
    try {
      checked = await check.mutateAsync(input);
    } catch {
      setSteps([
        { label: checkLabel, state: "failed" },
        { label: saveLabel, state: "waiting", detail: "not saved" },
      ]);
      return;
    }
    const asked = checked.askedPsa === 0 ? (chosen > 0 ? "all in the list just retrieved" : "nothing to look up") : `${plural(checked.askedPsa, word)} looked up in ${psa}`;
    const checkDone: Step = { label: checkLabel, state: "done", detail: `${asked}, ${seconds(Date.now() - started)}` };
    setSteps([checkDone, { label: saveLabel, state: "running" }]);
    const writing = Date.now();
    try {
      await save.mutateAsync(input);
      setSteps([checkDone, { label: saveLabel, state: "done", detail: seconds(Date.now() - writing) }]);
    } catch {
      setSteps([checkDone, { label: saveLabel, state: "failed" }]);
    }
  };

  return (
    <div className="space-y-5">
      {readOnly ? <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">Only an admin can change the billing settings.</p> : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={retrieve} disabled={services.isFetching}>
          {services.isFetching ? "Retrieving…" : "Retrieve services list"}
        </Button>
        <div role="status" aria-live="polite" className="text-sm text-slate-600">
          {services.isFetching ? (
            <span className="inline-flex items-center gap-2">
              <Spinner label={`Retrieving services from ${psa}`} /> Retrieving the {provider === "connectwise" ? "catalog products" : "Services"} from {psa}…
              <Elapsed />
            </span>
          ) : list ? (
            `${list.length} ${list.length === 1 ? "service" : "services"} retrieved${retrieveMs !== null ? ` in ${seconds(retrieveMs)}` : ""}${inactive > 0 ? ` (${inactive} inactive, shown but not selectable)` : ""}.`
          ) : (
            `Retrieve the ${provider === "connectwise" ? "catalog products" : "Services"} from ${psa} to pick one per item.${
              lastRetrieved ? ` Last retrieved ${dateTime(lastRetrieved, view.timeZone)}.` : ""
            }`
          )}
        </div>
      </div>
      {services.isError ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">The services list could not be retrieved</p>
          <p className="mt-1">{errorMessage(services.error)}</p>
        </div>
      ) : null}

      <FormErrorsProvider formId="billing-settings" errors={formErrors}>
      <form
        noValidate
        aria-label="Billing settings"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ErrorSummary className="mb-5" title={Object.keys(formErrors.fields).length === 0 ? "The billing settings were not saved" : undefined} />
        <fieldset disabled={readOnly || saving} className="space-y-5">
          <FormField name="enabled" label="Billing sync on">
            {(field) => (
              <div>
                <label className="flex items-center gap-2 text-sm font-medium text-slate-900">
                  <Checkbox
                    id={field.id}
                    checked={values.enabled}
                    onChange={(e) => set({ enabled: e.target.checked })}
                    aria-invalid={field.invalid ? true : undefined}
                    aria-describedby={field.describedBy(enabledHintId)}
                  />
                  Billing sync on
                </label>
                <FieldErrors id={field.errorId} messages={field.messages} />
                <FieldHint id={enabledHintId}>
                  {values.enabled
                    ? `Quantities of the mapped items are compared with ${psa} and the differences written as the write mode says.`
                    : `Off: nothing is read from or written to ${psa}'s ${provider === "connectwise" ? "agreements" : "contracts"}. Map at least one item before turning it on.`}
                </FieldHint>
              </div>
            )}
          </FormField>

          <div role="radiogroup" aria-labelledby={modeLabelId} className="space-y-2 rounded-md border border-slate-200 p-3">
            <p id={modeLabelId} className="text-sm font-medium text-slate-700">
              Write mode
            </p>
            {WRITE_MODES.map((mode) => (
              <div key={mode.value}>
                <div className="flex flex-wrap items-center gap-2">
                  <label className="flex items-center gap-2 text-sm text-slate-900">
                    <input
                      type="radio"
                      name="billing-write-mode"
                      value={mode.value}
                      checked={values.writeMode === mode.value}
                      onChange={() => set({ writeMode: mode.value })}
                      aria-describedby={`${modeLabelId}-${mode.value}`}
                      className="h-4 w-4"
                    />
                    {mode.label}
                  </label>
                  {mode.value === "threshold" ? (
                    <FormField name="thresholdPercent" label="Threshold (%)">
                      {(field) => (
                        <span className="flex flex-wrap items-center gap-2">
                          <Label htmlFor={field.id} className="sr-only">
                            Threshold (%)
                          </Label>
                          <Input
                            id={field.id}
                            type="number"
                            min={1}
                            max={99}
                            step={1}
                            value={values.thresholdPercent}
                            onChange={(e) => set({ thresholdPercent: e.target.value })}
                            aria-invalid={field.invalid ? true : undefined}
                            aria-describedby={field.describedBy()}
                            className="w-20"
                          />
                          <span aria-hidden className="text-sm text-slate-700">
                            %
                          </span>
                          <FieldErrors id={field.errorId} messages={field.messages} className="mt-0" />
                        </span>
                      )}
                    </FormField>
                  ) : null}
                </div>
                <p id={`${modeLabelId}-${mode.value}`} className="ml-6 text-xs text-slate-500">
                  {mode.description}
                </p>
              </div>
            ))}
          </div>

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField name="billingDay" label="Billing day">
              {(field) => (
                <div>
                  <Label htmlFor={field.id}>Billing day</Label>
                  <Select
                    id={field.id}
                    value={values.billingDay}
                    onChange={(e) => set({ billingDay: e.target.value })}
                    aria-invalid={field.invalid ? true : undefined}
                    aria-describedby={field.describedBy(dayHintId)}
                  >
                    {Array.from({ length: 28 }, (_, i) => (
                      <option key={i + 1} value={String(i + 1)}>
                        {i + 1}
                      </option>
                    ))}
                  </Select>
                  <FieldHint id={dayHintId}>
                    Every customer is synchronized on this day of the month in your time zone ({view.timeZone}). Days 29–31 are not offered so that every
                    month has the billing day.
                  </FieldHint>
                  <FieldErrors id={field.errorId} messages={field.messages} />
                </div>
              )}
            </FormField>
            <CurrencyField provider={provider} value={values.currencyCode} onChange={(currencyCode) => set({ currencyCode })} disabled={readOnly || saving} />
          </div>

          {provider === "connectwise" ? (
            <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-medium text-slate-700">ConnectWise options</legend>
              <label className="flex items-center gap-2 text-sm text-slate-900">
                <Checkbox checked={values.updateInvoiceDescriptions} onChange={(e) => set({ updateInvoiceDescriptions: e.target.checked })} />
                Update invoice descriptions
              </label>
              <FieldHint>Writes each account&apos;s usage into the addition&apos;s invoice description, so the invoice shows what the quantity is made of.</FieldHint>
              <p className="text-xs text-slate-600">
                <span className="font-medium">Less included</span> is honoured as ConnectWise holds it: PSA Relay sets the addition&apos;s quantity to the vendor
                quantity and leaves its less included as set in ConnectWise, so the invoice bills the quantity minus the less included.
              </p>
            </fieldset>
          ) : null}

          <BillingItemsTable
            items={view.items}
            values={values.items}
            onChange={(code, patch) => setValues((v) => ({ ...v, items: { ...v.items, [code]: { ...v.items[code]!, ...patch } } }))}
            services={list}
            provider={provider}
            currencyCode={values.currencyCode}
            disabled={readOnly || saving}
          />

          {!readOnly ? (
            <div className="flex items-center gap-3">
              <Button type="submit" disabled={saving}>
                {saving ? "Saving…" : "Save billing settings"}
              </Button>
              {dirty && !saving ? <span className="text-sm text-slate-600">Unsaved changes</span> : null}
            </div>
          ) : null}
          {!readOnly ? <StepList label="Saving the billing settings" steps={steps} /> : null}
        </fieldset>
      </form>
      </FormErrorsProvider>
      <div role="status" aria-live="polite">
        {save.isSuccess && !dirty ? <p className="text-sm text-emerald-800">Billing settings saved.</p> : null}
      </div>
    </div>
  );
}
