import Link from "next/link";

import { formatDateTime } from "~/components/partner/date-time";
import type { RouterOutputs } from "~/components/trpc/types";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { formatQuantity, formatSigned, formatSignedMoney, formatMoney } from "../_lib/format";
import { LineStatusBadge } from "./status-badge";

export type ReconciliationLine = RouterOutputs["billing"]["reconciliation"]["items"][number];

/**
 * Vendor quantity vs PSA quantity (after the last sync's writes) per customer and item, with the
 * difference, its value at the PSA's unit price, the last sync and the status with its message.
 */
export function ReconciliationTable({
  lines,
  currency,
  timeZone,
  showCustomer = true,
  label = "Reconciliation",
}: {
  lines: ReconciliationLine[];
  currency: string;
  timeZone: string;
  showCustomer?: boolean;
  label?: string;
}) {
  return (
    <Table aria-label={label}>
      <THead>
        <tr>
          {showCustomer ? <Th>Customer</Th> : null}
          <Th>Item</Th>
          <Th className="text-right">Vendor qty</Th>
          <Th className="text-right">PSA qty</Th>
          <Th className="text-right">Difference</Th>
          <Th className="text-right">Unit price</Th>
          <Th className="text-right">Value of difference</Th>
          <Th>Last sync ({timeZone})</Th>
          <Th>Status</Th>
        </tr>
      </THead>
      <TBody>
        {lines.map((l) => (
          <Tr key={l.lineId} className={l.difference !== 0 ? "bg-amber-50/40" : undefined}>
            {showCustomer ? (
              <Td>
                <Link href={`/billing/customers/${l.customerId}`} className="font-medium text-blue-700 hover:underline">
                  {l.customerName}
                </Link>
                <span className="block font-mono text-xs text-slate-500">{l.vendorCustomerId}</span>
              </Td>
            ) : null}
            <Td>
              {l.itemName ?? l.itemCode}
              {l.psaServiceName ? <span className="block text-xs text-slate-500">{l.psaServiceName}</span> : null}
            </Td>
            <Td className="text-right tabular-nums">
              {formatQuantity(l.vendorQuantity)}
              {l.unit ? <span className="ml-1 text-xs text-slate-500">{l.unit}</span> : null}
            </Td>
            <Td className="text-right tabular-nums">
              {l.psaQuantityNow === null ? <span className="text-slate-500">not in PSA</span> : formatQuantity(l.psaQuantityNow)}
              {l.psaQuantityAfter !== null && l.psaQuantity !== null && l.psaQuantityAfter !== l.psaQuantity ? (
                <span className="block text-xs text-slate-500">was {formatQuantity(l.psaQuantity)}</span>
              ) : null}
              {l.lessIncluded ? <span className="block text-xs text-slate-500">less included {formatQuantity(l.lessIncluded)}</span> : null}
            </Td>
            <Td className={l.difference !== 0 ? "text-right font-semibold tabular-nums text-amber-900" : "text-right tabular-nums"}>
              {formatSigned(l.difference)}
            </Td>
            <Td className="text-right tabular-nums">{formatMoney(l.unitPrice, currency)}</Td>
            <Td className="text-right tabular-nums">{l.difference === 0 ? formatMoney(0, currency) : formatSignedMoney(l.differenceValue, currency)}</Td>
            <Td className="font-mono text-xs whitespace-nowrap">{formatDateTime(l.lastSyncedAt ?? l.checkedAt, timeZone)}</Td>
            <Td className="max-w-sm">
              <LineStatusBadge status={l.status} />
              {l.status !== "failed" && l.customerStatus === "failed" ? <span className="ml-1 text-xs text-red-800">(last sync failed)</span> : null}
              {l.message ? <span className={`mt-1 block text-xs ${l.status === "failed" || l.customerStatus === "failed" ? "text-red-800" : "text-slate-600"}`}>{l.message}</span> : null}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
