import type { DbOrTx } from "~/db";
import { customersByVendorIds, ensureCustomer, getCustomerMapping, insertMappingIfAbsent, mappedCompanies, mappedCompanyIds } from "~/db/queries/customer-map";
import { AppError } from "~/server/errors/app-error";
import type { PsaCompany, PsaProvider } from "~/server/psa/types";

import { diffMapping, type MappingChange } from "./changes";
import { normalizeDomain } from "./match";
import { psaCall, requireConnector, verifyCompany } from "./psa";

/**
 * Import from the PSA: a company becomes a vendor-side customer (vendor id `psa-<provider>-<id>`)
 * mapped to it. Every step is idempotent by that vendor id, so a retry after a failure or a second
 * tab never creates a duplicate: an existing customer is reused and an existing mapping is kept.
 */
type Ctx = { partnerId: string; userId: string | null };

export const importedVendorCustomerId = (provider: PsaProvider, companyId: string) => `psa-${provider}-${companyId}`;

/** Company types that are never the partner's customers (ConnectWise lists every type). */
const NOT_CUSTOMER_TYPES = new Set(["owner", "vendor", "competitor", "partner"]);
const importable = (c: PsaCompany) => c.isActive && !NOT_CUSTOMER_TYPES.has((c.typeLabel ?? "").trim().toLowerCase());

async function importOne(db: DbOrTx, ctx: Ctx, provider: PsaProvider, company: PsaCompany) {
  const { customer, created } = await ensureCustomer(db, {
    partnerId: ctx.partnerId,
    vendorCustomerId: importedVendorCustomerId(provider, company.id),
    name: company.name,
    domain: normalizeDomain(company.webAddress),
  });
  const values = {
    psaCompanyId: company.id,
    psaCompanyName: company.name,
    psaContractId: null,
    psaContractName: null,
    psaContractServiceId: null,
    psaContractServiceName: null,
    source: "imported" as const,
  };
  const mapped = await insertMappingIfAbsent(db, { partnerId: ctx.partnerId, customerId: customer.id, userId: ctx.userId, ...values });
  const changes: MappingChange[] = mapped ? diffMapping(customer, null, values) : [];
  return { customer: { id: customer.id, vendorCustomerId: customer.vendorCustomerId, name: customer.name, domain: customer.domain }, created, mapped, changes };
}

/**
 * Imports one company (picked or typed; checked against the PSA like a mapping). A company a
 * customer is already mapped to is refused: importing it would create a duplicate customer. (Its
 * own imported customer counts as done: importing twice reports "already imported".)
 */
export async function importCompany(db: DbOrTx, ctx: Ctx, input: { companyId: string }) {
  const connector = await requireConnector(db, ctx.partnerId);
  const company = await verifyCompany(connector, input.companyId);
  const owner = (await mappedCompanies(db, { partnerId: ctx.partnerId, companyIds: [company.id] })).get(company.id);
  if (owner && owner.vendorCustomerId !== importedVendorCustomerId(connector.provider, company.id)) {
    throw new AppError(
      "CONFLICT",
      `${company.name} is already mapped to customer ${owner.customerName} (${owner.vendorCustomerId}): importing it would create a duplicate customer. Open that customer's row on the Customer Map instead.`,
      { field: "companyId" },
    );
  }
  const result = await importOne(db, ctx, connector.provider, company);
  if (!result.mapped) {
    const existing = await getCustomerMapping(db, { partnerId: ctx.partnerId, customerId: result.customer.id });
    if (existing && existing.psaCompanyId !== company.id) {
      throw new AppError("CONFLICT", `Customer ${result.customer.vendorCustomerId} exists and is mapped to ${existing.psaCompanyName}; unmap it first.`, {
        field: "companyId",
      });
    }
  }
  return result;
}

/**
 * One chunk of "import all unmapped PSA companies". The page calls it until `remaining` is 0 and
 * shows the progress. Unmapped = active companies no customer is mapped to; a company whose
 * `psa-…` customer exists but is mapped elsewhere is counted as `blocked` and left alone.
 */
export async function importUnmappedBatch(db: DbOrTx, ctx: Ctx, input: { batchSize: number }) {
  const connector = await requireConnector(db, ctx.partnerId);
  const companies = (await psaCall(() => connector.listCompanies())).filter(importable);
  const mapped = await mappedCompanyIds(db, { partnerId: ctx.partnerId });
  const unmapped = companies.filter((c) => !mapped.has(c.id)).sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  const existing = await customersByVendorIds(db, {
    partnerId: ctx.partnerId,
    vendorCustomerIds: unmapped.map((c) => importedVendorCustomerId(connector.provider, c.id)),
  });
  const blockedIds = new Set(existing.filter((e) => e.mappedCompanyId).map((e) => e.vendorCustomerId));
  const pending = unmapped.filter((c) => !blockedIds.has(importedVendorCustomerId(connector.provider, c.id)));
  const batch = pending.slice(0, input.batchSize);
  let created = 0;
  let mappedNow = 0;
  const imported: { customerId: string; name: string; companyId: string }[] = [];
  for (const company of batch) {
    const result = await importOne(db, ctx, connector.provider, company);
    if (result.created) created++;
    if (result.mapped) mappedNow++;
    imported.push({ customerId: result.customer.id, name: result.customer.name, companyId: company.id });
  }
  return { processed: batch.length, created, mapped: mappedNow, remaining: pending.length - batch.length, blocked: blockedIds.size, imported };
}
