import { z } from "zod";

/**
 * The Billing page's pure rules: filter schemas, the difference / value / change arithmetic, the
 * words for each status and the CSV encoding. No database and no server imports, so the page's
 * client components and the CSV route share them and every rule is unit tested.
 */

export const RECONCILIATION_PAGE_SIZE = 50;
export const PENDING_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 25;
export const SIDE_LIST_PAGE_SIZE = 25;
/** Most rows one CSV export holds. */
export const CSV_ROW_CAP = 50_000;
export const USAGE_CHART_DAYS = [30, 90, 180] as const;

/** billing_lines.status */
export type LineStatus = "in_sync" | "applied" | "pending_approval" | "rejected" | "superseded" | "failed" | "not_in_psa" | "orphan";

export const LINE_STATUS_LABEL: Record<LineStatus, string> = {
  in_sync: "In sync",
  applied: "Applied",
  pending_approval: "Waits for approval",
  rejected: "Rejected",
  superseded: "Changed in PSA",
  failed: "Failed",
  not_in_psa: "Not in PSA",
  orphan: "Orphan",
};

export function lineStatusLabel(status: string): string {
  return LINE_STATUS_LABEL[status as LineStatus] ?? status;
}

export const RECONCILIATION_STATUS_FILTERS = [
  { value: "all", label: "All" },
  { value: "differences", label: "Differences only" },
  { value: "failed", label: "Failed" },
  { value: "pending_approval", label: "Waits for approval" },
  { value: "in_sync", label: "In sync" },
] as const;

export type ReconciliationStatusFilter = (typeof RECONCILIATION_STATUS_FILTERS)[number]["value"];

const uuid = (what: string) => z.uuid({ error: `The ${what} id is not valid. Open it from the Billing page.` });
const itemCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(100, "The item code is too long.")
  .regex(/^[a-z0-9_.-]+$/i, "Pick the item from the list.");
const searchSchema = z.string().trim().max(200, "Keep the search under 200 characters.");

export const reconciliationFiltersSchema = z.object({
  search: searchSchema.optional(),
  itemCode: itemCodeSchema.optional(),
  status: z.enum(["all", "differences", "failed", "pending_approval", "in_sync"], { error: "Pick a status from the list." }).default("all"),
});
export type ReconciliationFiltersInput = z.input<typeof reconciliationFiltersSchema>;
export type ReconciliationFilters = z.output<typeof reconciliationFiltersSchema>;

export const pendingFiltersSchema = z.object({
  search: searchSchema.optional(),
  itemCode: itemCodeSchema.optional(),
  customerId: uuid("customer").optional(),
});
export type PendingFiltersInput = z.input<typeof pendingFiltersSchema>;

export const pageSchema = z.number().int().min(1, "Pages start at 1.").max(100_000).default(1);

export const changeIdsSchema = z
  .array(uuid("change"), { error: "Pick the changes to decide on." })
  .min(1, "Select at least one change.")
  .max(2_000, "Decide on at most 2,000 changes at a time.");

export const auditCursorSchema = z.object({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, "The page position is not valid. Reload the page."),
  id: uuid("audit entry"),
});

export const customerIdSchema = uuid("customer");

// --- arithmetic ----------------------------------------------------------------------------------

/** Rounds to `decimals` places without binary noise (0.1 + 0.2 → 0.3). */
export function round(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
}

/** The PSA quantity after the last sync's writes; null when the PSA has no contract service / addition. */
export function psaQuantityNow(line: { psaQuantity: number | null; psaQuantityAfter: number | null }): number | null {
  return line.psaQuantityAfter ?? line.psaQuantity;
}

/** vendor − PSA (after the last sync's writes; 0 when the PSA has nothing). */
export function lineDifference(line: { vendorQuantity: number | null; psaQuantity: number | null; psaQuantityAfter: number | null }): number {
  return round((line.vendorQuantity ?? 0) - (psaQuantityNow(line) ?? 0));
}

/** The value of a quantity difference at the PSA's unit price, in currency units (2 places); null without a price. */
export function differenceValue(difference: number, unitPrice: number | null): number | null {
  if (unitPrice === null || unitPrice === undefined) return null;
  return round(difference * unitPrice, 2);
}

/** The change in percent of the current quantity (1 place); null when the PSA holds 0 (any change is "new"). */
export function changePercent(currentQuantity: number, newQuantity: number): number | null {
  if (currentQuantity === 0) return newQuantity === 0 ? 0 : null;
  return round(((newQuantity - currentQuantity) / Math.abs(currentQuantity)) * 100, 1);
}

// --- messages ------------------------------------------------------------------------------------

type LineForMessage = {
  status: string;
  customerStatus?: string | null;
  lastMessage?: string | null;
  lastHint?: string | null;
  pendingReason?: string | null;
};

/** What the reconciliation says next to a line: the failure and what to change in the PSA, why it waits, or why it is missing. */
export function lineMessage(line: LineForMessage): string | null {
  if (line.status === "failed" || line.customerStatus === "failed") {
    const text = [line.lastMessage, line.lastHint].filter((s): s is string => Boolean(s?.trim())).join(" ");
    return text || "The last sync of this customer failed. Run Sync now to see the reason.";
  }
  if (line.status === "pending_approval") return line.pendingReason ? `Waits for approval: ${line.pendingReason}` : "Waits for approval.";
  if (line.status === "rejected") return "Change rejected: nothing was written to the PSA. The next sync proposes it again while the quantities differ.";
  if (line.status === "superseded") return "The PSA quantity changed after the preview, so the approved change was not written. Run Sync now for a new preview.";
  if (line.status === "not_in_psa") {
    return "The contract has no service for this item and creating it is off. Add the service to the contract in the PSA or turn on “create when missing” for the item in Integration Setup.";
  }
  return null;
}

// --- CSV -------------------------------------------------------------------------------------------

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with '; numbers
 * are written as plain numbers.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(round(value)) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",");
}

/** A whole CSV document: a UTF-8 byte order mark (spreadsheets then read names right), CRLF line ends. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${[csvLine(header), ...rows.map(csvLine)].join("\r\n")}\r\n`;
}

export const RECONCILIATION_CSV_HEADER = [
  "customer",
  "vendor customer id",
  "item",
  "vendor qty",
  "psa qty",
  "difference",
  "unit price",
  "difference value",
  "last sync",
  "status",
  "message",
];

/** `reconciliation-2025-01-31.csv` (the partner's date). */
export function reconciliationFileName(date: string): string {
  return `reconciliation-${date}.csv`;
}
