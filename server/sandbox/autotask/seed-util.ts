import type { Row, Tenant } from "./state";
import { isoUtc } from "./write";

/** Small helpers shared by the sandbox seeds. */
const DAY = 86_400_000;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function todayUtcMs(now = Date.now()): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function insertUnits(
  units: Tenant["tables"]["ContractServiceUnits"],
  contractId: number,
  cs: Row,
  from: number,
  to: number,
  count: number,
  posted: boolean,
): void {
  units.insert({
    contractID: contractId,
    contractServiceID: cs.id,
    serviceID: cs.serviceID,
    startDate: isoUtc(from),
    endDate: isoUtc(to),
    units: count,
    price: cs.unitPrice,
    cost: cs.unitCost,
    internalCurrencyPrice: cs.unitPrice,
    approveAndPostDate: posted ? isoUtc(to + DAY) : null,
    vendorCompanyID: null,
    organizationalLevelAssociationID: null,
  });
}
