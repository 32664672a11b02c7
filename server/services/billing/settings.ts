import type { DbOrTx } from "~/db";
import {
  type BillingSettingsRow,
  findBillingSettings,
  listBillableItems,
  listBillableItemsWithMappings,
  listItemMappings,
  markServicesRetrieved,
  saveBillingSettingsRows,
} from "~/db/queries/billing-settings";
import { AppError } from "~/server/errors/app-error";
import { isPsaError, type PsaError } from "~/server/psa/errors";
import type { PsaConnector, PsaConnectorOptions, PsaCurrency, PsaProvider, PsaService } from "~/server/psa/types";
import { connectorForRow, getConnectionRow } from "~/server/services/psa-connections/service";

import { type CatalogueKey, recallServices, rememberServices } from "./catalogue-cache";

import {
  type BillingSettings,
  type BillingSettingsInput,
  currencyProblem,
  currencyWithoutConnectionProblem,
  defaultBillingSettings,
  type FieldProblem,
  fieldLabel,
  type ItemMapping,
  mappingsFrom,
  problemsAgainstPsa,
  providerLabel,
  sortCurrencies,
  sortServices,
  unknownItemCodes,
  validateBillingSettings,
} from "./settings-rules";

/** Interactive calls (the page) fail fast instead of retrying for minutes. */
const INTERACTIVE: PsaConnectorOptions = { maxRetries: 1, timeoutMs: 15_000 };

export const CONNECT_FIRST_BILLING = "Connect your PSA in Integration Setup first: the services list is retrieved from it.";

/** The partner's billing settings, or the defaults (billing off, always approve) when none were saved. */
export async function getBillingSettings(db: DbOrTx, partnerId: string): Promise<BillingSettings> {
  return settingsOf(await findBillingSettings(db, { partnerId }));
}

function settingsOf(row: BillingSettingsRow | null): BillingSettings {
  if (!row) return defaultBillingSettings();
  const { enabled, writeMode, thresholdPercent, billingDay, updateInvoiceDescriptions, currencyCode } = row;
  return { enabled, writeMode, thresholdPercent, billingDay, updateInvoiceDescriptions, currencyCode };
}

/** The partner's decided items: a PSA service / product, or "not billed" (psaServiceId null). */
export async function getItemMappings(db: DbOrTx, partnerId: string): Promise<ItemMapping[]> {
  const rows = await listItemMappings(db, { partnerId });
  return rows.map(({ itemCode, psaServiceId, psaServiceName, unitPrice, unitCost, createMissing }) => ({
    itemCode,
    psaServiceId,
    psaServiceName,
    unitPrice,
    unitCost,
    createMissing,
  }));
}

export type BillingItemView = {
  code: string;
  name: string;
  unit: string;
  description: string | null;
  /** null = not decided yet; psaServiceId null = "not billed". */
  mapping: Omit<ItemMapping, "itemCode"> | null;
};

export type BillingSettingsView = {
  settings: BillingSettings;
  items: BillingItemView[];
  connection: { provider: PsaProvider } | null;
  servicesRetrievedAt: Date | null;
};

/** What the page shows: settings, every billable item with its mapping, the connection's provider. No PSA call. */
export async function getBillingSettingsView(db: DbOrTx, partnerId: string): Promise<BillingSettingsView> {
  const [row, items, connection] = await Promise.all([
    findBillingSettings(db, { partnerId }),
    listBillableItemsWithMappings(db, { partnerId }),
    getConnectionRow(db, partnerId),
  ]);
  return {
    settings: settingsOf(row),
    items: items.map(({ item, mapping }) => ({
      code: item.code,
      name: item.name,
      unit: item.unit,
      description: item.description,
      mapping: mapping
        ? {
            psaServiceId: mapping.psaServiceId,
            psaServiceName: mapping.psaServiceName,
            unitPrice: mapping.unitPrice,
            unitCost: mapping.unitCost,
            createMissing: mapping.createMissing,
          }
        : null,
    })),
    connection: connection ? { provider: connection.provider } : null,
    servicesRetrievedAt: row?.servicesRetrievedAt ?? null,
  };
}

type ConnectionRow = NonNullable<Awaited<ReturnType<typeof getConnectionRow>>>;

