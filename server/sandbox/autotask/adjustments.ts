import type { Parent } from "./crud";
import { parseDateTime } from "./filter";
import { labelOf } from "./picklists";
import { ruleError } from "./responses";
import type { WriteContext } from "./rules";
import type { Row, Tenant } from "./state";
import { asObject, checkRecord, isoUtc, normaliseBody } from "./write";

/**
 * ContractServiceAdjustments (create-only, psa-api-facts A3/A7): a signed `unitChange` from a
 * date-only `effectiveDate` on a Recurring Service contract. Creates the ContractService when the
 * contract does not have the service yet, and splits the ContractServiceUnits row that covers the
 * effective date: the old row ends the day before, a new row runs from the date to the period end;
 * later periods change by the same amount.
 */
const DAY = 86_400_000;

export function monthsPerPeriod(label: string | undefined): number {
  return label === "Quarterly" ? 3 : label === "Semi-Annual" ? 6 : label === "Yearly" ? 12 : 1;
}

/** Billing periods [start, end] (midnight UTC ms, end inclusive) of a contract term. */
export function contractPeriods(startMs: number, endMs: number, months: number): [number, number][] {
  const periods: [number, number][] = [];
  const start = new Date(startMs);
  for (let k = 0; ; k++) {
    const ps = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + k * months, start.getUTCDate());
    if (ps > endMs) break;
    const next = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + (k + 1) * months, start.getUTCDate());
    periods.push([ps, Math.min(next - DAY, endMs)]);
  }
  return periods;
}

function rawField(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

function dateOnly(raw: unknown): number {
  if (typeof raw !== "string") throw ruleError("ContractServiceAdjustment: 'effectiveDate' is required.");
  const m = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?Z?)?$/.exec(raw);
  if (!m) throw ruleError("ContractServiceAdjustment: 'effectiveDate' must be a date without a time of day (yyyy-mm-dd).");
  const ms = parseDateTime(m[1]!);
  if (ms === null) throw ruleError("ContractServiceAdjustment: 'effectiveDate' is not a valid date.");
  return ms;
}

export function createAdjustment(ctx: WriteContext, body: unknown, parent?: Parent): { itemId: number } {
  const raw = asObject(body);
  const effective = dateOnly(rawField(raw, "effectiveDate"));
  const { values } = normaliseBody("ContractServiceAdjustments", raw);
  if (parent) {
    if (values.contractID !== undefined && values.contractID !== null && values.contractID !== parent.id) {
      throw ruleError("ContractServiceAdjustment: contractID does not match the contract in the URL.");
    }
    values.contractID = parent.id;
  }
  delete values.id;
  checkRecord(ctx.tenant, "ContractServiceAdjustments", values, new Set(Object.keys(values)));
  const { tenant } = ctx;
  const change = Number(values.unitChange);
  if (change === 0 && (values.adjustedUnitPrice === null || values.adjustedUnitPrice === undefined)) {
    throw ruleError("ContractServiceAdjustment: 'unitChange' must not be 0 unless the unit price is adjusted.");
  }
  const contract = tenant.tables.Contracts.get(Number(values.contractID))!;
  if (labelOf(tenant, "Contracts", "contractType", contract.contractType) !== "Recurring Service") {
    throw ruleError(`ContractServiceAdjustment: contract ${contract.id} is not a Recurring Service contract; only Recurring Service contracts take service adjustments.`);
  }
  if (labelOf(tenant, "Contracts", "status", contract.status) !== "Active") {
    throw ruleError(`ContractServiceAdjustment: contract ${contract.id} is not active.`);
  }
  const start = parseDateTime(contract.startDate)!;
  const end = parseDateTime(contract.endDate)!;
  if (effective < start || effective > end) {
    throw ruleError(`ContractServiceAdjustment: effectiveDate ${isoUtc(effective).slice(0, 10)} is outside the contract's dates (${isoUtc(start).slice(0, 10)} to ${isoUtc(end).slice(0, 10)}).`);
  }
  const cs = resolveContractService(ctx, contract, values);
  applyUnits(tenant, contract, cs, effective, change, values.adjustedUnitPrice as number | null | undefined);
  const row = tenant.tables.ContractServiceAdjustments.insert({
    ...values,
    contractServiceID: cs.id,
    serviceID: cs.serviceID,
    effectiveDate: isoUtc(effective),
    // Not an API field (never serialised): when it was posted, for the Sandbox page.
    _createdAt: isoUtc(ctx.now),
  });
  return { itemId: row.id };
}

