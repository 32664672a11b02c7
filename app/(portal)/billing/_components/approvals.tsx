"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import type { RouterOutputs } from "~/components/trpc/types";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { Checkbox, Input, Label, Select } from "~/components/ui/form";
import { TableSkeleton } from "~/components/ui/spinner";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { formatChangePercent, formatMoney, formatQuantity, formatSignedMoney, plural } from "../_lib/format";
import { Pager } from "./pager";

type Change = RouterOutputs["billing"]["pending"]["items"][number];
type Item = { code: string; name: string };
type Confirm = { kind: "approve" | "reject"; ids: string[] } | { kind: "approveAll" } | null;

/**
 * Changes waiting for approval: filter by customer and item, decide one by one, the selection or
 * (admins) everything pending. Approving queues a run that writes the changes to the PSA; its
 * progress shows in the header.
 */
export function Approvals({
  canEdit,
  currency,
  items,
  pendingCount,
  decisionCap,
  customerId,
  onRunStarted,
}: {
  canEdit: boolean;
  currency: string;
  items: Item[];
  pendingCount: number;
  decisionCap: number;
  /** Only this customer's changes (the customer page): no customer filter, no "approve all". */
  customerId?: string;
  onRunStarted: (runId: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { search: useId(), item: useId() };
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const [itemCode, setItemCode] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (draft.trim() === search) return;
      setSearch(draft.trim());
      setPage(1);
      setSelected(new Set());
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, search]);

  const filters = useMemo(() => {
    const f: { search?: string; itemCode?: string; customerId?: string } = {};
    if (search) f.search = search;
    if (itemCode) f.itemCode = itemCode;
    if (customerId) f.customerId = customerId;
    return f;
  }, [search, itemCode, customerId]);
  const list = useQuery(trpc.billing.pending.queryOptions({ filters, page }, { placeholderData: keepPreviousData }));

  const done = async (text: string, runId: string | null | undefined) => {
    setConfirm(null);
    setSelected(new Set());
    setNotice(text);
    if (runId) onRunStarted(runId);
    await queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
  };
  const skippedText = (n: number) => (n > 0 ? ` ${plural(n, "change was", "changes were")} already decided or replaced by a newer sync.` : "");
  const approve = useMutation(
    trpc.billing.approve.mutationOptions({
      onSuccess: (r) => done(`${plural(r.approved, "change")} approved${r.run ? " — writing to the PSA now" : ""}.${skippedText(r.skipped)}`, r.run?.id),
    }),
  );
  const reject = useMutation(
    trpc.billing.reject.mutationOptions({
      onSuccess: (r) => done(`${plural(r.rejected, "change")} rejected; nothing was written to the PSA.${skippedText(r.skipped)}`, null),
    }),
  );
  const approveAll = useMutation(
    trpc.billing.approveAllPending.mutationOptions({
      onSuccess: (r) =>
        done(
          `${plural(r.approved, "change")} approved${r.run ? " — writing to the PSA now" : ""}.${r.remaining > 0 ? ` ${plural(r.remaining, "change")} still wait${r.remaining === 1 ? "s" : ""}: approve all again for the next ${decisionCap.toLocaleString("en-US")}.` : ""}`,
          r.run?.id,
        ),
    }),
  );
  const busy = approve.isPending || reject.isPending || approveAll.isPending;
  const mutationError = approve.error ?? reject.error ?? approveAll.error;

  const rows = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pageSize = list.data?.pageSize ?? 50;
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const decideOne = (kind: "approve" | "reject", id: string) => {
    setNotice(null);
    (kind === "approve" ? approve : reject).mutate({ changeIds: [id] });
  };
  const filtered = Boolean(search || itemCode);
  const selectedIds = [...selected];

  return (
    <Card aria-labelledby="approvals-heading">
      <CardHeader
        id="approvals-heading"
        title="Approvals"
        description={
          customerId
            ? "This customer's proposed changes. Nothing is written to the PSA until they are approved."
            : "Proposed quantity changes that wait for an admin. Nothing is written to the PSA until they are approved."
        }
        actions={
          canEdit && !customerId ? (
            <Button variant="secondary" disabled={pendingCount === 0 || busy} onClick={() => setConfirm({ kind: "approveAll" })}>
              {`Approve all pending (${pendingCount.toLocaleString("en-US")})`}
            </Button>
          ) : null
        }
      />
      <div className="flex flex-wrap items-end gap-4 border-b border-slate-200 p-4">
        {!customerId ? (
          <div className="min-w-56 flex-1">
            <Label htmlFor={ids.search}>Customer</Label>
            <Input id={ids.search} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Name or vendor id" />
          </div>
        ) : null}
        <div className="min-w-56">
          <Label htmlFor={ids.item}>Item</Label>
          <Select
            id={ids.item}
            value={itemCode}
            onChange={(e) => {
              setItemCode(e.target.value);
              setPage(1);
              setSelected(new Set());
            }}
          >
            <option value="">All items</option>
            {items.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </Select>
        </div>
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <Button disabled={selected.size === 0 || busy} onClick={() => setConfirm({ kind: "approve", ids: selectedIds })}>
              {selected.size > 0 ? `Approve selected (${selected.size})` : "Approve selected"}
            </Button>
            <Button variant="secondary" disabled={selected.size === 0 || busy} onClick={() => setConfirm({ kind: "reject", ids: selectedIds })}>
              {selected.size > 0 ? `Reject selected (${selected.size})` : "Reject selected"}
            </Button>
          </div>
        ) : null}
      </div>

      <div aria-live="polite">
        {notice ? <p className="border-b border-slate-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900">{notice}</p> : null}
      </div>
      {mutationError && !confirm ? (
        <p role="alert" className="border-b border-slate-200 bg-red-50 px-4 py-2 text-sm text-red-800">
          {errorMessage(mutationError)}
        </p>
      ) : null}

      {list.isPending ? (
        <TableSkeleton label="Loading pending changes" rows={4} />
      ) : list.isError ? (
        <ErrorState title="Pending changes could not be loaded" message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No pending change matches"
            action={
              <Button
                variant="secondary"
                onClick={() => {
                  setDraft("");
                  setSearch("");
                  setItemCode("");
                  setPage(1);
                }}
              >
                Clear filters
              </Button>
            }
          >
            Other changes may still wait: clear the filters to see them all.
          </EmptyState>
        ) : (
          <EmptyState title="Nothing waits for approval">
            {customerId
              ? "Every proposed change of this customer has been decided."
              : "Changes that need an admin (approval mode, or over the change threshold) appear here after a sync."}
          </EmptyState>
        )
      ) : (
        <div className={list.isPlaceholderData ? "opacity-60" : undefined}>
          <Table aria-label="Pending changes">
            <THead>
              <tr>
                {canEdit ? (
                  <Th className="w-8">
                    <Checkbox
                      aria-label="Select every change on this page"
                      checked={allOnPage}
                      onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                    />
                  </Th>
                ) : null}
                <Th>Customer</Th>
                <Th>Item</Th>
                <Th>Contract</Th>
                <Th className="text-right">PSA → new</Th>
                <Th className="text-right">Change</Th>
                <Th className="text-right">Unit price</Th>
                <Th className="text-right">Value of change</Th>
                <Th>Effective</Th>
                <Th>Reason</Th>
                {canEdit ? <Th>Decide</Th> : null}
              </tr>
            </THead>
            <TBody>
              {rows.map((c) => (
                <ChangeRow
                  key={c.id}
                  change={c}
                  currency={currency}
                  canEdit={canEdit}
                  busy={busy}
                  selected={selected.has(c.id)}
                  onSelect={(on) => toggle(c.id, on)}
                  onDecide={(kind) => decideOne(kind, c.id)}
                />
              ))}
            </TBody>
          </Table>
          <Pager label="Pending changes pages" page={page} pageSize={pageSize} total={total} noun="change" onPage={(p) => { setPage(p); setSelected(new Set()); }} />
        </div>
      )}

      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.kind === "approveAll"
            ? `Approve all ${pendingCount.toLocaleString("en-US")} pending changes?`
            : confirm?.kind === "reject"
              ? `Reject ${plural(confirm.ids.length, "change")}?`
              : `Approve ${plural(confirm?.ids.length ?? 0, "change")}?`
        }
        confirmLabel={confirm?.kind === "reject" ? "Reject" : "Approve and write to the PSA"}
        pending={busy}
        error={mutationError ? errorMessage(mutationError) : null}
        onConfirm={() => {
          setNotice(null);
          if (!confirm) return;
          if (confirm.kind === "approveAll") approveAll.mutate();
          else (confirm.kind === "approve" ? approve : reject).mutate({ changeIds: confirm.ids });
        }}
        onCancel={() => setConfirm(null)}
      >
        {confirm?.kind === "reject" ? (
          "Nothing is written to the PSA. The next sync proposes the change again if the vendor quantity still differs."
        ) : confirm?.kind === "approveAll" ? (
          <>
            Every pending change of every customer is written to the PSA
            {pendingCount > decisionCap ? ` — the oldest ${decisionCap.toLocaleString("en-US")} now; approve all again for the rest` : ""}. Filters do not apply.
          </>
        ) : (
          "The new quantities are written to the PSA now, with the effective dates shown."
        )}
      </ConfirmDialog>
    </Card>
  );
}

