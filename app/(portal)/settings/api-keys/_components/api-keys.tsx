"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { formErrorsOf } from "~/components/trpc/field-errors";
import { ErrorSummary, FieldErrors, FieldHint, FormErrorsProvider, FormField, Input, Label } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { NewKeyPanel } from "./new-key-panel";

type ApiKey = RouterOutputs["apiKeys"]["list"][number];
type CreatedKey = RouterOutputs["apiKeys"]["create"];

/** The partner's ingest keys. Admins create and revoke; technicians see the list only. */
export function ApiKeys({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = usePartner();
  const list = useQuery(trpc.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setRevoking(null);
        await invalidate();
      },
    }),
  );

  const keys = list.data ?? [];
  return (
    <>
      {canManage ? (
        created ? (
          <NewKeyPanel created={created} onDone={() => setCreated(null)} />
        ) : (
          <CreateKeyForm
            onCreated={async (key) => {
              setCreated(key);
              await invalidate();
            }}
          />
        )
      ) : (
        <p className="rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-700">
          Only an admin of your partner account can create or revoke keys.
        </p>
      )}

      <Card aria-labelledby="keys-heading">
        <CardHeader id="keys-heading" title="Keys" description="A key is shown only when it is created; the list shows its first characters." />
        {list.isPending ? (
          <TableSkeleton label="Loading API keys" rows={3} />
        ) : list.isError ? (
          <ErrorState title="The keys could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        ) : keys.length === 0 ? (
          <EmptyState title="No API keys yet">
            {canManage ? "Create one above and give it to the vendor platform." : "Ask an admin to create one for the vendor platform."}
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                {canManage ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </THead>
            <TBody>
              {keys.map((k) => (
                <Tr key={k.id}>
                  <Td className="font-medium">{k.name}</Td>
                  <Td className="font-mono text-xs">{k.prefix}…</Td>
                  <Td className="text-xs whitespace-nowrap">
                    {formatDateTime(k.createdAt, timeZone)}
                    {k.createdBy ? <span className="block text-slate-500">by {k.createdBy}</span> : null}
                  </Td>
                  <Td className="text-xs whitespace-nowrap">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, timeZone) : "Never"}</Td>
                  <Td>
                    {k.revokedAt ? (
                      <Badge tone="red" title={`Revoked ${formatDateTime(k.revokedAt, timeZone)}`}>
                        Revoked
                      </Badge>
                    ) : (
                      <Badge tone="green">Active</Badge>
                    )}
                  </Td>
                  {canManage ? (
                    <Td className="text-right">
                      {k.revokedAt ? null : (
                        <Button variant="secondary" size="sm" aria-label={`Revoke ${k.name}`} onClick={() => { revoke.reset(); setRevoking(k); }}>
                          Revoke
                        </Button>
                      )}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the key “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={errorMessage(revoke.error)}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      >
        Requests with this key are refused from now on (within 30 seconds on every server). This cannot be undone; the
        vendor platform needs a new key to keep sending.
      </ConfirmDialog>
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedKey) => Promise<void> }) {
  const trpc = useTRPC();
  const hintId = useId();
  const [name, setName] = useState("");
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: onCreated }));
  const errors = useMemo(() => formErrorsOf(create.error), [create.error]);
  return (
    <Card aria-labelledby="create-heading">
      <CardHeader id="create-heading" title="Create a key" />
      <FormErrorsProvider formId="create-key" errors={errors}>
        <form
          className="flex flex-wrap items-start gap-3 px-4 py-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name });
          }}
        >
          <ErrorSummary className="w-full" title={Object.keys(errors.fields).length === 0 ? "The key was not created" : undefined} />
          <FormField name="name" label="Key name">
            {(field) => (
              <div className="w-full max-w-sm">
                <Label htmlFor={field.id}>Key name</Label>
                <Input
                  id={field.id}
                  value={name}
                  maxLength={100}
                  required
                  placeholder="Vendor platform"
                  aria-describedby={field.describedBy(hintId)}
                  aria-invalid={field.invalid ? true : undefined}
                  onChange={(e) => setName(e.target.value)}
                />
                <FieldHint id={hintId}>Say where the key is used, e.g. “Vendor platform (production)”.</FieldHint>
                <FieldErrors id={field.errorId} messages={field.messages} />
              </div>
            )}
          </FormField>
          <Button type="submit" className="sm:mt-6" disabled={create.isPending || name.trim() === ""}>
            {create.isPending ? "Creating…" : "Create key"}
          </Button>
        </form>
      </FormErrorsProvider>
    </Card>
  );
}
