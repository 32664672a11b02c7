import type { PsaContract, PsaContractService, PsaProvider } from "~/server/psa/types";

/**
 * The rules of a billing sync, without I/O: whole units from usage, the throttle, what makes a
 * contract unusable for billing, and the plan for one customer — what the PSA holds against what
 * the vendor delivered, the changes to write, which of them wait for approval, and the orphans.
 */

export const THROTTLE_HOURS = 12;
export const THROTTLE_SKIP = "skipped: synchronized less than 12 hours ago";
/** Longest invoice description ConnectWise accepts on an addition. */
export const INVOICE_DESCRIPTION_MAX = 6000;

/** Quantities are billed in whole units: any part of a GB, server or mailbox counts as one. */
export function wholeUnits(quantity: number): number {
  if (!Number.isFinite(quantity) || quantity <= 0) return 0;
  // Guard against binary noise (12.000000001 is 12, not 13).
  return Math.ceil(Math.round(quantity * 10_000) / 10_000);
}

/** Whether a customer synced at `lastSyncedAt` is synced again now (a forced sync always is). */
export function throttleAllows(lastSyncedAt: Date | null, now: Date, force: boolean): boolean {
  if (force || !lastSyncedAt) return true;
  return now.getTime() - lastSyncedAt.getTime() >= THROTTLE_HOURS * 3_600_000;
}

export type CustomerFailure = { message: string; hint: string };

const PSA_NAME: Record<PsaProvider, string> = { autotask: "Autotask", connectwise: "ConnectWise" };

/** Why a contract cannot carry the vendor's billing, with what to change in the PSA; null when it can. */
export function contractProblem(
  provider: PsaProvider,
  contractId: string,
  contract: PsaContract | undefined,
  settings: { currencyCode: string },
): CustomerFailure | null {
  const psa = PSA_NAME[provider];
  const noun = provider === "autotask" ? "contract" : "agreement";
  if (!contract) {
    return {
      message: `The ${noun} ${contractId} mapped to this customer was not found in ${psa}.`,
      hint: `Pick the customer's ${noun} again on the Customer Map (it may have been deleted or merged in ${psa}).`,
    };
  }
  const label = `${provider === "autotask" ? "Contract" : "Agreement"} "${contract.name}"`;
  if (provider === "autotask" && contract.kind !== "recurring_service") {
    return {
      message: `${label} is a ${contract.typeLabel || "non-recurring"} contract; billing quantities need a Recurring Service contract.`,
      hint: "In Autotask, create a Recurring Service contract for the customer (or pick one) and map it on the Customer Map.",
    };
  }
  if (contract.status === "cancelled") {
    return {
      message: `${label} is cancelled in ${psa}.`,
      hint: `Reactivate the ${noun} in ${psa}, or map the customer to an active ${noun} on the Customer Map.`,
    };
  }
  if (contract.status === "expired" || contract.status === "inactive") {
    return {
      message: `${label} is ${contract.status} in ${psa}.`,
      hint: `Extend or activate the ${noun} in ${psa}, or map the customer to an active ${noun} on the Customer Map.`,
    };
  }
  if (contract.periodType && contract.periodType !== "monthly") {
    return {
      message: `${label} is billed ${contract.periodType}; the vendor's usage is billed monthly.`,
      hint: provider === "autotask" ? "In Autotask, set the contract's period type to Monthly (or map a monthly Recurring Service contract)." : "In ConnectWise, set the agreement's billing cycle to Monthly (or map a monthly agreement).",
    };
  }
  if (contract.currencyCode && contract.currencyCode.toUpperCase() !== settings.currencyCode.toUpperCase()) {
    return {
      message: `${label} is in ${contract.currencyCode}, but billing is set up in ${settings.currencyCode}.`,
      hint: `Use a ${noun} in ${settings.currencyCode} for this customer in ${psa}, or change the billing currency on Integration Setup if all your ${noun}s use ${contract.currencyCode}.`,
    };
  }
  return null;
}

export type ItemMapping = {
  itemCode: string;
  itemName: string;
  unit: string;
  psaServiceId: string;
  psaServiceName: string | null;
  unitPrice: number | null;
  unitCost: number | null;
  createMissing: boolean;
};

export type AccountUsage = { accountNumber: string; name: string | null; quantity: number };
export type VendorQuantity = { quantity: number; accounts: AccountUsage[] };

export type WriteMode = { writeMode: "automatic" | "threshold" | "approve"; thresholdPercent: number };

/** Why a change waits for approval; null when it is written at once. */
export function approvalReason(mode: WriteMode, current: number, next: number): string | null {
  if (mode.writeMode === "automatic") return null;
  if (mode.writeMode === "approve") return "approval mode: every change waits for approval";
  if (current === 0) return next === 0 ? null : `new quantity from 0 (over the ${mode.thresholdPercent}% threshold)`;
  const pct = (Math.abs(next - current) / current) * 100;
  if (pct < mode.thresholdPercent) return null;
  return `change of ${pct >= 10 ? Math.round(pct) : pct.toFixed(1)}% is not under the ${mode.thresholdPercent}% threshold`;
}

/** ConnectWise invoice description: the item total and each account's share. */
export function invoiceDescription(item: { itemName: string; unit: string }, vendor: VendorQuantity): string {
  const total = wholeUnits(vendor.quantity);
  const head = `${item.itemName}: ${total} ${item.unit}`;
  const parts = [...vendor.accounts]
    .filter((a) => a.quantity > 0)
    .sort((x, y) => y.quantity - x.quantity || x.accountNumber.localeCompare(y.accountNumber))
    .map((a) => `${a.name ? `${a.name} (${a.accountNumber})` : a.accountNumber} ${formatQty(a.quantity)} ${item.unit}`);
  let text = parts.length > 0 ? `${head} — ${parts.join("; ")}` : head;
  if (text.length > INVOICE_DESCRIPTION_MAX) text = `${text.slice(0, INVOICE_DESCRIPTION_MAX - 1)}…`;
  return text;
}

