"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { formErrorsOf, mergeFormErrors, NO_FORM_ERRORS } from "~/components/trpc/field-errors";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { ErrorState } from "~/components/ui/error-state";
import { ErrorSummary, FormErrorsProvider } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";

import {
  type Connection,
  type FormValues,
  initialValues,
  PROVIDER_LABEL,
  type Provider,
  type SandboxCredentialSet,
  SECRET_FIELD,
  secretTargetChanged,
  toInput,
} from "../_lib/form-values";
import { ConnectionStatus } from "./connection-status";
import { secretAgainHint } from "./fields";
import { AutotaskFields, ConnectWiseFields } from "./provider-fields";
import { SandboxCredentials } from "./sandbox-credentials";
import { TestFailed, TestProgress, TestSucceeded } from "./test-result";

type Props = { defaultZoneDiscoveryUrl: string; sandboxCredentials: SandboxCredentialSet[] | null };

/** Integration Setup: the partner's PSA connection. Admins test and save it; technicians read it. */
export function IntegrationSetup(props: Props) {
  const trpc = useTRPC();
  const query = useQuery(trpc.integration.get.queryOptions());
  if (query.isPending) return <TableSkeleton label="Loading the PSA connection" rows={6} />;
  if (query.isError) {
    return <ErrorState title="The PSA connection could not be loaded" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  }
  return <ConnectionEditor {...props} connection={query.data.connection} canEdit={query.data.canEdit} />;
}

