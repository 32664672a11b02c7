"use client";

import { Fragment, type ReactNode } from "react";

import type { RouterOutputs } from "~/components/trpc/types";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import type { MappingChange } from "./changes-summary";
import { type MapRow, RowEditor } from "./row-editor";

export type Suggestion = RouterOutputs["customerMap"]["suggestions"]["items"][number];

const REASON_LABEL: Record<Suggestion["candidates"][number]["reason"], string> = {
  exact_name: "same name",
  domain: "same domain",
  fuzzy_name: "similar name",
};

type Props = {
  rows: MapRow[];
  provider: "autotask" | "connectwise";
  canEdit: boolean;
  suggestions: Map<string, Suggestion>;
  editingId: string | null;
  acceptPending: boolean;
  onEdit: (id: string | null) => void;
  onAccept: (customerId: string, companyId: string) => void;
  onUnmap: (row: MapRow) => void;
  onSaved: (row: MapRow, changes: MappingChange[]) => void;
};

/** The vendor customers of the current page with their mapping, suggestion and actions. */
export function MappingTable({ rows, provider, canEdit, suggestions, editingId, acceptPending, onEdit, onAccept, onUnmap, onSaved }: Props) {
  const autotask = provider === "autotask";
  const columns = autotask ? 8 : 7;
  return (
    // Below md each customer is a stacked card (label above each value); from md a table.
    <Table className={STACKED}>
      <THead>
        <Tr>
          <Th>Vendor id</Th>
          <Th>Name</Th>
          <Th>Domain</Th>
          <Th>PSA company</Th>
          <Th>{autotask ? "Contract" : "Agreement"}</Th>
          {autotask ? <Th>Contract service</Th> : null}
          <Th>Suggestion</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map((row) => {
          const best = row.psaCompanyId ? undefined : suggestions.get(row.id)?.candidates[0];
          return (
            <Fragment key={row.id}>
              <Tr>
                <Td className="font-mono text-xs">
                  <CellLabel>Vendor id</CellLabel>
                  {row.vendorCustomerId}
                </Td>
                <Td className="font-medium">
                  <CellLabel>Name</CellLabel>
                  {row.name}
                </Td>
                <Td className="break-all text-slate-600 md:break-normal">
                  <CellLabel>Domain</CellLabel>
                  {row.domain ?? "—"}
                </Td>
                <Td>
                  <CellLabel>PSA company</CellLabel>
                  {row.psaCompanyId ? (
                    <span>
                      {row.psaCompanyName} <span className="text-xs text-slate-500">({row.psaCompanyId})</span>
                    </span>
                  ) : (
                    <Badge tone="amber">Unmapped</Badge>
                  )}
                </Td>
                <Td className="text-slate-700">
                  <CellLabel>{autotask ? "Contract" : "Agreement"}</CellLabel>
                  {row.psaContractName ?? (row.psaCompanyId ? <MissingContract noun={autotask ? "contract" : "agreement"} /> : "—")}
                </Td>
                {autotask ? (
                  <Td className="text-slate-700">
                    <CellLabel>Contract service</CellLabel>
                    {row.psaContractServiceName ?? "—"}
                  </Td>
                ) : null}
                <Td>
                  <CellLabel>Suggestion</CellLabel>
                  {best ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <span>
                        {best.companyName}{" "}
                        <span className="text-xs text-slate-500">
                          ({REASON_LABEL[best.reason]}
                          {best.reason === "fuzzy_name" ? ` ${Math.round(best.score * 100)}%` : ""})
                        </span>
                      </span>
                      {canEdit ? (
                        <Button size="sm" variant="secondary" disabled={acceptPending} onClick={() => onAccept(row.id, best.companyId)} aria-label={`Accept ${best.companyName} for ${row.name}`}>
                          Accept
                        </Button>
                      ) : null}
                    </div>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
                <Td className="whitespace-nowrap md:text-right">
                  {canEdit ? (
                    <div className="flex gap-1 md:justify-end">
                      <Button size="sm" variant="secondary" onClick={() => onEdit(editingId === row.id ? null : row.id)} aria-label={`Edit mapping of ${row.name}`}>
                        {row.psaCompanyId ? "Edit" : "Map"}
                      </Button>
                      {row.psaCompanyId ? (
                        <Button size="sm" variant="ghost" onClick={() => onUnmap(row)} aria-label={`Unmap ${row.name}`}>
                          Unmap
                        </Button>
                      ) : null}
                    </div>
                  ) : null}
                </Td>
              </Tr>
              {editingId === row.id ? (
                <Tr>
                  <Td colSpan={columns}>
                    <RowEditor row={row} provider={provider} onSaved={(changes) => onSaved(row, changes)} onCancel={() => onEdit(null)} />
                  </Td>
                </Tr>
              ) : null}
            </Fragment>
          );
        })}
      </TBody>
    </Table>
  );
}

/** A mapped customer without a contract / agreement: billing has nothing to write to. */
function MissingContract({ noun }: { noun: "contract" | "agreement" }) {
  return (
    <span className="flex flex-col items-start gap-0.5">
      <Badge tone="amber">No {noun}</Badge>
      <span className="text-xs text-amber-800">Billing skips this customer</span>
    </span>
  );
}

/** The stacked-card layout below md: no header row, each row a card, each cell a labelled line. */
const STACKED =
  "max-md:block max-md:[&_thead]:sr-only max-md:[&_tbody]:block max-md:[&_tr]:block max-md:[&_tr]:py-2 max-md:[&_td]:block max-md:[&_td]:py-1";

/** A cell's column name, shown only in the stacked layout (the table's header names it from md). */
function CellLabel({ children }: { children: ReactNode }) {
  return <span className="block text-xs font-semibold tracking-wide text-slate-500 uppercase md:hidden">{children}</span>;
}
