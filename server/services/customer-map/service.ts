import type { DbOrTx } from "~/db";
import {
  deleteCustomerMapping,
  getCustomerMapping,
  getCustomerMapRow,
  insertMappingIfAbsent,
  listCustomerMap,
  listUnmappedCustomers,
  upsertCustomerMapping,
} from "~/db/queries/customer-map";
import { AppError } from "~/server/errors/app-error";
import { getConnectionView } from "~/server/services/psa-connections/service";

import { diffMapping, type MappingChange } from "./changes";
import { createMatcher, type MatchCandidate } from "./match";
import { contractServiceName, psaCall, requireConnector, searchPsaCompanies, verifyCompany, verifyContract, verifyContractService } from "./psa";
import type { MapInput } from "./schemas";

export { getCustomerMapping };
export type { MappingChange };

type Ctx = { partnerId: string; userId: string | null };

/** Most unmapped customers one suggestion run looks at. */
const SUGGESTION_LIMIT = 1000;

export async function customerMapStatus(db: DbOrTx, partnerId: string) {
  const connection = await getConnectionView(db, partnerId);
  return { provider: connection?.provider ?? null };
}

export function listCustomerMapPage(db: DbOrTx, partnerId: string, input: { onlyUnmapped: boolean; search?: string; page: number; pageSize: number }) {
  return listCustomerMap(db, { partnerId, ...input });
}

async function mustGetCustomer(db: DbOrTx, partnerId: string, customerId: string) {
  const row = await getCustomerMapRow(db, { partnerId, customerId });
  if (!row) throw new AppError("NOT_FOUND", "This customer does not exist.", { field: "customerId" });
  return row;
}

export const getCustomerMapEntry = (db: DbOrTx, partnerId: string, customerId: string) => mustGetCustomer(db, partnerId, customerId);

export async function searchCompanies(db: DbOrTx, partnerId: string, input: { search?: string; limit: number }) {
  const connector = await requireConnector(db, partnerId);
  return searchPsaCompanies(connector, input);
}

export async function contractsOfCompany(db: DbOrTx, partnerId: string, companyId: string) {
  const connector = await requireConnector(db, partnerId);
  const contracts = await psaCall(() => connector.listContracts([companyId]));
  return contracts
    .filter((c) => c.companyId === companyId)
    .map((c) => ({ id: c.id, name: c.name, typeLabel: c.typeLabel, status: c.status, kind: c.kind }))
    .sort((a, b) => Number(b.status === "active") - Number(a.status === "active") || a.name.localeCompare(b.name));
}

export async function contractServicesOf(db: DbOrTx, partnerId: string, contractId: string) {
  const connector = await requireConnector(db, partnerId);
  if (connector.provider !== "autotask") return [];
  const services = await psaCall(() => connector.listContractServices([contractId]));
  return services.filter((s) => s.contractId === contractId).map((s) => ({ id: s.id, name: contractServiceName(s), quantity: s.quantity }));
}

/** Maps a customer to a company (and contract, contract service), each id checked against the PSA. */
export async function mapCustomer(db: DbOrTx, ctx: Ctx, input: MapInput) {
  const customer = await mustGetCustomer(db, ctx.partnerId, input.customerId);
  if (input.contractServiceId && !input.contractId) {
    throw new AppError("BAD_REQUEST", "Choose the contract of the contract service.", { field: "contractId" });
  }
  const connector = await requireConnector(db, ctx.partnerId);
  const company = await verifyCompany(connector, input.companyId);
  const contract = input.contractId ? await verifyContract(connector, company.id, input.contractId) : null;
  const service = contract && input.contractServiceId ? await verifyContractService(connector, contract.id, input.contractServiceId) : null;
  const before = await getCustomerMapping(db, { partnerId: ctx.partnerId, customerId: customer.id });
  const mapping = await upsertCustomerMapping(db, {
    partnerId: ctx.partnerId,
    customerId: customer.id,
    userId: ctx.userId,
    psaCompanyId: company.id,
    psaCompanyName: company.name,
    psaContractId: contract?.id ?? null,
    psaContractName: contract?.name ?? null,
    psaContractServiceId: service?.id ?? null,
    psaContractServiceName: service ? contractServiceName(service) : null,
    source: "manual",
  });
  return { mapping, changes: diffMapping(customer, before, mapping) };
}

