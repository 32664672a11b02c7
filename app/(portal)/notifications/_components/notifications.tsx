"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { formErrorsOf } from "~/components/trpc/field-errors";
import { useTRPC } from "~/components/trpc/react";
import { Badge, SEVERITY_LABEL } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Checkbox } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { NEW_RULE, type Rule, RuleForm, type RuleFormValues, valuesOf } from "./rule-form";

type Editing = { mode: "create" } | { mode: "edit"; rule: Rule } | null;

/** Partner Notifications: admins create, edit, switch and delete rules; technicians read them. */
export function Notifications({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notifications.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });

  const create = useMutation(
    trpc.notifications.create.mutationOptions({
      onSuccess: async (created) => {
        setEditing(null);
        // Shown at once at the end of the list (rules act in creation order), then read again for precedence and readiness.
        queryClient.setQueryData(trpc.notifications.list.queryKey(), (old) => (old ? { ...old, rules: [...old.rules, { ...created, shadowedBy: null }] } : old));
        await invalidate();
      },
    }),
  );
  const update = useMutation(trpc.notifications.update.mutationOptions({ onSuccess: async () => (setEditing(null), await invalidate()) }));
  const setEnabled = useMutation(trpc.notifications.setEnabled.mutationOptions({ onSettled: invalidate }));
  const remove = useMutation(trpc.notifications.delete.mutationOptions({ onSuccess: async () => (setDeleting(null), await invalidate()) }));

  if (list.isPending) return <TableSkeleton label="Loading notification rules" rows={4} />;
  if (list.isError) {
    return <ErrorState title="The notification rules could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  }
  const { rules, knownTypes, ticketing } = list.data;
  const psaName = ticketing.psaName ?? "the PSA";
  const submit = (values: RuleFormValues) => {
    if (editing?.mode === "edit") update.mutate({ id: editing.rule.id, ...values });
    else create.mutate(values);
  };
  const saving = editing?.mode === "edit" ? update : create;
  const serverErrors = formErrorsOf(saving.error);

  return (
    <div className="space-y-4">
      {ticketing.problems.length > 0 ? (
        <div role="status" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">Tickets will not be opened yet.</p>
          <ul className="list-disc pl-5">
            {ticketing.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {!ticketing.provider || !ticketing.queueMapped ? (
            <Link href="/integration-setup" className="font-medium text-blue-800 hover:underline">
              Go to Integration Setup
            </Link>
          ) : null}
        </div>
      ) : null}

      {!canManage ? (
        <p className="rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-700">
          Only an admin of your partner account can create, change or delete rules.
        </p>
      ) : editing ? (
        <Card aria-labelledby="rule-form-heading">
          <CardHeader id="rule-form-heading" title={editing.mode === "edit" ? `Edit rule "${editing.rule.name}"` : "New rule"} />
          <CardBody>
            <RuleForm
              key={editing.mode === "edit" ? editing.rule.id : "new"}
              initial={editing.mode === "edit" ? valuesOf(editing.rule) : NEW_RULE}
              ruleId={editing.mode === "edit" ? editing.rule.id : null}
              rules={rules}
              psaName={psaName}
              knownTypes={knownTypes}
              submitLabel={editing.mode === "edit" ? "Save rule" : "Create rule"}
              pending={saving.isPending}
              serverError={serverErrors}
              onSubmit={submit}
              onCancel={() => setEditing(null)}
            />
          </CardBody>
        </Card>
      ) : (
        <div>
          <Button
            onClick={() => {
              create.reset();
              setEditing({ mode: "create" });
            }}
          >
            New rule
          </Button>
        </div>
      )}

      <Card aria-labelledby="rules-heading">
        <CardHeader
          id="rules-heading"
          title="Rules"
          description="Rules act in this order (oldest first): the first enabled rule of an action that matches an event acts on it. A rule an earlier one already covers says so."
        />
        {setEnabled.isError ? (
          <p role="alert" className="px-4 py-2 text-sm text-red-800">
            The rule could not be switched: {errorMessage(setEnabled.error)}
          </p>
        ) : null}
        {rules.length === 0 ? (
          <EmptyState title="No rules yet">
            {canManage ? 'Create an "Open a ticket" rule so that failures become tickets.' : "Ask an admin to create one."}
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Order</Th>
                <Th>On</Th>
                <Th>Name</Th>
                <Th>Action</Th>
                <Th>Event types</Th>
                <Th>Severities</Th>
                {canManage ? <Th>Actions</Th> : null}
              </tr>
            </THead>
            <TBody>
              {rules.map((rule, index) => (
                <Tr key={rule.id}>
                  <Td className="text-slate-600">{index + 1}</Td>
                  <Td>
                    <Checkbox
                      aria-label={`Rule "${rule.name}" is on`}
                      checked={rule.enabled}
                      disabled={!canManage || setEnabled.isPending}
                      onChange={(e) => setEnabled.mutate({ id: rule.id, enabled: e.target.checked })}
                    />
                  </Td>
                  <Td className="font-medium">
                    {rule.name}
                    {!rule.enabled ? <Badge className="ml-2">Off</Badge> : null}
                    {rule.shadowedBy ? (
                      <span className="mt-1 block text-xs font-normal text-amber-800">
                        <Badge tone="amber">Never acts</Badge> Shadowed by rule &ldquo;{rule.shadowedBy.name}&rdquo;, which comes first and matches every event this
                        rule matches.
                      </span>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap">{rule.action === "ticket" ? `Open a ticket in ${psaName}` : `Synchronize with ${psaName}`}</Td>
                  <Td className="font-mono text-xs">{rule.allTypes ? <span className="font-sans text-sm">All types</span> : rule.eventTypes.join(", ")}</Td>
                  <Td>{rule.severities.map((s) => SEVERITY_LABEL[s]).join(", ")}</Td>
                  {canManage ? (
                    <Td className="whitespace-nowrap">
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Edit rule "${rule.name}"`}
                        onClick={() => {
                          update.reset();
                          setEditing({ mode: "edit", rule });
                        }}
                      >
                        Edit
                      </Button>
                      <Button variant="ghost" size="sm" aria-label={`Delete rule "${rule.name}"`} onClick={() => (remove.reset(), setDeleting(rule))}>
                        Delete
                      </Button>
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete rule "${deleting?.name ?? ""}"?`}
        confirmLabel="Delete rule"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
      >
        Events stop being acted on by this rule at once. Tickets it already opened stay in the PSA. To pause it instead, switch it off.
      </ConfirmDialog>
    </div>
  );
}