function psaFailureMessage(err: PsaError, what: string): string {
  const psa = providerLabel(err.provider);
  const parts = [`${psa} could not ${what}: ${err.message}`];
  if (err.psaMessage && !err.message.includes(err.psaMessage)) parts.push(`${psa} said: ${err.psaMessage}`);
  if (err.hint) parts.push(err.hint);
  return parts.join(" ");
}

/** A PSA failure as a sentence naming what could not be done; anything else is rethrown. */
async function asking<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isPsaError(err)) throw err;
    throw new AppError("BAD_REQUEST", psaFailureMessage(err, what));
  }
}

const catalogueKey = (row: ConnectionRow): CatalogueKey => ({ partnerId: row.partnerId, connectionId: row.id, connectionUpdatedAt: row.updatedAt });

async function connectedRow(db: DbOrTx, partnerId: string): Promise<ConnectionRow> {
  const row = await getConnectionRow(db, partnerId);
  if (!row) throw new AppError("BAD_REQUEST", CONNECT_FIRST_BILLING);
  return row;
}

export type BillingServicesList = { provider: PsaProvider; services: PsaService[]; retrievedAt: Date };

/**
 * "Retrieve services list": Autotask Services / ConnectWise catalog products, active first and
 * by name — one PSA query (the zone and the period labels are cached per connection). The list is
 * remembered for a few minutes so the save that follows needs no second query for the ids it
 * offered. Records when it was retrieved. (`refresh` is accepted for older clients: the list is
 * always read from the PSA.)
 */
export async function listBillingServices(
  db: DbOrTx,
  partnerId: string,
  _input: { refresh?: boolean } = {},
  options: PsaConnectorOptions = {},
): Promise<BillingServicesList> {
  const row = await connectedRow(db, partnerId);
  const connector = connectorForRow(row, { ...INTERACTIVE, ...options });
  const services = sortServices(await asking("return the services list", () => connector.listServices()));
  rememberServices(catalogueKey(row), services, { replace: true });
  const retrievedAt = new Date();
  await markServicesRetrieved(db, { partnerId, at: retrievedAt });
  return { provider: connector.provider, services, retrievedAt };
}

export type BillingCurrencies = { provider: PsaProvider; currencies: PsaCurrency[] };

/** The currencies the PSA offers (active ones, its default first); cached per connection by the connector. */
export async function listBillingCurrencies(db: DbOrTx, partnerId: string, options: PsaConnectorOptions = {}): Promise<BillingCurrencies> {
  const row = await connectedRow(db, partnerId);
  const connector = connectorForRow(row, { ...INTERACTIVE, ...options });
  const currencies = await asking("return its currencies", () => connector.listCurrencies());
  return { provider: connector.provider, currencies: sortCurrencies(currencies) };
}

function invalid(problems: FieldProblem[], provider: PsaProvider | null, itemNames: ReadonlyMap<string, string>): AppError {
  const first = problems[0]!;
  return new AppError("BAD_REQUEST", `${fieldLabel(first.field, provider, itemNames)}: ${first.message}`, {
    field: first.field,
    problems: problems.map((p) => ({ ...p, label: fieldLabel(p.field, provider, itemNames) })),
  });
}

/** The chosen services: those the last retrieve / check returned, and only the others asked of the PSA (one batched query). */
async function chosenServices(connector: PsaConnector, row: ConnectionRow, ids: string[]): Promise<{ services: PsaService[]; asked: number }> {
  const key = catalogueKey(row);
  const { found, missing } = recallServices(key, ids);
  if (missing.length === 0) return { services: found, asked: 0 };
  const fetched = await connector.getServices(missing);
  rememberServices(key, fetched);
  return { services: [...found, ...fetched], asked: missing.length };
}

export type BillingSettingsCheck = {
  provider: PsaProvider | null;
  /** Chosen services / products checked, and how many of them had to be asked of the PSA. */
  services: number;
  askedPsa: number;
  currencyCode: string;
};

type Checked = BillingSettingsCheck & { connection: ConnectionRow | null; chosen: PsaService[] | null };

