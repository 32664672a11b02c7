import { z } from "zod";

import type { PsaCurrency, PsaProvider, PsaService } from "~/server/psa/types";

/**
 * Billing settings: the input schema, the defaults and the rules a save must pass. Pure — no
 * database, no PSA — so every rule is unit tested. Service ids are the PSA's; names and prices
 * are a cache of the PSA's catalogue taken at save time.
 */

export const WRITE_MODES = ["automatic", "threshold", "approve"] as const;
export type WriteMode = (typeof WRITE_MODES)[number];

export type BillingSettings = {
  enabled: boolean;
  writeMode: WriteMode;
  /** threshold mode: a change under this many percent is written automatically, else it waits for approval. */
  thresholdPercent: number;
  /** Day of the month (1–28) of the scheduled sync. */
  billingDay: number;
  /** ConnectWise: per-account usage in the addition's invoice description. */
  updateInvoiceDescriptions: boolean;
  currencyCode: string;
};

export function defaultBillingSettings(): BillingSettings {
  return { enabled: false, writeMode: "approve", thresholdPercent: 10, billingDay: 1, updateInvoiceDescriptions: false, currencyCode: "USD" };
}

/** A billable item's row as stored: psaServiceId null = "not billed". */
export type ItemMapping = {
  itemCode: string;
  psaServiceId: string | null;
  psaServiceName: string | null;
  unitPrice: number | null;
  unitCost: number | null;
  createMissing: boolean;
};

const THRESHOLD = "The threshold must be a whole percentage from 1 to 99.";
const BILLING_DAY = "The billing day must be a day of the month from 1 to 28.";
const CURRENCY = "Pick the currency from the list your PSA offers (its 3-letter ISO code, e.g. USD).";

const itemInputSchema = z.object({
  itemCode: z.string().trim().min(1, "A billable item code is missing.").max(64, "That billable item code is too long."),
  /** A PSA service / product id; blank = "not billed". */
  psaServiceId: z
    .string()
    .trim()
    .max(64, "That service id is too long.")
    .nullish()
    .transform((v) => (v ? v : null)),
  createMissing: z.boolean().default(true),
});

/**
 * What the form saves. `items` holds every item the partner has decided on (a service or "not
 * billed"); an item left out goes back to "not decided".
 */
export const billingSettingsInputSchema = z.object({
  enabled: z.boolean(),
  writeMode: z.enum(WRITE_MODES, { error: "Choose a write mode: automatic, automatic under a threshold, or always approve." }),
  thresholdPercent: z.number({ error: THRESHOLD }).int(THRESHOLD).min(1, THRESHOLD).max(99, THRESHOLD),
  billingDay: z.number({ error: BILLING_DAY }).int(BILLING_DAY).min(1, BILLING_DAY).max(28, BILLING_DAY),
  currencyCode: z
    .string({ error: CURRENCY })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, CURRENCY),
  updateInvoiceDescriptions: z.boolean(),
  items: z
    .array(itemInputSchema)
    .max(500, "Too many billable items in one save.")
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      for (const [index, item] of items.entries()) {
        if (seen.has(item.itemCode)) ctx.addIssue({ code: "custom", path: [index, "itemCode"], message: `The billable item "${item.itemCode}" is listed twice.` });
        seen.add(item.itemCode);
      }
    }),
});
export type BillingSettingsInput = z.output<typeof billingSettingsInputSchema>;
export type ItemInput = BillingSettingsInput["items"][number];

export type FieldProblem = { field: string; message: string };

export const providerLabel = (provider: PsaProvider) => (provider === "connectwise" ? "ConnectWise" : "Autotask");
/** Autotask bills Services; ConnectWise bills catalog products. */
export const serviceWord = (provider: PsaProvider | null) => (provider === "connectwise" ? "product" : "service");

/** Item codes the database does not know (the form only offers the billable_items table's items). */
export function unknownItemCodes(input: Pick<BillingSettingsInput, "items">, knownCodes: Iterable<string>): string[] {
  const known = new Set(knownCodes);
  return input.items.map((i) => i.itemCode).filter((code) => !known.has(code));
}

/** Rules that need no PSA: billing on needs at least one item billed to a PSA service / product. */
export function validateBillingSettings(input: BillingSettingsInput, provider: PsaProvider | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.enabled && !input.items.some((i) => i.psaServiceId !== null)) {
    const word = serviceWord(provider);
    problems.push({
      field: "enabled",
      message: `Map at least one billable item to a PSA ${word} before turning billing sync on — or leave it off until the items are mapped.`,
    });
  }
  return problems;
}

/** Active first, then by name — the order the form offers them. */
export function sortServices(services: PsaService[]): PsaService[] {
  return [...services].sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id));
}

/**
 * At save time every chosen id must exist and be active in the PSA's list. The problem names the
 * item, so "PSA service for Online backup, Basic plan: …" tells the partner which row to fix.
 */
