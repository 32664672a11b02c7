"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FieldHint, Label, Select } from "~/components/ui/form";

import { PSA_NAME, type TicketOptions, type TicketSettingsView } from "./ticket-settings-values";

type Provider = keyof typeof PSA_NAME;

/**
 * "Send a test ticket": one real ticket with the saved settings, on the company the admin picks —
 * a mapped customer's company (the first by name is preselected) or any company from the PSA's
 * list. The dialog and the result name the company the ticket is created for.
 */
export function TestTicket({
  provider,
  blockedReason,
  testCompanies,
  companies,
  listsError,
  onNeedLists,
}: {
  provider: Provider;
  /** Why a test ticket cannot be sent now (unsaved changes, ticketing off), or null. */
  blockedReason: string | null;
  testCompanies: TicketSettingsView["testCompanies"];
  companies: TicketOptions["companies"] | null;
  /** Why the companies could not be retrieved, if they could not. */
  listsError: string | null;
  onNeedLists: () => void;
}) {
  const trpc = useTRPC();
  const selectId = useId();
  const hintId = useId();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  // Preselected: the first mapped company by name (what the server uses when none is sent).
  const companyId = picked ?? testCompanies[0]?.id ?? "";
  const mappedIds = new Set(testCompanies.map((c) => c.id));
  const others = (companies ?? []).filter((c) => c.isActive && !mappedIds.has(c.id));
  const chosenName = testCompanies.find((c) => c.id === companyId)?.name ?? others.find((c) => c.id === companyId)?.name ?? null;
  const send = useMutation(trpc.ticketSettings.sendTestTicket.mutationOptions({ onSuccess: () => setOpen(false) }));
  const psa = PSA_NAME[provider];
  const result = send.data;

  return (
    <div className="space-y-3 border-t border-slate-200 pt-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          disabled={Boolean(blockedReason) || send.isPending}
          onClick={() => {
            send.reset();
            if (!companies) onNeedLists();
            setOpen(true);
          }}
        >
          Send a test ticket
        </Button>
        <span className="text-sm text-slate-600">{blockedReason ?? `Creates one real ticket in ${psa} with the saved settings.`}</span>
      </div>
      <div role="status" aria-live="polite">
        {result?.ok ? (
          <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
            Test ticket <strong>{result.ticketNumber}</strong> was created in {psa}
            {` for ${result.companyName}`}. Close it in {psa} when you have looked at it.
          </p>
        ) : null}
      </div>
      {result && !result.ok ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">No test ticket was created</p>
          <p className="mt-1">{result.message}</p>
          {result.hint && !result.message.includes(result.hint) ? <p className="mt-1">{result.hint}</p> : null}
        </div>
      ) : null}

      <ConfirmDialog
        open={open}
        title="Send a test ticket?"
        confirmLabel={send.isPending ? "Sending…" : "Send test ticket"}
        pending={send.isPending}
        error={errorMessage(send.error)}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          if (!companyId) return;
          send.mutate({ companyId });
        }}
      >
        <div className="space-y-2">
          <Label htmlFor={selectId}>Company</Label>
          <Select id={selectId} value={companyId} onChange={(e) => setPicked(e.target.value)} aria-describedby={hintId}>
            {testCompanies.length === 0 ? <option value="">{companies ? "Choose a company" : listsError ? "Companies could not be retrieved" : "Retrieving companies…"}</option> : null}
            {testCompanies.length > 0 ? (
              <optgroup label="Companies of mapped customers">
                {testCompanies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.customers.slice(0, 2).join(", ")}
                    {c.customers.length > 2 ? ` +${c.customers.length - 2}` : ""})
                  </option>
                ))}
              </optgroup>
            ) : null}
            {others.length > 0 ? (
              <optgroup label={`Other ${psa} companies`}>
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </Select>
          <FieldHint id={hintId}>
            {chosenName ? (
              <>
                The ticket is created in {psa} for <strong>{chosenName}</strong>.
              </>
            ) : testCompanies.length === 0 ? (
              `No customer is mapped yet: pick the ${psa} company the test ticket is created for.`
            ) : (
              "Choose a company to send the ticket."
            )}
          </FieldHint>
          {!companies && listsError ? <p className="text-xs font-medium text-red-700">{listsError}</p> : null}
        </div>
      </ConfirmDialog>
    </div>
  );
}
