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
import { clearAutotaskConnectionCache } from "~/server/psa/autotask/client";
import { clearConnectionCache } from "~/server/psa/connectwise/cache";
import { isPsaError } from "~/server/psa/errors";
import type { PsaConnector, PsaConnectorOptions, PsaProvider, PsaService } from "~/server/psa/types";
import { getConnectionRow } from "~/server/services/psa-connections/service";
import { psaFailureMessage, requireConnector } from "~/server/services/ticket-settings/service";

import {
  type BillingSettings,
  type BillingSettingsInput,
  defaultBillingSettings,
  type FieldProblem,
  fieldLabel,
  type ItemMapping,
  mappingsFrom,
  problemsAgainstPsa,
  sortServices,
  unknownItemCodes,
  validateBillingSettings,
} from "./settings-rules";

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

async function servicesOf(connector: PsaConnector, what: string): Promise<PsaService[]> {
  try {
    return await connector.listServices();
  } catch (err) {
    if (!isPsaError(err)) throw err;
    throw new AppError("BAD_REQUEST", psaFailureMessage(err, what));
  }
}

export type BillingServicesList = { provider: PsaProvider; services: PsaService[]; retrievedAt: Date };

/**
 * "Retrieve services list": Autotask Services / ConnectWise catalog products, active first and
 * by name. `refresh` drops the connection's metadata cache first, so the list is what the PSA
 * has now. Records when it was retrieved.
 */
export async function listBillingServices(
  db: DbOrTx,
  partnerId: string,
  input: { refresh?: boolean } = {},
  options: PsaConnectorOptions = {},
): Promise<BillingServicesList> {
  const connection = await getConnectionRow(db, partnerId);
  if (!connection) throw new AppError("BAD_REQUEST", CONNECT_FIRST_BILLING);
  if (input.refresh) {
    clearConnectionCache(connection.id);
    clearAutotaskConnectionCache(connection.id);
  }
  const connector = await requireConnector(db, partnerId, options);
  const services = sortServices(await servicesOf(connector, "return the services list"));
  const retrievedAt = new Date();
  await markServicesRetrieved(db, { partnerId, at: retrievedAt });
  return { provider: connector.provider, services, retrievedAt };
}

function invalid(problems: FieldProblem[], provider: PsaProvider | null, itemNames: ReadonlyMap<string, string>): AppError {
  const first = problems[0]!;
  return new AppError("BAD_REQUEST", `${fieldLabel(first.field, provider, itemNames)}: ${first.message}`, { field: first.field, problems });
}

/**
 * Save (admins): item codes must exist in billable_items; billing on needs a mapped item; every
 * chosen service / product is checked against the PSA's list (unknown or inactive ids are refused,
 * naming the item) and its name, price and cost are taken from that list. Settings and every item
 * row are written in one transaction.
 */
export async function saveBillingSettings(
  db: DbOrTx,
  ctx: { partnerId: string; userId: string },
  input: BillingSettingsInput,
  options: PsaConnectorOptions = {},
): Promise<BillingSettingsView> {
  const billable = await listBillableItems(db);
  const unknown = unknownItemCodes(input, billable.map((i) => i.code));
  if (unknown.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `Unknown billable item "${unknown[0]}": it is not one of the vendor's billable items. Reload the page and save again.`,
      { field: `items.${unknown[0]}.itemCode`, unknown },
    );
  }
  const itemNames = new Map(billable.map((i) => [i.code, i.name]));
  const connection = await getConnectionRow(db, ctx.partnerId);
  const provider = connection?.provider ?? null;
  const problems = validateBillingSettings(input, provider);
  if (problems.length > 0) throw invalid(problems, provider, itemNames);

  let services: PsaService[] | null = null;
  if (input.items.some((i) => i.psaServiceId !== null)) {
    if (!connection) throw new AppError("BAD_REQUEST", CONNECT_FIRST_BILLING);
    const connector = await requireConnector(db, ctx.partnerId, options);
    services = await servicesOf(connector, "check the chosen services");
    const against = problemsAgainstPsa(input.items, services, connector.provider);
    if (against.length > 0) throw invalid(against, connector.provider, itemNames);
  }

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
    items: mappingsFrom(input.items, services),
  });
  return getBillingSettingsView(db, ctx.partnerId);
}
