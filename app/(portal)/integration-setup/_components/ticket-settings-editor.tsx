"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { formErrorsOf } from "~/components/trpc/field-errors";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { Checkbox, ErrorSummary, FieldErrors, FormErrorsProvider, Label, Select, useFormField } from "~/components/ui/form";
import { Spinner } from "~/components/ui/spinner";

import { TextField } from "./fields";
import { AlertMappingTable, RefSelect, staleFor } from "./ticket-settings-fields";
import { TestTicket } from "./ticket-settings-test-ticket";
import { hourLabel, PSA_NAME, savedNames, type TicketSettingsView, toInput, type Values, valuesOf } from "./ticket-settings-values";

type Props = { view: TicketSettingsView; provider: "autotask" | "connectwise" };

/** The form: lists retrieved from the PSA on demand, saved by admins, read-only for technicians. */
export function TicketSettingsEditor({ view, provider }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const psa = PSA_NAME[provider];
  const word = provider === "connectwise" ? "board" : "queue";
  const Word = provider === "connectwise" ? "Board" : "Queue";
  const readOnly = !view.canEdit;
  const [values, setValues] = useState<Values>(() => valuesOf(view.settings));
  const [retrieved, setRetrieved] = useState(view.saved && view.canEdit);
  const names = useMemo(() => savedNames(view.settings), [view.settings]);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const boardId = provider === "connectwise" ? values.queueId || null : null;
  const options = useQuery({
    ...trpc.ticketSettings.options.queryOptions({ queueId: boardId, refresh: true }),
    enabled: retrieved,
    placeholderData: keepPreviousData,
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: 5 * 60_000,
  });
  const lists = retrieved ? options.data : undefined;
  const queues = lists?.queues ?? null;
  const priorities = lists?.priorities ?? null;
  // ConnectWise statuses belong to a board: only the statuses of the chosen board are offered.
  const statuses = lists && (provider === "autotask" || lists.statusesForQueueId === boardId) ? lists.statuses : null;

  const save = useMutation(
    trpc.ticketSettings.save.mutationOptions({
      onSuccess: async (saved) => {
        setValues(valuesOf(saved.settings));
        await queryClient.invalidateQueries({ queryKey: trpc.ticketSettings.get.queryKey() });
      },
    }),
  );
  const formErrors = useMemo(() => formErrorsOf(save.error), [save.error]);
  const dirty = JSON.stringify(toInput(values)) !== JSON.stringify(toInput(valuesOf(view.settings)));
  const ticketingOff = values.queueId === "";
  const stale = view.stale;
  const retrieve = () => (retrieved ? void options.refetch() : setRetrieved(true));
  const blockedReason = readOnly
    ? "Only an admin can send a test ticket."
    : !view.saved || !view.settings.queueId
      ? `Map a ${word} and save before sending a test ticket.`
      : dirty
        ? "Save your changes first: the test ticket uses the saved settings."
        : null;

  return (
    <div className="space-y-5">
      {readOnly ? <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">Only an admin can change the ticket settings.</p> : null}
      {stale.length > 0 ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {stale.length === 1 ? "One saved value no longer exists" : `${stale.length} saved values no longer exist`} in {psa} or {stale.length === 1 ? "is" : "are"}{" "}
          inactive. {stale.length === 1 ? "It is" : "They are"} marked below — retrieve the lists, pick another and save.
        </div>
      ) : null}
      {view.staleCheckError ? <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">{view.staleCheckError}</p> : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={retrieve} disabled={options.isFetching}>
          {options.isFetching ? "Retrieving…" : `Retrieve from ${psa}`}
        </Button>
        <div role="status" aria-live="polite" className="text-sm text-slate-600">
          {options.isFetching ? (
            <span className="inline-flex items-center gap-2">
              <Spinner label={`Retrieving lists from ${psa}`} /> Retrieving {word}s, priorities, statuses and companies from {psa}…
            </span>
          ) : lists ? (
            `${lists.queues.filter((q) => q.isActive).length} ${word}s and ${lists.priorities.filter((p) => p.isActive).length} priorities retrieved.`
          ) : (
            `Retrieve the lists from ${psa} to choose the values.`
          )}
        </div>
      </div>
      {options.isError ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">The lists could not be retrieved</p>
          <p className="mt-1">{errorMessage(options.error)}</p>
        </div>
      ) : null}

      <FormErrorsProvider formId="ticket-settings" errors={formErrors}>
      <form
        noValidate
        aria-label="Ticket settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (!readOnly) save.mutate(toInput(values));
        }}
      >
        <ErrorSummary className="mb-5" title={Object.keys(formErrors.fields).length === 0 ? "The ticket settings were not saved" : undefined} />
        <fieldset disabled={readOnly || save.isPending} className="space-y-5">
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              name="subjectPrefix"
              label="Subject prefix (optional)"
              value={values.subjectPrefix}
              onChange={(subjectPrefix) => set({ subjectPrefix })}
              maxLength={40}
              hint="Put in front of every ticket's subject, e.g. [Backup]."
            />
            <RefSelect
              name="queueId"
              label={Word}
              value={values.queueId}
              onChange={(queueId) => set(provider === "connectwise" ? { queueId, newStatusId: "", completedStatusId: "" } : { queueId })}
              options={queues}
              savedName={names.get("queueId")}
              emptyLabel="Do not map (ticketing off)"
              flag={staleFor(stale, "queueId", values.queueId)}
              hint={ticketingOff ? "Ticketing is off: no tickets are opened until a " + word + " is mapped." : undefined}
            />
            <RefSelect
              name="defaultPriorityId"
              label="Default priority"
              value={values.defaultPriorityId}
              onChange={(defaultPriorityId) => set({ defaultPriorityId })}
              options={priorities}
              savedName={names.get("defaultPriorityId")}
              emptyLabel="Choose a priority"
              flag={staleFor(stale, "defaultPriorityId", values.defaultPriorityId)}
            />
            <div className="hidden sm:block" />
            {(["newStatusId", "completedStatusId"] as const).map((field) => (
              <RefSelect
                key={field}
                name={field}
                label={field === "newStatusId" ? "Status for new tickets" : "Status for completed tickets"}
                value={values[field]}
                onChange={(v) => set({ [field]: v })}
                options={statuses}
                savedName={names.get(field)}
                emptyLabel={provider === "connectwise" && !values.queueId ? "Choose a board first" : "Choose a status"}
                flag={staleFor(stale, field, values[field])}
                hint={provider === "connectwise" ? "Statuses of the chosen board." : undefined}
              />
            ))}
          </div>

          <AlertMappingTable
            values={values.alertMapping}
            onChange={(severity, patch) => setValues((v) => ({ ...v, alertMapping: { ...v.alertMapping, [severity]: { ...v.alertMapping[severity], ...patch } } }))}
            priorities={priorities}
            queues={queues}
            names={names}
            stale={stale}
            word={word}
            disabled={readOnly || save.isPending}
          />

          <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium text-slate-700">Daily digest</legend>
            <label className="flex items-center gap-2 text-sm text-slate-900">
              <Checkbox checked={values.digestEnabled} onChange={(e) => set({ digestEnabled: e.target.checked })} />
              Once a day, one ticket per customer summarising the day&apos;s backups
            </label>
            {values.digestEnabled ? (
              <div className="grid gap-4 sm:grid-cols-3">
                <RefSelect
                  name="digestPriorityId"
                  label="Digest priority"
                  value={values.digestPriorityId}
                  onChange={(digestPriorityId) => set({ digestPriorityId })}
                  options={priorities}
                  savedName={names.get("digestPriorityId")}
                  emptyLabel="Default priority"
                  flag={staleFor(stale, "digestPriorityId", values.digestPriorityId)}
                />
                <RefSelect
                  name="digestQueueId"
                  label={`Digest ${word}`}
                  value={values.digestQueueId}
                  onChange={(digestQueueId) => set({ digestQueueId })}
                  options={queues}
                  savedName={names.get("digestQueueId")}
                  emptyLabel={`The mapped ${word}`}
                  flag={staleFor(stale, "digestQueueId", values.digestQueueId)}
                />
                <DigestHourSelect value={values.digestHour} onChange={(digestHour) => set({ digestHour })} timeZone={view.timeZone} />
              </div>
            ) : null}
          </fieldset>

          <div className="max-w-xs">
            <TextField
              name="reopenWindowHours"
              label="Reopen window (hours)"
              type="number"
              min={1}
              max={720}
              value={values.reopenWindowHours}
              onChange={(reopenWindowHours) => set({ reopenWindowHours })}
              hint="A failure that comes back within this time reopens the last ticket instead of opening a new one (1–720)."
            />
          </div>

          {!readOnly ? (
            <div className="flex items-center gap-3">
              <Button type="submit" disabled={save.isPending}>
                {save.isPending ? "Saving…" : "Save ticket settings"}
              </Button>
              {dirty ? <span className="text-sm text-slate-600">Unsaved changes</span> : null}
            </div>
          ) : null}
        </fieldset>
      </form>
      </FormErrorsProvider>
      <div role="status" aria-live="polite">
        {save.isSuccess && !dirty ? <p className="text-sm text-emerald-800">Ticket settings saved.</p> : null}
      </div>

      <TestTicket
        provider={provider}
        blockedReason={blockedReason}
        testCompanies={view.testCompanies}
        companies={lists?.companies ?? null}
        listsError={options.isError ? errorMessage(options.error) : null}
        onNeedLists={() => setRetrieved(true)}
      />
    </div>
  );
}

function DigestHourSelect({ value, onChange, timeZone }: { value: string; onChange: (value: string) => void; timeZone: string }) {
  const field = useFormField("digestHour", "Sent at");
  const zoneId = `${field.id}-zone`;
  return (
    <div>
      <Label htmlFor={field.id}>Sent at</Label>
      <Select
        id={field.id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={field.invalid ? true : undefined}
        aria-describedby={field.describedBy(zoneId)}
      >
        {Array.from({ length: 24 }, (_, h) => (
          <option key={h} value={String(h)}>
            {hourLabel(h)}
          </option>
        ))}
      </Select>
      <p id={zoneId} className="mt-1 text-xs text-slate-500">
        Your time zone: {timeZone}
      </p>
      <FieldErrors id={field.errorId} messages={field.messages} />
    </div>
  );
}
