import { PsaError } from "../errors";
import type { PsaContract, PsaContractService, PsaCurrency, PsaQuantityChange, PsaService } from "../types";

import { type AutotaskContext, createOnce, queryByIds } from "./context";
import {
  adjustmentBody,
  bundleUnitsOn,
  type ContractLabels,
  currencyCodeOf,
  mapBundledService,
  mapContract,
  mapContractService,
  mapService,
  unitsOn,
} from "./map";
import { type AtFilter, assertDateOnly, dayBounds, everything, toAutotaskId, todayUtc } from "./query";
import {
  companyCurrencySchema,
  contractSchema,
  contractServiceBundleSchema,
  contractServiceBundleUnitSchema,
  contractServiceSchema,
  contractServiceUnitSchema,
  serviceBundleServiceSchema,
  serviceSchema,
} from "./schemas";

/**
 * Contracts (with their currency), the service catalogue, contract services with today's units
 * (and the services inside the contracts' service bundles), and quantity changes through
 * ContractServiceAdjustments (psa-api-facts A7): a signed unitChange from a date-only
 * effectiveDate. A lost answer is checked against the units on that date before posting again,
 * so a change is never applied twice.
 */
async function contractLabels(ctx: AutotaskContext): Promise<ContractLabels> {
  const [types, statuses, periods] = await Promise.all([
    ctx.meta.labels("Contracts", "contractType"),
    ctx.meta.labels("Contracts", "status"),
    ctx.meta.labels("Contracts", "contractPeriodType"),
  ]);
  return { types, statuses, periods };
}

export async function listContracts(ctx: AutotaskContext, companyIds: string[]): Promise<PsaContract[]> {
  const ids = companyIds.map((id) => toAutotaskId(id, "companyId"));
  if (ids.length === 0) return [];
  const labels = await contractLabels(ctx);
  const rows = await queryByIds(ctx, "Contracts", "companyID", ids, contractSchema);
  const today = todayUtc(ctx.now());
  return rows.map((c) => mapContract(c, labels, today));
}

export async function getContract(ctx: AutotaskContext, id: string): Promise<PsaContract | null> {
  const row = await ctx.client.getById("Contracts", toAutotaskId(id, "contractId"), contractSchema);
  return row ? mapContract(row, await contractLabels(ctx), todayUtc(ctx.now())) : null;
}

/**
 * Contracts by id with their currency. Autotask contracts have none: it is the company's
 * (Companies.currencyID, only that field read), named through Currencies (read once per connection
 * and cached), or the database's internal currency when the company has none. Reads: the Contracts
 * and Companies queries batch 499 ids each (one range query when ids are dense), plus one
 * Currencies query per connection.
 */
export async function getContracts(ctx: AutotaskContext, contractIds: string[]): Promise<PsaContract[]> {
  const ids = contractIds.map((id) => toAutotaskId(id, "contractId"));
  if (ids.length === 0) return [];
  const [labels, rows] = await Promise.all([contractLabels(ctx), queryByIds(ctx, "Contracts", "id", ids, contractSchema)]);
  const currencies = await companyCurrencies(ctx, rows.map((c) => c.companyID));
  const today = todayUtc(ctx.now());
  return rows.map((c) => ({ ...mapContract(c, labels, today), currencyCode: (c.companyID !== null && c.companyID !== undefined ? currencies.get(c.companyID) : null) ?? null }));
}

/** ISO currency code per company id (companies the API user cannot see are left out). */
async function companyCurrencies(ctx: AutotaskContext, companyIds: (number | null | undefined)[]): Promise<Map<number, string | null>> {
  const ids = [...new Set(companyIds.filter((id): id is number => id !== null && id !== undefined))];
  if (ids.length === 0) return new Map();
  const [companies, currencies] = await Promise.all([
    queryByIds(ctx, "Companies", "id", ids, companyCurrencySchema, [], ["currencyID"]),
    ctx.meta.currencies(),
  ]);
  const internal = currencyCodeOf(currencies.find((c) => c.isInternalCurrency === true));
  const byId = new Map(currencies.map((c) => [c.id, c]));
  return new Map(companies.map((c) => [c.id, c.currencyID === null || c.currencyID === undefined ? internal : currencyCodeOf(byId.get(c.currencyID))]));
}

export async function listServices(ctx: AutotaskContext): Promise<PsaService[]> {
  const [periods, rows] = await Promise.all([ctx.meta.labels("Services", "periodType"), ctx.client.query("Services", { filter: [everything()] }, serviceSchema)]);
  return rows.map((s) => mapService(s, periods));
}

/** Services by id: one `id in (...)` query per 500 ids (ids that are not numbers or not found are left out). */
export async function getServices(ctx: AutotaskContext, serviceIds: string[]): Promise<PsaService[]> {
  const ids = [...new Set(serviceIds.map((id) => id.trim()).filter((id) => /^\d+$/.test(id)).map(Number))];
  if (ids.length === 0) return [];
  const [periods, rows] = await Promise.all([ctx.meta.labels("Services", "periodType"), queryByIds(ctx, "Services", "id", ids, serviceSchema)]);
  return rows.map((s) => mapService(s, periods));
}

