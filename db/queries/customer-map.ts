import { and, asc, count, eq, ilike, inArray, isNull, or, type SQL } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { customerMappings, customers } from "~/db/schema";

import { likePattern } from "./customers";

/**
 * The Customer Map: vendor customers and the PSA company / contract / contract service each is
 * mapped to. Always scoped by partner (first in WHERE). PSA names are a display cache.
 */
export type CustomerMapping = typeof customerMappings.$inferSelect;
export type MappingValues = {
  psaCompanyId: string;
  psaCompanyName: string;
  psaContractId: string | null;
  psaContractName: string | null;
  psaContractServiceId: string | null;
  psaContractServiceName: string | null;
  source: CustomerMapping["source"];
};

const rowFields = {
  id: customers.id,
  vendorCustomerId: customers.vendorCustomerId,
  name: customers.name,
  domain: customers.domain,
  psaCompanyId: customerMappings.psaCompanyId,
  psaCompanyName: customerMappings.psaCompanyName,
  psaContractId: customerMappings.psaContractId,
  psaContractName: customerMappings.psaContractName,
  psaContractServiceId: customerMappings.psaContractServiceId,
  psaContractServiceName: customerMappings.psaContractServiceName,
  source: customerMappings.source,
  mappedAt: customerMappings.mappedAt,
};

const joinOn = and(eq(customerMappings.partnerId, customers.partnerId), eq(customerMappings.customerId, customers.id));

/** A page (1-based) of customers ordered by name, with their mapping (null fields when unmapped). */
export async function listCustomerMap(
  db: DbOrTx,
  input: { partnerId: string; onlyUnmapped?: boolean; onlyProblems?: boolean; search?: string; page: number; pageSize: number },
) {
  const term = input.search?.trim();
  const where: (SQL | undefined)[] = [
    eq(customers.partnerId, input.partnerId),
    input.onlyUnmapped ? isNull(customerMappings.id) : undefined,
    // A row with a problem: not mapped (no tickets, no billing), or mapped without a contract (billing skips it).
    input.onlyProblems ? or(isNull(customerMappings.id), isNull(customerMappings.psaContractId)) : undefined,
    term
      ? or(
          ilike(customers.name, likePattern(term)),
          ilike(customers.vendorCustomerId, likePattern(term)),
          ilike(customers.domain, likePattern(term)),
          ilike(customerMappings.psaCompanyName, likePattern(term)),
        )
      : undefined,
  ];
  const [totals] = await db.select({ n: count() }).from(customers).leftJoin(customerMappings, joinOn).where(and(...where));
  const items = await db
    .select(rowFields)
    .from(customers)
    .leftJoin(customerMappings, joinOn)
    .where(and(...where))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return { items, total: totals?.n ?? 0 };
}

export type CustomerMapRow = Awaited<ReturnType<typeof listCustomerMap>>["items"][number];

/** One customer of the partner with its mapping, or null when the partner has no such customer. */
export async function getCustomerMapRow(db: DbOrTx, input: { partnerId: string; customerId: string }): Promise<CustomerMapRow | null> {
  const [row] = await db
    .select(rowFields)
    .from(customers)
    .leftJoin(customerMappings, joinOn)
    .where(and(eq(customers.partnerId, input.partnerId), eq(customers.id, input.customerId)));
  return row ?? null;
}

/** The mapping of one customer (the ticket lifecycle reads the company from here), or null. */
export async function getCustomerMapping(db: DbOrTx, input: { partnerId: string; customerId: string }): Promise<CustomerMapping | null> {
  const [row] = await db
    .select()
    .from(customerMappings)
    .where(and(eq(customerMappings.partnerId, input.partnerId), eq(customerMappings.customerId, input.customerId)));
  return row ?? null;
}

/** Customers of the partner with no mapping (optionally only the given ids), by name. */
export async function listUnmappedCustomers(db: DbOrTx, input: { partnerId: string; customerIds?: string[]; limit: number }) {
  return db
    .select({ id: customers.id, name: customers.name, domain: customers.domain })
    .from(customers)
    .leftJoin(customerMappings, joinOn)
    .where(and(eq(customers.partnerId, input.partnerId), isNull(customerMappings.id), input.customerIds ? inArray(customers.id, input.customerIds) : undefined))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.limit);
}