export function problemsAgainstPsa(items: ItemInput[], services: PsaService[], provider: PsaProvider): FieldProblem[] {
  const psa = providerLabel(provider);
  const word = serviceWord(provider);
  const byId = new Map(services.map((s) => [s.id, s]));
  const problems: FieldProblem[] = [];
  for (const item of items) {
    if (item.psaServiceId === null) continue;
    const found = byId.get(item.psaServiceId);
    const field = `items.${item.itemCode}.psaServiceId`;
    if (!found) {
      problems.push({ field, message: `${psa} has no ${word} with id ${item.psaServiceId} — retrieve the services list and pick one.` });
    } else if (!found.isActive) {
      problems.push({ field, message: `${found.name} is inactive in ${psa} — pick an active ${word}, or activate it in ${psa} first.` });
    }
  }
  return problems;
}

/** The rows a save stores: name, price and cost taken from the PSA's list, never from the client. */
export function mappingsFrom(items: ItemInput[], services: PsaService[] | null): ItemMapping[] {
  const byId = new Map((services ?? []).map((s) => [s.id, s]));
  return items.map((item) => {
    const service = item.psaServiceId === null ? undefined : byId.get(item.psaServiceId);
    return {
      itemCode: item.itemCode,
      psaServiceId: item.psaServiceId,
      psaServiceName: service?.name ?? null,
      unitPrice: service?.unitPrice ?? null,
      unitCost: service?.unitCost ?? null,
      createMissing: item.createMissing,
    };
  });
}

/** A mapped service the last retrieve did not return, or returned inactive. */
export type StaleMapping = { itemCode: string; psaServiceId: string; problem: "missing" | "inactive"; message: string };

export function findStaleMappings(mappings: Pick<ItemMapping, "itemCode" | "psaServiceId">[], services: PsaService[], provider: PsaProvider): StaleMapping[] {
  const psa = providerLabel(provider);
  const word = serviceWord(provider);
  const byId = new Map(services.map((s) => [s.id, s]));
  const stale: StaleMapping[] = [];
  for (const m of mappings) {
    if (!m.psaServiceId) continue;
    const found = byId.get(m.psaServiceId);
    if (!found) stale.push({ itemCode: m.itemCode, psaServiceId: m.psaServiceId, problem: "missing", message: `This ${word} no longer exists in ${psa} — pick another.` });
    else if (!found.isActive) stale.push({ itemCode: m.itemCode, psaServiceId: m.psaServiceId, problem: "inactive", message: `This ${word} is inactive in ${psa} — pick another.` });
  }
  return stale;
}

/** The form's name for a field, so an error names it ("PSA product for Email security, mailboxes"). */
export function fieldLabel(field: string, provider: PsaProvider | null, itemNames: ReadonlyMap<string, string> = new Map()): string {
  const item = /^items\.(.+)\.(psaServiceId|createMissing|itemCode)$/.exec(field);
  if (item) {
    const name = itemNames.get(item[1]!) ?? item[1]!;
    if (item[2] === "createMissing") return `Create when missing for ${name}`;
    return `PSA ${serviceWord(provider)} for ${name}`;
  }
  const labels: Record<string, string> = {
    enabled: "Billing sync on",
    writeMode: "Write mode",
    thresholdPercent: "Threshold (%)",
    billingDay: "Billing day",
    currencyCode: "Currency",
    updateInvoiceDescriptions: "Update invoice descriptions",
  };
  return labels[field] ?? field;
}

/** The currencies a partner can pick: active ones, the PSA's default first, then by code. */
export function sortCurrencies(currencies: PsaCurrency[]): PsaCurrency[] {
  const byCode = new Map<string, PsaCurrency>();
  for (const c of currencies) if (c.isActive && !byCode.has(c.code)) byCode.set(c.code, c);
  return [...byCode.values()].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.code.localeCompare(b.code));
}

/** The billing currency must be one the PSA offers (active): "DOL" is refused, naming the ones it has. */
export function currencyProblem(code: string, currencies: PsaCurrency[], provider: PsaProvider): FieldProblem | null {
  const offered = sortCurrencies(currencies);
  if (offered.some((c) => c.code === code)) return null;
  const psa = providerLabel(provider);
  const list = offered.map((c) => c.code).join(", ");
  return {
    field: "currencyCode",
    message:
      offered.length === 0
        ? `${psa} offers no active currency: set one up in ${psa}, then pick it here.`
        : `${psa} does not offer the currency ${code} — pick one of ${list}.`,
  };
}

/** Without a PSA connection the currency cannot be checked: only the one already saved may stay. */
export function currencyWithoutConnectionProblem(code: string, savedCode: string): FieldProblem | null {
  if (code === savedCode) return null;
  return { field: "currencyCode", message: "Connect your PSA in Integration Setup first: the currency is picked from the ones it offers." };
}
