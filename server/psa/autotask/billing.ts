import { PsaError } from "../errors";
import type { PsaContract, PsaContractService, PsaQuantityChange, PsaService } from "../types";

import { type AutotaskContext, createOnce, queryByIds } from "./context";
import { adjustmentBody, type ContractLabels, mapContract, mapContractService, mapService, unitsOn } from "./map";
import { assertDateOnly, dayBounds, everything, toAutotaskId, todayUtc } from "./query";
import { contractSchema, contractServiceSchema, contractServiceUnitSchema, serviceSchema } from "./schemas";

/**
 * Contracts, the service catalogue, contract services with today's units, and quantity changes
 * through ContractServiceAdjustments (psa-api-facts A7): a signed unitChange from a date-only
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

export async function listServices(ctx: AutotaskContext): Promise<PsaService[]> {
  const [periods, rows] = await Promise.all([ctx.meta.labels("Services", "periodType"), ctx.client.query("Services", { filter: [everything()] }, serviceSchema)]);
  return rows.map((s) => mapService(s, periods));
}

export async function listContractServices(ctx: AutotaskContext, contractIds: string[], asOf?: string): Promise<PsaContractService[]> {
  const ids = contractIds.map((id) => toAutotaskId(id, "contractId"));
  if (ids.length === 0) return [];
  const day = assertDateOnly(asOf ?? todayUtc(ctx.now()), "asOf");
  const { start, next } = dayBounds(day);
  const services = await queryByIds(ctx, "ContractServices", "contractID", ids, contractServiceSchema);
  const units = await queryByIds(ctx, "ContractServiceUnits", "contractID", ids, contractServiceUnitSchema, [
    { op: "lt", field: "startDate", value: next },
    { op: "gte", field: "endDate", value: start },
  ]);
  const today = unitsOn(units, day);
  return services.map((cs) => mapContractService(cs, today));
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
