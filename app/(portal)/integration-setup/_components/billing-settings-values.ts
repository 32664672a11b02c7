import type { RouterInputs, RouterOutputs } from "~/components/trpc/types";

/**
 * Form state of the Billing settings section. Each item's select holds "" (not decided), the
 * "not billed" marker, the "type an id" marker or a PSA service / product id; numbers stay as typed.
 */
export type BillingSettingsView = RouterOutputs["billingSettings"]["get"];
export type SavedBillingSettings = RouterOutputs["billingSettings"]["save"];
export type BillingServices = RouterOutputs["billingSettings"]["services"];
export type BillingService = BillingServices["services"][number];
export type BillingSettingsInput = RouterInputs["billingSettings"]["save"];
export type BillingItem = BillingSettingsView["items"][number];
export type Provider = "autotask" | "connectwise";
export type WriteMode = BillingSettingsInput["writeMode"];

export const NOT_DECIDED = "";
export const NOT_BILLED = "__not_billed__";
export const TYPED_ID = "__typed_id__";

export type ItemValues = { choice: string; typedId: string; createMissing: boolean };
export type Values = {
  enabled: boolean;
  writeMode: WriteMode;
  thresholdPercent: string;
  billingDay: string;
  currencyCode: string;
  updateInvoiceDescriptions: boolean;
  items: Record<string, ItemValues>;
};

export const PSA_NAME = { autotask: "Autotask", connectwise: "ConnectWise" } as const;
export const serviceWord = (provider: Provider) => (provider === "connectwise" ? "product" : "service");
/** The accessible label of an item's select; the server names the item the same way in its errors. */
export const itemSelectLabel = (provider: Provider, itemName: string) => `PSA ${serviceWord(provider)} for ${itemName}`;

export function valuesOf(view: Pick<BillingSettingsView, "settings" | "items">): Values {
  const items: Record<string, ItemValues> = {};
  for (const item of view.items) {
    const m = item.mapping;
    items[item.code] = { choice: m === null ? NOT_DECIDED : (m.psaServiceId ?? NOT_BILLED), typedId: "", createMissing: m?.createMissing ?? true };
  }
  return {
    enabled: view.settings.enabled,
    writeMode: view.settings.writeMode,
    thresholdPercent: String(view.settings.thresholdPercent),
    billingDay: String(view.settings.billingDay),
    currencyCode: view.settings.currencyCode,
    updateInvoiceDescriptions: view.settings.updateInvoiceDescriptions,
    items,
  };
}

const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
const validThreshold = (n: number) => Number.isInteger(n) && n >= 1 && n <= 99;

/** Items whose "type an id" box is still empty. */
export function blankTypedIds(values: Values, items: BillingItem[]): BillingItem[] {
  return items.filter((item) => values.items[item.code]?.choice === TYPED_ID && !values.items[item.code]!.typedId.trim());
}

/**
 * The save input. Undecided items are left out (they stay "not decided"). A threshold that is not
 * in use keeps its saved value when the box holds something invalid.
 */
export function toInput(values: Values, items: BillingItem[], saved: BillingSettingsView["settings"]): BillingSettingsInput {
  const threshold = num(values.thresholdPercent);
  const decided: BillingSettingsInput["items"] = [];
  for (const item of items) {
    const v = values.items[item.code];
    if (!v || v.choice === NOT_DECIDED) continue;
    if (v.choice === TYPED_ID && !v.typedId.trim()) continue;
    const psaServiceId = v.choice === NOT_BILLED ? null : v.choice === TYPED_ID ? v.typedId.trim() : v.choice;
    decided.push({ itemCode: item.code, psaServiceId, createMissing: v.createMissing });
  }
  return {
    enabled: values.enabled,
    writeMode: values.writeMode,
    thresholdPercent: values.writeMode !== "threshold" && !validThreshold(threshold) ? saved.thresholdPercent : threshold,
    billingDay: num(values.billingDay),
    currencyCode: values.currencyCode.trim().toUpperCase(),
    updateInvoiceDescriptions: values.updateInvoiceDescriptions,
    items: decided,
  };
}

/** A price in the partner's currency when the code is valid, else as a plain number. */
export function formatPrice(price: number | null | undefined, currencyCode: string): string | null {
  if (price === null || price === undefined) return null;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode.trim().toUpperCase() || "USD", maximumFractionDigits: 4 }).format(price);
  } catch {
    return price.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  }
}

/** Why the chosen service of an item needs attention after a retrieve: gone, or switched off. */
export function staleFlag(choice: string, services: BillingService[] | null, provider: Provider): string | undefined {
  if (!services || choice === NOT_DECIDED || choice === NOT_BILLED || choice === TYPED_ID) return undefined;
  const found = services.find((s) => s.id === choice);
  const psa = PSA_NAME[provider];
  const word = serviceWord(provider);
  if (!found) return `This ${word} no longer exists in ${psa} — pick another.`;
  if (!found.isActive) return `This ${word} is inactive in ${psa} — pick another.`;
  return undefined;
}