function ChangeRow({
  change: c,
  currency,
  canEdit,
  busy,
  selected,
  onSelect,
  onDecide,
}: {
  change: Change;
  currency: string;
  canEdit: boolean;
  busy: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onDecide: (kind: "approve" | "reject") => void;
}) {
  const itemName = c.itemName ?? c.itemCode;
  return (
    <Tr>
      {canEdit ? (
        <Td>
          <Checkbox aria-label={`Select change for ${c.customerName} ${itemName}`} checked={selected} onChange={(e) => onSelect(e.target.checked)} />
        </Td>
      ) : null}
      <Td>
        <Link href={`/billing/customers/${c.customerId}`} className="font-medium text-blue-700 hover:underline">
          {c.customerName}
        </Link>
        <span className="block font-mono text-xs text-slate-500">{c.vendorCustomerId}</span>
      </Td>
      <Td>
        {itemName}
        {c.psaServiceName ? <span className="block text-xs text-slate-500">{c.psaServiceName}</span> : null}
      </Td>
      <Td className="text-xs">
        {c.psaContractName ?? c.psaContractId}
        {c.psaContractServiceId ? null : <span className="block text-amber-800">service will be added</span>}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        {formatQuantity(c.currentQuantity)} → <strong>{formatQuantity(c.newQuantity)}</strong>
        {c.unit ? <span className="ml-1 text-xs text-slate-500">{c.unit}</span> : null}
      </Td>
      <Td className="text-right tabular-nums">{formatChangePercent(c.changePercent)}</Td>
      <Td className="text-right tabular-nums">{formatMoney(c.unitPrice, currency)}</Td>
      <Td className="text-right tabular-nums">{formatSignedMoney(c.changeValue, currency)}</Td>
      <Td className="font-mono text-xs whitespace-nowrap">{c.effectiveDate}</Td>
      <Td className="max-w-xs text-xs text-slate-700">{c.reason ?? "—"}</Td>
      {canEdit ? (
        <Td>
          <span className="flex gap-1">
            <Button size="sm" disabled={busy} onClick={() => onDecide("approve")}>
              Approve
            </Button>
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => onDecide("reject")}>
              Reject
            </Button>
          </span>
        </Td>
      ) : null}
    </Tr>
  );
}