function formatQty(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

export type PlannedLine = {
  kind: "mapped" | "orphan";
  itemCode: string | null;
  psaServiceId: string | null;
  psaServiceName: string | null;
  psaContractServiceId: string | null;
  vendorQuantity: number | null;
  psaQuantity: number | null;
  lessIncluded: number | null;
  unitPrice: number | null;
  status: "in_sync" | "change" | "not_in_psa" | "orphan";
};

export type PlannedChange = {
  itemCode: string;
  psaServiceId: string;
  psaServiceName: string | null;
  psaContractServiceId: string | null;
  currentQuantity: number;
  newQuantity: number;
  unitPrice: number | null;
  unitCost: number | null;
  lessIncluded: number | null;
  invoiceDescription: string | null;
  currentInvoiceDescription: string | null;
  /** null = written at once; otherwise why it waits for approval. */
  approvalReason: string | null;
};

export type CustomerPlan = { failure: CustomerFailure | null; lines: PlannedLine[]; changes: PlannedChange[] };

/**
 * The plan for one customer whose contract passed `contractProblem`. `services` are the contract
 * services / additions of the mapped contract (as read today).
 */
export function planCustomer(input: {
  provider: PsaProvider;
  contract: PsaContract;
  items: ItemMapping[];
  vendor: Map<string, VendorQuantity>;
  services: PsaContractService[];
  mode: WriteMode;
  updateInvoiceDescriptions: boolean;
}): CustomerPlan {
  const { provider, contract, items, vendor, services } = input;
  const lines: PlannedLine[] = [];
  const changes: PlannedChange[] = [];
  const explained = new Set<string>();

  for (const item of items) {
    const bundled = services.find((s) => s.serviceId === item.psaServiceId && s.inBundle);
    if (bundled) {
      return {
        failure: {
          message: `The service "${item.psaServiceName ?? item.psaServiceId}" (for ${item.itemName}) sits in a service bundle on contract "${contract.name}"; Autotask changes a bundle's units as a whole.`,
          hint: "In Autotask, bill the service on its own on the contract (outside the bundle), or map the item to a service that is not in a bundle.",
        },
        lines: [],
        changes: [],
      };
    }
    const matches = services.filter((s) => s.serviceId === item.psaServiceId && !s.inBundle);
    for (const m of matches) explained.add(m.id);
    const held = matches[0];
    const v = vendor.get(item.itemCode) ?? { quantity: 0, accounts: [] };
    const wanted = wholeUnits(v.quantity);
    const description = provider === "connectwise" && input.updateInvoiceDescriptions ? invoiceDescription(item, v) : null;
    const base = {
      kind: "mapped" as const,
      itemCode: item.itemCode,
      psaServiceId: item.psaServiceId,
      psaServiceName: held?.serviceName ?? item.psaServiceName,
      psaContractServiceId: held?.id ?? null,
      vendorQuantity: wanted,
      psaQuantity: held ? held.quantity : null,
      lessIncluded: held?.lessIncluded ?? null,
      unitPrice: held?.unitPrice ?? item.unitPrice,
    };
    if (!held) {
      if (wanted === 0) lines.push({ ...base, status: "in_sync" });
      else if (!item.createMissing) lines.push({ ...base, status: "not_in_psa" });
      else {
        lines.push({ ...base, status: "change" });
        changes.push({
          itemCode: item.itemCode,
          psaServiceId: item.psaServiceId,
          psaServiceName: item.psaServiceName,
          psaContractServiceId: null,
          currentQuantity: 0,
          newQuantity: wanted,
          unitPrice: item.unitPrice,
          unitCost: item.unitCost,
          lessIncluded: null,
          invoiceDescription: description,
          currentInvoiceDescription: null,
          approvalReason: approvalReason(input.mode, 0, wanted),
        });
      }
      continue;
    }
    const quantityChanged = held.quantity !== wanted;
    const descriptionChanged = description !== null && (held.invoiceDescription ?? "") !== description;
    if (!quantityChanged && !descriptionChanged) {
      lines.push({ ...base, status: "in_sync" });
      continue;
    }
    lines.push({ ...base, status: "change" });
    changes.push({
      itemCode: item.itemCode,
      psaServiceId: item.psaServiceId,
      psaServiceName: base.psaServiceName,
      psaContractServiceId: held.id,
      currentQuantity: held.quantity,
      newQuantity: wanted,
      unitPrice: held.unitPrice ?? item.unitPrice,
      unitCost: held.unitCost ?? item.unitCost,
      lessIncluded: held.lessIncluded ?? null,
      invoiceDescription: description,
      currentInvoiceDescription: held.invoiceDescription ?? null,
      // A description-only change is not a quantity change: it follows the mode only in "approve".
      approvalReason: quantityChanged || input.mode.writeMode === "approve" ? approvalReason(input.mode, held.quantity, wanted) : null,
    });
  }

  for (const s of services) {
    if (explained.has(s.id) || s.inBundle) continue;
    lines.push({
      kind: "orphan",
      itemCode: null,
      psaServiceId: s.serviceId,
      psaServiceName: s.serviceName ?? null,
      psaContractServiceId: s.id,
      vendorQuantity: null,
      psaQuantity: s.quantity,
      lessIncluded: s.lessIncluded ?? null,
      unitPrice: s.unitPrice ?? null,
      status: "orphan",
    });
  }
  return { failure: null, lines, changes };
}
