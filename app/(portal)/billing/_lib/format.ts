/**
 * Numbers on the Billing page, the same on the server and in the browser (fixed locale): quantities
 * with up to 4 decimals, signed differences, money in the partner's billing currency.
 */
const quantity = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

export function formatQuantity(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : quantity.format(value);
}

/** "+2", "−3" (a real minus sign), "0". */
export function formatSigned(value: number): string {
  if (value === 0) return "0";
  return `${value > 0 ? "+" : "−"}${quantity.format(Math.abs(value))}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // Not an ISO 4217 code: a plain number with the code after it.
      f = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, f);
  }
  return f;
}

export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return "—";
  const f = moneyFormat(currency);
  const text = f.format(value);
  return f.resolvedOptions().style === "currency" ? text : `${text} ${currency}`;
}

/** A signed amount: "+$39.98", "−$60.00". */
export function formatSignedMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return "—";
  if (value === 0) return formatMoney(0, currency);
  return `${value > 0 ? "+" : "−"}${formatMoney(Math.abs(value), currency)}`;
}

/** "+20%", "−50%", or "new" when the PSA held nothing. */
export function formatChangePercent(value: number | null): string {
  if (value === null) return "new";
  return `${formatSigned(value)}%`;
}

export const PROVIDER_LABEL = { autotask: "Autotask", connectwise: "ConnectWise" } as const;

export const WRITE_MODE_LABEL = {
  automatic: "Automatic",
  threshold: "Automatic when the change is under",
  approve: "Always approve",
} as const;

export function writeModeText(mode: keyof typeof WRITE_MODE_LABEL, thresholdPercent: number): string {
  return mode === "threshold" ? `Automatic when the change is under ${thresholdPercent}%` : WRITE_MODE_LABEL[mode];
}

export const TRIGGER_LABEL = {
  manual: "Sync now",
  schedule: "Schedule",
  event: "Event rule",
  reprocess: "Reprocess",
  approval: "Approved changes",
} as const;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
