import type { DbOrTx } from "~/db";
import {
  deleteCustomerMapping,
  getCustomerMapping,
  getCustomerMapRow,
  insertMappingIfAbsent,
  listCustomerMap,
  listUnmappedCustomers,
  mappedCompanies,
  upsertCustomerMapping,
} from "~/db/queries/customer-map";
import { AppError } from "~/server/errors/app-error";
import { getConnectionView } from "~/server/services/psa-connections/service";

import type { PsaContract } from "~/server/psa/types";

import { diffMapping, type MappingChange } from "./changes";
import { contractPickNote, pickContract } from "./contract-pick";
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

export function listCustomerMapPage(db: DbOrTx, partnerId: string, input: { onlyUnmapped: boolean; onlyProblems?: boolean; search?: string; page: number; pageSize: number }) {
  return listCustomerMap(db, { partnerId, ...input });
}

async function mustGetCustomer(db: DbOrTx, partnerId: string, customerId: string) {
  const row = await getCustomerMapRow(db, { partnerId, customerId });
  if (!row) throw new AppError("NOT_FOUND", "This customer does not exist.", { field: "customerId" });
  return row;
}

export const getCustomerMapEntry = (db: DbOrTx, partnerId: string, customerId: string) => mustGetCustomer(db, partnerId, customerId);

/**
 * Companies for the pickers. With `excludeMapped` (Import one company) the companies a customer is
 * already mapped to are left out — importing one would create a second customer for the same
 * company — and counted, and a typed id of one says which customer has it.
 */
export async function searchCompanies(db: DbOrTx, partnerId: string, input: { search?: string; limit: number; excludeMapped?: boolean }) {
  const connector = await requireConnector(db, partnerId);
  if (!input.excludeMapped) return { ...(await searchPsaCompanies(connector, input)), hiddenMapped: 0 };
  const mapped = await mappedCompanies(db, { partnerId });
  // Ask for more than shown, so hiding the mapped ones still fills the list.
  const found = await searchPsaCompanies(connector, { search: input.search, limit: Math.min(100, input.limit + mapped.size) });
  const companies = found.companies.filter((c) => !mapped.has(c.id));
  const typed = input.search?.trim() ?? "";
  const typedMapped = /^\d+$/.test(typed) ? mapped.get(typed) : undefined;
  return {
    companies: companies.slice(0, input.limit),
    idMessage: typedMapped ? `Company ${typed} is already mapped to customer ${typedMapped.customerName}: it cannot be imported again.` : found.idMessage,
    hiddenMapped: found.companies.length - companies.length,
  };
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
 * (Autotask: type Customer), and the contracts of all of them are read in one more, so the
 * company's single active recurring contract / agreement is filled in too (several or none: left
 * empty and reported, since billing skips a customer without one). Customers mapped meanwhile are
 * left alone and reported.
 */
export async function acceptSuggestions(db: DbOrTx, ctx: Ctx, input: { items: { customerId: string; companyId: string }[] }) {
  const items = [...new Map(input.items.map((i) => [i.customerId, i])).values()];
  const rows = await Promise.all(items.map((i) => mustGetCustomer(db, ctx.partnerId, i.customerId)));
  const connector = await requireConnector(db, ctx.partnerId);
  const noun = connector.provider === "autotask" ? "contract" : "agreement";
  const companyIds = [...new Set(items.map((i) => i.companyId))];
  const companies = new Map((await psaCall(() => connector.searchCompanies({ ids: companyIds, limit: companyIds.length }))).map((c) => [c.id, c]));
  const toRead = [...new Set(items.filter((item, i) => !rows[i]!.psaCompanyId && companies.has(item.companyId)).map((i) => i.companyId))];
  let contracts: PsaContract[] | null = [];
  if (toRead.length > 0) contracts = await psaCall(() => connector.listContracts(toRead)).catch(() => null);
  const changes: MappingChange[] = [];
  const skipped: { customerId: string; customerName: string; reason: string }[] = [];
  const missing: { customerId: string; customerName: string; reason: string }[] = [];
  for (const [i, item] of items.entries()) {
    const customer = rows[i]!;
    const company = companies.get(item.companyId);
    if (customer.psaCompanyId) {
      skipped.push({ customerId: customer.id, customerName: customer.name, reason: `Already mapped to ${customer.psaCompanyName}.` });
    } else if (!company) {
      skipped.push({ customerId: customer.id, customerName: customer.name, reason: `Company ${item.companyId} is no longer offered by the PSA.` });
    } else {
      const pick = contracts ? pickContract(contracts, company.id) : null;
      const contract = pick?.kind === "picked" ? pick.contract : null;
      const values = {
        psaCompanyId: company.id,
        psaCompanyName: company.name,
        psaContractId: contract?.id ?? null,
        psaContractName: contract?.name ?? null,
        psaContractServiceId: null,
        psaContractServiceName: null,
        source: "suggested" as const,
      };
      // Never overwrites a mapping made meanwhile (another tab, another admin).
      if (await insertMappingIfAbsent(db, { partnerId: ctx.partnerId, customerId: customer.id, userId: ctx.userId, ...values })) {
        changes.push(...diffMapping(customer, null, values));
        const note = pick ? contractPickNote(pick, noun) : `The ${noun}s could not be read from the PSA: choose the ${noun}, or billing skips this customer.`;
        if (note) missing.push({ customerId: customer.id, customerName: customer.name, reason: note });
      } else {
        skipped.push({ customerId: customer.id, customerName: customer.name, reason: "Mapped meanwhile by someone else." });
      }
    }
  }
  return { mapped: changes.filter((c) => c.field === "Company").length, changes, skipped, missing };
}