/**
 * Every rule a save must pass, with at most two PSA reads made at the same time: the chosen ids
 * not seen in the last few minutes (one `id in (...)` query) and the currencies (cached per
 * connection). Throws the first problem as the message, every problem in the details.
 */
async function checkSettings(db: DbOrTx, partnerId: string, input: BillingSettingsInput, options: PsaConnectorOptions): Promise<Checked> {
  const [billable, connection, saved] = await Promise.all([listBillableItems(db), getConnectionRow(db, partnerId), findBillingSettings(db, { partnerId })]);
  const unknown = unknownItemCodes(input, billable.map((i) => i.code));
  if (unknown.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `Unknown billable item "${unknown[0]}": it is not one of the vendor's billable items. Reload the page and save again.`,
      { field: `items.${unknown[0]}.itemCode`, unknown },
    );
  }
  const itemNames = new Map(billable.map((i) => [i.code, i.name]));
  const provider = connection?.provider ?? null;
  const problems = validateBillingSettings(input, provider);
  const ids = input.items.flatMap((i) => (i.psaServiceId === null ? [] : [i.psaServiceId]));

  if (!connection) {
    if (ids.length > 0) throw new AppError("BAD_REQUEST", CONNECT_FIRST_BILLING);
    const currency = currencyWithoutConnectionProblem(input.currencyCode, settingsOf(saved).currencyCode);
    if (currency) problems.unshift(currency);
    if (problems.length > 0) throw invalid(problems, provider, itemNames);
    return { provider, services: 0, askedPsa: 0, currencyCode: input.currencyCode, connection, chosen: null };
  }

  const connector = connectorForRow(connection, { ...INTERACTIVE, ...options });
  const [currencies, chosen] = await Promise.all([
    asking("check the currency", () => connector.listCurrencies()),
    ids.length > 0 ? asking("check the chosen services", () => chosenServices(connector, connection, ids)) : Promise.resolve({ services: [], asked: 0 }),
  ]);
  const currency = currencyProblem(input.currencyCode, currencies, connector.provider);
  const all = [...(currency ? [currency] : []), ...problems, ...problemsAgainstPsa(input.items, chosen.services, connector.provider)];
  if (all.length > 0) throw invalid(all, connector.provider, itemNames);
  return { provider: connector.provider, services: ids.length, askedPsa: chosen.asked, currencyCode: input.currencyCode, connection, chosen: ids.length > 0 ? chosen.services : null };
}

/** "Save" step 1: the checks alone (nothing written), so the form can show them as a step of their own. */
export async function checkBillingSettings(
  db: DbOrTx,
  partnerId: string,
  input: BillingSettingsInput,
  options: PsaConnectorOptions = {},
): Promise<BillingSettingsCheck> {
  const { provider, services, askedPsa, currencyCode } = await checkSettings(db, partnerId, input, options);
  return { provider, services, askedPsa, currencyCode };
}

/**
 * Save (admins): item codes must exist in billable_items; billing on needs a mapped item; the
 * currency must be one the PSA offers; every chosen service / product must exist and be active in
 * the PSA (unknown or inactive ids are refused, naming the item) and its name, price and cost are
 * taken from the PSA. Ids the last retrieve or check returned are not asked again (a few minutes'
 * memory; the sync re-reads the PSA anyway). Settings and every item row are written in one transaction.
 */
export async function saveBillingSettings(
  db: DbOrTx,
  ctx: { partnerId: string; userId: string },
  input: BillingSettingsInput,
  options: PsaConnectorOptions = {},
): Promise<BillingSettingsView> {
  const { connection, chosen } = await checkSettings(db, ctx.partnerId, input, options);
  const provider = connection?.provider ?? null;
  const { enabled, writeMode, thresholdPercent, billingDay, currencyCode } = input;
  await saveBillingSettingsRows(db, {
    partnerId: ctx.partnerId,
    userId: ctx.userId,
    settings: {
      enabled,
      writeMode,
      thresholdPercent,
      billingDay,
      currencyCode,
      // Invoice descriptions are a ConnectWise addition field; Autotask has nothing to update.
      updateInvoiceDescriptions: provider === "connectwise" && input.updateInvoiceDescriptions,
    },
    items: mappingsFrom(input.items, chosen),
  });
  return getBillingSettingsView(db, ctx.partnerId);
}