function ConnectionEditor({ connection, canEdit, defaultZoneDiscoveryUrl, sandboxCredentials }: Props & { connection: Connection | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submitRef = useRef<HTMLButtonElement>(null);
  const [provider, setProvider] = useState<Provider>(connection?.provider ?? "autotask");
  const [values, setValues] = useState<FormValues>(() => initialValues(connection, defaultZoneDiscoveryUrl));
  const [replacing, setReplacing] = useState<Record<Provider, boolean>>({ autotask: false, connectwise: false });
  const [advancedOpen, setAdvancedOpen] = useState(
    connection?.provider === "autotask" && (connection.settings.zoneDiscoveryUrl ?? defaultZoneDiscoveryUrl) !== defaultZoneDiscoveryUrl,
  );
  const [confirmRemove, setConfirmRemove] = useState(false);
  // Test and Save was pressed while a secret that must be typed again was blank (checked before sending).
  const [secretMissing, setSecretMissing] = useState(false);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.integration.get.queryKey() });
  const save = useMutation(
    trpc.integration.testAndSave.mutationOptions({
      onSuccess: async (result) => {
        // The saved connection first, so the form compares with what was just saved.
        await invalidate();
        if (result.ok) {
          // Saved: the secret now lives sealed on the server; the form shows it as saved.
          setValues((v) => ({ ...v, autotask: { ...v.autotask, secret: "" }, connectwise: { ...v.connectwise, privateKey: "" } }));
          setReplacing({ autotask: false, connectwise: false });
        }
      },
    }),
  );
  const remove = useMutation(
    trpc.integration.remove.mutationOptions({
      onSuccess: async () => {
        setConfirmRemove(false);
        save.reset();
        setValues(initialValues(null, defaultZoneDiscoveryUrl));
        setReplacing({ autotask: false, connectwise: false });
        await invalidate();
      },
    }),
  );

  const secretSaved = (p: Provider) => connection?.provider === p && connection.savedSecrets.length > 0;
  const mustRetype = (p: Provider) => secretTargetChanged(p, connection, values, defaultZoneDiscoveryUrl);
  const secretBlank = (p: Provider) => (p === "autotask" ? values.autotask.secret : values.connectwise.privateKey) === "";
  const readOnly = !canEdit;
  const retypeMissing = secretMissing && mustRetype(provider) && secretBlank(provider);
  // Every problem at once: beside its field (provider-fields) and in the summary at the top of the form;
  // a secret that must be typed again (the target changed) is flagged here before any request.
  const secretField = SECRET_FIELD[provider];
  const retypeMessage = retypeMissing ? secretAgainHint(provider === "autotask" ? "secret" : "private key") : null;
  const formErrors = useMemo(
    () => mergeFormErrors(retypeMessage ? { fields: { [secretField]: [retypeMessage] }, form: [] } : NO_FORM_ERRORS, formErrorsOf(save.error)),
    [retypeMessage, secretField, save.error],
  );
  const fieldErrors: Record<string, string | undefined> = {};
  const result = save.data;

  const chooseProvider = (next: Provider) => {
    setProvider(next);
    save.reset();
  };
  const applySandbox = (set: SandboxCredentialSet) => {
    save.reset();
    setProvider(set.provider);
    if (set.provider === "autotask") {
      setValues((v) => ({ ...v, autotask: { ...set.values } }));
      setAdvancedOpen(true);
    } else {
      setValues((v) => ({ ...v, connectwise: { ...set.values } }));
    }
    setReplacing((r) => ({ ...r, [set.provider]: true }));
    submitRef.current?.focus();
  };

  return (
    <div className="space-y-4">
      <ConnectionStatus
        connection={connection}
        canEdit={canEdit}
        onRemove={() => {
          remove.reset();
          setConfirmRemove(true);
        }}
      />

      {canEdit && sandboxCredentials && sandboxCredentials.length > 0 ? <SandboxCredentials sets={sandboxCredentials} onUse={applySandbox} /> : null}

      <Card aria-labelledby="connection-heading">
        <CardHeader
          id="connection-heading"
          title="PSA connection"
          description="PSA Relay tests the credentials against the PSA first and saves them only when they work. Secrets are stored encrypted and never shown again."
        />
        <CardBody>
          {readOnly ? (
            <p className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">Only an admin can change the PSA connection.</p>
          ) : null}
          <FormErrorsProvider formId="psa-connection" errors={formErrors}>
          <form
            noValidate
            aria-label="PSA connection"
            onSubmit={(e) => {
              e.preventDefault();
              if (readOnly) return;
              if (mustRetype(provider) && secretBlank(provider)) {
                // The server would refuse it too: the saved secret is never sent to a changed target.
                save.reset();
                setSecretMissing(true);
                return;
              }
              setSecretMissing(false);
              save.mutate(toInput(provider, values));
            }}
          >
            <ErrorSummary className="mb-4" title={Object.keys(formErrors.fields).length === 0 ? "Test and Save did not run" : undefined} />
            <fieldset disabled={readOnly || save.isPending} className="space-y-5">
              <fieldset>
                <legend className="mb-2 text-sm font-medium text-slate-700">PSA</legend>
                <div className="flex flex-wrap gap-4">
                  {(["autotask", "connectwise"] as const).map((p) => (
                    <label key={p} className="flex items-center gap-2 text-sm text-slate-900">
                      <input type="radio" name="provider" value={p} checked={provider === p} onChange={() => chooseProvider(p)} className="h-4 w-4" />
                      {PROVIDER_LABEL[p]}
                    </label>
                  ))}
                </div>
                {connection && connection.provider !== provider && canEdit ? (
                  <p className="mt-2 text-xs text-amber-800">Saving replaces the current {PROVIDER_LABEL[connection.provider]} connection.</p>
                ) : null}
              </fieldset>

              {provider === "autotask" ? (
                <AutotaskFields
                  values={values.autotask}
                  onChange={(patch) => setValues((v) => ({ ...v, autotask: { ...v.autotask, ...patch } }))}
                  errors={fieldErrors}
                  secretSaved={secretSaved("autotask")}
                  replacing={replacing.autotask}
                  onReplacingChange={(r) => setReplacing((s) => ({ ...s, autotask: r }))}
                  readOnly={readOnly}
                  mustRetype={mustRetype("autotask")}
                  advancedOpen={advancedOpen || Boolean(formErrors.fields.zoneDiscoveryUrl)}
                  onAdvancedOpenChange={setAdvancedOpen}
                  defaultZoneDiscoveryUrl={defaultZoneDiscoveryUrl}
                />
              ) : (
                <ConnectWiseFields
                  values={values.connectwise}
                  onChange={(patch) => setValues((v) => ({ ...v, connectwise: { ...v.connectwise, ...patch } }))}
                  errors={fieldErrors}
                  secretSaved={secretSaved("connectwise")}
                  replacing={replacing.connectwise}
                  onReplacingChange={(r) => setReplacing((s) => ({ ...s, connectwise: r }))}
                  readOnly={readOnly}
                  mustRetype={mustRetype("connectwise")}
                />
              )}

              {canEdit ? (
                <Button ref={submitRef} type="submit" disabled={save.isPending}>
                  {save.isPending ? "Testing…" : "Test and Save"}
                </Button>
              ) : null}
            </fieldset>
          </form>
          </FormErrorsProvider>

          <div className="mt-4 space-y-3">
            <TestProgress provider={provider} pending={save.isPending} />
            {result?.ok && result.connection.accountInfo ? <TestSucceeded provider={provider} account={result.connection.accountInfo} /> : null}
            {result && !result.ok ? <TestFailed failure={result} /> : null}
          </div>
        </CardBody>
      </Card>

      <ConfirmDialog
        open={confirmRemove}
        title="Remove the PSA connection?"
        confirmLabel="Remove connection"
        pending={remove.isPending}
        error={errorMessage(remove.error)}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => remove.mutate()}
      >
        PSA Relay can no longer reach {connection ? PROVIDER_LABEL[connection.provider] : "the PSA"} until someone connects it again. The saved
        credentials, secret included, are deleted.
      </ConfirmDialog>
    </div>
  );
}