/** Creates or replaces the mapping of a customer. */
export async function upsertCustomerMapping(db: DbOrTx, input: { partnerId: string; customerId: string; userId: string | null } & MappingValues) {
  const { partnerId, customerId, userId, ...values } = input;
  const set = { ...values, mappedByUserId: userId, mappedAt: new Date() };
  const [row] = await db
    .insert(customerMappings)
    .values({ partnerId, customerId, ...set })
    .onConflictDoUpdate({ target: [customerMappings.partnerId, customerMappings.customerId], set })
    .returning();
  return row!;
}

/** Inserts a mapping only when the customer has none (import: retries never overwrite). */
export async function insertMappingIfAbsent(db: DbOrTx, input: { partnerId: string; customerId: string; userId: string | null } & MappingValues) {
  const { partnerId, customerId, userId, ...values } = input;
  const rows = await db
    .insert(customerMappings)
    .values({ partnerId, customerId, ...values, mappedByUserId: userId })
    .onConflictDoNothing({ target: [customerMappings.partnerId, customerMappings.customerId] })
    .returning({ id: customerMappings.id });
  return rows.length > 0;
}

export async function deleteCustomerMapping(db: DbOrTx, input: { partnerId: string; customerId: string }) {
  const rows = await db
    .delete(customerMappings)
    .where(and(eq(customerMappings.partnerId, input.partnerId), eq(customerMappings.customerId, input.customerId)))
    .returning();
  return rows[0] ?? null;
}

/** PSA company ids mapped to at least one of the partner's customers. */
export async function mappedCompanyIds(db: DbOrTx, input: { partnerId: string }): Promise<Set<string>> {
  const rows = await db.selectDistinct({ id: customerMappings.psaCompanyId }).from(customerMappings).where(eq(customerMappings.partnerId, input.partnerId));
  return new Set(rows.map((r) => r.id));
}

/** The partner's mapped PSA company ids, each with the (first by name) customer mapped to it. */
export async function mappedCompanies(db: DbOrTx, input: { partnerId: string; companyIds?: string[] }): Promise<Map<string, { customerId: string; customerName: string; vendorCustomerId: string }>> {
  if (input.companyIds && input.companyIds.length === 0) return new Map();
  const rows = await db
    .select({ companyId: customerMappings.psaCompanyId, customerId: customers.id, customerName: customers.name, vendorCustomerId: customers.vendorCustomerId })
    .from(customerMappings)
    .innerJoin(customers, and(eq(customers.partnerId, customerMappings.partnerId), eq(customers.id, customerMappings.customerId)))
    .where(and(eq(customerMappings.partnerId, input.partnerId), input.companyIds ? inArray(customerMappings.psaCompanyId, input.companyIds) : undefined))
    .orderBy(asc(customers.name), asc(customers.id));
  const map = new Map<string, { customerId: string; customerName: string; vendorCustomerId: string }>();
  for (const r of rows) if (!map.has(r.companyId)) map.set(r.companyId, { customerId: r.customerId, customerName: r.customerName, vendorCustomerId: r.vendorCustomerId });
  return map;
}

/** Customers of the partner by vendor customer id (import checks which already exist). */
export async function customersByVendorIds(db: DbOrTx, input: { partnerId: string; vendorCustomerIds: string[] }) {
  if (input.vendorCustomerIds.length === 0) return [];
  return db
    .select({ id: customers.id, vendorCustomerId: customers.vendorCustomerId, name: customers.name, mappedCompanyId: customerMappings.psaCompanyId })
    .from(customers)
    .leftJoin(customerMappings, joinOn)
    .where(and(eq(customers.partnerId, input.partnerId), inArray(customers.vendorCustomerId, input.vendorCustomerIds)));
}

/** Creates the vendor-side customer unless one with that vendor id exists; returns the row either way. */
export async function ensureCustomer(db: DbOrTx, input: { partnerId: string; vendorCustomerId: string; name: string; domain: string | null }) {
  const [created] = await db.insert(customers).values(input).onConflictDoNothing({ target: [customers.partnerId, customers.vendorCustomerId] }).returning();
  if (created) return { customer: created, created: true };
  const [existing] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.partnerId, input.partnerId), eq(customers.vendorCustomerId, input.vendorCustomerId)));
  return { customer: existing!, created: false };
}
