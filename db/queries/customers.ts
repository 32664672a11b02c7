import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { accounts, customers } from "~/db/schema";

/**
 * Customers and their accounts, always scoped by partner (first in WHERE). The customer list pages
 * by keyset on (name, id), which is the order of customers_partner_name_idx.
 */
export type AccountKind = (typeof accounts.$inferSelect)["kind"];
export type CustomerCursor = { name: string; id: string };

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(search: string | undefined): SQL | undefined {
  const term = search?.trim();
  if (!term) return undefined;
  const pattern = likePattern(term);
  return or(ilike(customers.name, pattern), ilike(customers.vendorCustomerId, pattern), ilike(customers.domain, pattern));
}

/**
 * A page of customers ordered by name, with their account counts per kind. `direction: "next"`
 * returns the customers after the cursor, `"prev"` the ones just before it.
 */
export async function listCustomers(
  db: DbOrTx,
  input: { partnerId: string; search?: string; cursor?: CustomerCursor | null; direction?: "next" | "prev"; limit: number },
) {
  const { partnerId, cursor, limit } = input;
  const prev = input.direction === "prev";
  const where: (SQL | undefined)[] = [eq(customers.partnerId, partnerId), searchCondition(input.search)];
  if (cursor) {
    where.push(
      prev
        ? sql`(${customers.name}, ${customers.id}) < (${cursor.name}, ${cursor.id}::uuid)`
        : sql`(${customers.name}, ${customers.id}) > (${cursor.name}, ${cursor.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      id: customers.id,
      vendorCustomerId: customers.vendorCustomerId,
      name: customers.name,
      domain: customers.domain,
      lastEventAt: customers.lastEventAt,
      lastEventSeverity: customers.lastEventSeverity,
      lastEventType: customers.lastEventType,
    })
    .from(customers)
    .where(and(...where))
    .orderBy(...(prev ? [desc(customers.name), desc(customers.id)] : [asc(customers.name), asc(customers.id)]))
    .limit(limit + 1);

  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (prev) page.reverse();
  const counts = await countAccountsByKind(db, { partnerId, customerIds: page.map((c) => c.id) });
  const items = page.map((c) => ({ ...c, accountCounts: counts.get(c.id) ?? {} }));
  const first = items[0];
  const last = items[items.length - 1];
  const moreAfter = prev ? Boolean(cursor) : hasMore;
  const moreBefore = prev ? hasMore : Boolean(cursor);
  return {
    items,
    nextCursor: moreAfter && last ? { name: last.name, id: last.id } : null,
    prevCursor: moreBefore && first ? { name: first.name, id: first.id } : null,
  };
}

/** Number of accounts per kind for each of the given customers. */
export async function countAccountsByKind(db: DbOrTx, input: { partnerId: string; customerIds: string[] }) {
  const result = new Map<string, Partial<Record<AccountKind, number>>>();
  if (input.customerIds.length === 0) return result;
  const rows = await db
    .select({ customerId: accounts.customerId, kind: accounts.kind, n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(and(eq(accounts.partnerId, input.partnerId), inArray(accounts.customerId, input.customerIds)))
    .groupBy(accounts.customerId, accounts.kind);
  for (const row of rows) {
    const entry = result.get(row.customerId) ?? {};
    entry[row.kind] = row.n;
    result.set(row.customerId, entry);
  }
  return result;
}

/** One customer of the partner, or null. */
export async function getCustomer(db: DbOrTx, input: { partnerId: string; id: string }) {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.partnerId, input.partnerId), eq(customers.id, input.id)));
  return row ?? null;
}

/** The accounts of one customer, by account number. */
export async function listCustomerAccounts(db: DbOrTx, input: { partnerId: string; customerId: string }) {
  return db
    .select({
      id: accounts.id,
      accountNumber: accounts.accountNumber,
      name: accounts.name,
      kind: accounts.kind,
      lastEventAt: accounts.lastEventAt,
      lastEventSeverity: accounts.lastEventSeverity,
      lastEventType: accounts.lastEventType,
    })
    .from(accounts)
    .where(and(eq(accounts.partnerId, input.partnerId), eq(accounts.customerId, input.customerId)))
    .orderBy(asc(accounts.accountNumber));
}

/** Customers for a picker: by name, optionally narrowed by a search, at most `limit`. */
export async function searchCustomerOptions(db: DbOrTx, input: { partnerId: string; search?: string; limit: number }) {
  return db
    .select({ id: customers.id, name: customers.name, vendorCustomerId: customers.vendorCustomerId })
    .from(customers)
    .where(and(eq(customers.partnerId, input.partnerId), searchCondition(input.search)))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.limit);
}

/** Accounts for a picker: of one customer or of all, optionally narrowed by number or name. */
export async function searchAccountOptions(
  db: DbOrTx,
  input: { partnerId: string; customerId?: string; search?: string; limit: number },
) {
  const term = input.search?.trim();
  const pattern = term ? likePattern(term) : null;
  return db
    .select({ id: accounts.id, accountNumber: accounts.accountNumber, name: accounts.name, customerId: accounts.customerId })
    .from(accounts)
    .where(
      and(
        eq(accounts.partnerId, input.partnerId),
        input.customerId ? eq(accounts.customerId, input.customerId) : undefined,
        pattern ? or(ilike(accounts.accountNumber, pattern), ilike(accounts.name, pattern)) : undefined,
      ),
    )
    .orderBy(asc(accounts.accountNumber))
    .limit(input.limit);
}

/** One account of the partner (for labels such as "filtered by account A-1"), or null. */
export async function getAccount(db: DbOrTx, input: { partnerId: string; id: string }) {
  const [row] = await db
    .select({ id: accounts.id, accountNumber: accounts.accountNumber, name: accounts.name, customerId: accounts.customerId })
    .from(accounts)
    .where(and(eq(accounts.partnerId, input.partnerId), eq(accounts.id, input.id)));
  return row ?? null;
}