function resolveContractService(ctx: WriteContext, contract: Row, values: Record<string, unknown>): Row {
  const { tenant } = ctx;
  if (values.contractServiceID !== null && values.contractServiceID !== undefined) {
    const cs = tenant.tables.ContractServices.get(Number(values.contractServiceID))!;
    if (cs.contractID !== contract.id) throw ruleError(`ContractServiceAdjustment: contract service ${cs.id} is not on contract ${contract.id}.`);
    if (values.serviceID !== null && values.serviceID !== undefined && values.serviceID !== cs.serviceID) {
      throw ruleError(`ContractServiceAdjustment: contract service ${cs.id} is not for service ${String(values.serviceID)}.`);
    }
    return cs;
  }
  if (values.serviceID === null || values.serviceID === undefined) {
    throw ruleError("ContractServiceAdjustment: either 'serviceID' or 'contractServiceID' is required.");
  }
  const existing = tenant.tables.ContractServices.rows.find((cs) => cs.contractID === contract.id && cs.serviceID === values.serviceID);
  if (existing) return existing;
  const service = tenant.tables.Services.get(Number(values.serviceID))!;
  return tenant.tables.ContractServices.insert({
    contractID: contract.id,
    serviceID: service.id,
    unitPrice: values.adjustedUnitPrice ?? service.unitPrice ?? 0,
    unitCost: values.adjustedUnitCost ?? service.unitCost ?? 0,
    invoiceDescription: service.invoiceDescription ?? service.name,
    internalDescription: null,
  });
}

function applyUnits(tenant: Tenant, contract: Row, cs: Row, effective: number, change: number, price: number | null | undefined): void {
  const units = tenant.tables.ContractServiceUnits;
  const rows = units.rows.filter((u) => u.contractServiceID === cs.id).sort((a, b) => parseDateTime(a.startDate)! - parseDateTime(b.startDate)!);
  const affected = rows.filter((u) => parseDateTime(u.endDate)! >= effective);
  const before = rows.filter((u) => parseDateTime(u.endDate)! < effective).at(-1);
  const base = Number(before?.units ?? 0);
  if (affected.some((u) => Number(u.units) + change < 0) || (affected.length === 0 && base + change < 0)) {
    throw ruleError("ContractServiceAdjustment: the change would leave fewer than 0 units.");
  }
  const unitRow = (from: number, to: number, count: number, template?: Row) =>
    units.insert({
      contractID: contract.id,
      contractServiceID: cs.id,
      serviceID: cs.serviceID,
      startDate: isoUtc(from),
      endDate: isoUtc(to),
      units: count,
      price: price ?? template?.price ?? cs.unitPrice ?? 0,
      cost: template?.cost ?? cs.unitCost ?? 0,
      approveAndPostDate: null,
      vendorCompanyID: null,
      internalCurrencyPrice: price ?? template?.price ?? cs.unitPrice ?? 0,
      organizationalLevelAssociationID: null,
    });
  if (affected.length === 0) {
    const months = monthsPerPeriod(labelOf(tenant, "Contracts", "contractPeriodType", contract.contractPeriodType));
    const periods = contractPeriods(parseDateTime(contract.startDate)!, parseDateTime(contract.endDate)!, months);
    for (const [ps, pe] of periods) if (pe >= effective) unitRow(Math.max(ps, effective), pe, base + change);
    return;
  }
  for (const row of affected) {
    const rowStart = parseDateTime(row.startDate)!;
    if (rowStart >= effective) {
      row.units = Number(row.units) + change;
      if (price !== null && price !== undefined) row.price = price;
      continue;
    }
    const rowEnd = parseDateTime(row.endDate)!;
    row.endDate = isoUtc(effective - DAY);
    unitRow(effective, rowEnd, Number(row.units) + change, row);
  }
}