export async function unmapCustomer(db: DbOrTx, ctx: Ctx, input: { customerId: string }) {
  const customer = await mustGetCustomer(db, ctx.partnerId, input.customerId);
  const removed = await deleteCustomerMapping(db, { partnerId: ctx.partnerId, customerId: customer.id });
  return { removed: Boolean(removed), changes: diffMapping(customer, removed, null) };
}

export type CustomerSuggestion = { customerId: string; customerName: string; candidates: MatchCandidate[] };

/** Candidate PSA companies for unmapped customers (the given ones, or all of them). */
export async function suggestMappings(db: DbOrTx, partnerId: string, input: { customerIds?: string[] }): Promise<{ items: CustomerSuggestion[] }> {
  const unmapped = await listUnmappedCustomers(db, { partnerId, customerIds: input.customerIds, limit: SUGGESTION_LIMIT });
  if (unmapped.length === 0) return { items: [] };
  const connector = await requireConnector(db, partnerId);
  const companies = await psaCall(() => connector.listCompanies());
  const { candidatesFor } = createMatcher(companies.filter((c) => c.isActive));
  const items = unmapped.map((c) => ({ customerId: c.id, customerName: c.name, candidates: candidatesFor(c) })).filter((s) => s.candidates.length > 0);
  return { items };
}

/**
 * Accepts suggestions (one or many): each company is checked against the PSA in one request
 * (Autotask: type Customer). Customers mapped meanwhile are left alone and reported.
 */
export async function acceptSuggestions(db: DbOrTx, ctx: Ctx, input: { items: { customerId: string; companyId: string }[] }) {
  const items = [...new Map(input.items.map((i) => [i.customerId, i])).values()];
  const rows = await Promise.all(items.map((i) => mustGetCustomer(db, ctx.partnerId, i.customerId)));
  const connector = await requireConnector(db, ctx.partnerId);
  const companyIds = [...new Set(items.map((i) => i.companyId))];
  const companies = new Map((await psaCall(() => connector.searchCompanies({ ids: companyIds, limit: companyIds.length }))).map((c) => [c.id, c]));
  const changes: MappingChange[] = [];
  const skipped: { customerId: string; customerName: string; reason: string }[] = [];
  for (const [i, item] of items.entries()) {
    const customer = rows[i]!;
    const company = companies.get(item.companyId);
    if (customer.psaCompanyId) {
      skipped.push({ customerId: customer.id, customerName: customer.name, reason: `Already mapped to ${customer.psaCompanyName}.` });
    } else if (!company) {
      skipped.push({ customerId: customer.id, customerName: customer.name, reason: `Company ${item.companyId} is no longer offered by the PSA.` });
    } else {
      const values = {
        psaCompanyId: company.id,
        psaCompanyName: company.name,
        psaContractId: null,
        psaContractName: null,
        psaContractServiceId: null,
        psaContractServiceName: null,
        source: "suggested" as const,
      };
      // Never overwrites a mapping made meanwhile (another tab, another admin).
      if (await insertMappingIfAbsent(db, { partnerId: ctx.partnerId, customerId: customer.id, userId: ctx.userId, ...values })) {
        changes.push(...diffMapping(customer, null, values));
      } else {
        skipped.push({ customerId: customer.id, customerName: customer.name, reason: "Mapped meanwhile by someone else." });
      }
    }
  }
  return { mapped: changes.filter((c) => c.field === "Company").length, changes, skipped };
}