/** The database's currencies (read once per connection and cached), by their ISO code; the internal one is the default. */
export async function listCurrencies(ctx: AutotaskContext): Promise<PsaCurrency[]> {
  const rows = await ctx.meta.currencies();
  return rows.flatMap((c) => {
    const code = currencyCodeOf(c);
    return code ? [{ code, name: c.description?.trim() || code, isActive: c.isActive !== false, isDefault: c.isInternalCurrency === true }] : [];
  });
}

/**
 * The contract services of many contracts with their units on `asOf` (default today), then the
 * services inside the contracts' service bundles (`inBundle`, id `bundle:<contractServiceBundleId>:<serviceId>`,
 * quantity = the bundle's units). Reads, per 499 contracts: ContractServices, ContractServiceUnits
 * (only rows covering the day) and ContractServiceBundles, paged to the end; only when some contract
 * has a bundle, ServiceBundleServices and ContractServiceBundleUnits of those bundles.
 */
export async function listContractServices(ctx: AutotaskContext, contractIds: string[], asOf?: string): Promise<PsaContractService[]> {
  const ids = contractIds.map((id) => toAutotaskId(id, "contractId"));
  if (ids.length === 0) return [];
  const day = assertDateOnly(asOf ?? todayUtc(ctx.now()), "asOf");
  const { start, next } = dayBounds(day);
  const covering: AtFilter[] = [
    { op: "lt", field: "startDate", value: next },
    { op: "gte", field: "endDate", value: start },
  ];
  const [services, units, bundles] = await Promise.all([
    queryByIds(ctx, "ContractServices", "contractID", ids, contractServiceSchema),
    queryByIds(ctx, "ContractServiceUnits", "contractID", ids, contractServiceUnitSchema, covering),
    queryByIds(ctx, "ContractServiceBundles", "contractID", ids, contractServiceBundleSchema),
  ]);
  const today = unitsOn(units, day);
  const rows = services.map((cs) => mapContractService(cs, today));
  if (bundles.length === 0) return rows;

  const bundleIds = [...new Set(bundles.flatMap((b) => (b.serviceBundleID === null || b.serviceBundleID === undefined ? [] : [b.serviceBundleID])))];
  const bundledContracts = [...new Set(bundles.flatMap((b) => (b.contractID === null || b.contractID === undefined ? [] : [b.contractID])))];
  const [members, bundleUnits] = await Promise.all([
    queryByIds(ctx, "ServiceBundleServices", "serviceBundleID", bundleIds, serviceBundleServiceSchema),
    queryByIds(ctx, "ContractServiceBundleUnits", "contractID", bundledContracts, contractServiceBundleUnitSchema, covering),
  ]);
  const unitsToday = bundleUnitsOn(bundleUnits, day);
  for (const bundle of bundles) {
    for (const member of members) {
      if (member.serviceBundleID !== bundle.serviceBundleID || member.serviceID === null || member.serviceID === undefined) continue;
      rows.push(mapBundledService(bundle, member.serviceID, unitsToday));
    }
  }
  return rows;
}

/** Units of (contract, service) on a day, and the contract service's id; null when it does not exist. */
async function unitsAt(ctx: AutotaskContext, contractID: number, serviceID: number, day: string): Promise<{ id: number; units: number } | null> {
  const [cs] = await ctx.client.query(
    "ContractServices",
    { MaxRecords: 1, filter: [{ op: "eq", field: "contractID", value: contractID }, { op: "eq", field: "serviceID", value: serviceID }] },
    contractServiceSchema,
    1,
  );
  if (!cs) return null;
  const { start, next } = dayBounds(day);
  const rows = await ctx.client.query(
    "ContractServiceUnits",
    {
      filter: [
        { op: "eq", field: "contractServiceID", value: cs.id },
        { op: "lt", field: "startDate", value: next },
        { op: "gte", field: "endDate", value: start },
      ],
    },
    contractServiceUnitSchema,
  );
  return { id: cs.id, units: unitsOn(rows, day).get(cs.id) ?? 0 };
}

export async function applyQuantityChange(ctx: AutotaskContext, change: PsaQuantityChange): Promise<{ ref: string }> {
  assertDateOnly(change.effectiveDate, "effectiveDate");
  for (const [field, n] of [["currentQuantity", change.currentQuantity], ["newQuantity", change.newQuantity]] as const) {
    if (!Number.isInteger(n) || n < 0) {
      throw new PsaError({ kind: "invalid", provider: "autotask", operation: field, message: `${field} must be a whole number of 0 or more, got ${n}.` });
    }
  }
  const ids = {
    contractID: toAutotaskId(change.contractId, "contractId"),
    serviceID: toAutotaskId(change.serviceId, "serviceId"),
    contractServiceID: change.contractServiceId ? toAutotaskId(change.contractServiceId, "contractServiceId") : undefined,
  };
  const priceChanged = change.unitPrice !== null && change.unitPrice !== undefined;
  if (change.newQuantity === change.currentQuantity && !priceChanged) {
    return { ref: ids.contractServiceID !== undefined ? `ContractService:${ids.contractServiceID}` : "unchanged" };
  }
  const body = adjustmentBody(change, ids);
  return createOnce(
    ctx,
    async () => ({ ref: String(await ctx.client.create("ContractServiceAdjustments", body, "ContractServiceAdjustments.create")) }),
    async () => {
      const now = await unitsAt(ctx, ids.contractID, ids.serviceID, change.effectiveDate);
      return now && now.units === change.newQuantity && change.newQuantity !== change.currentQuantity ? { ref: `ContractService:${now.id}` } : null;
    },
  );
}
