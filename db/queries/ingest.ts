import { and, eq, inArray, type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { accounts, billableItems, customers, usage } from "~/db/schema";

/** Queries of the vendor ingest API. Every query of partner data is scoped by partner (first in WHERE). */

type Severity = "ok" | "warning" | "error";

/**
 * Lists of keys travel as one JSON parameter: the statement text stays the same whatever the
 * batch size, so postgres.js prepares it once, and 1,000 keys cost one bind instead of 1,000.
 */
const jsonList = (values: string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/** Rows of a raw statement, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function findCustomersByVendorIds(
  db: DbOrTx,
  { partnerId, vendorCustomerIds }: { partnerId: string; vendorCustomerIds: string[] },
) {
  if (vendorCustomerIds.length === 0) return [];
  return db
    .select({ id: customers.id, vendorCustomerId: customers.vendorCustomerId })
    .from(customers)
    .where(and(eq(customers.partnerId, partnerId), inArray(customers.vendorCustomerId, jsonList(vendorCustomerIds))));
}

export async function findAccountsByNumbers(
  db: DbOrTx,
  { partnerId, accountNumbers }: { partnerId: string; accountNumbers: string[] },
) {
  if (accountNumbers.length === 0) return [];
  return db
    .select({ id: accounts.id, customerId: accounts.customerId, accountNumber: accounts.accountNumber })
    .from(accounts)
    .where(and(eq(accounts.partnerId, partnerId), inArray(accounts.accountNumber, jsonList(accountNumbers))));
}

/** `(xmax = 0)` is true for a row the statement inserted, false for one it updated. */
const wasInserted = sql<boolean>`(xmax = 0)`;

/**
 * Inserts or updates customers by (partner, vendor id). With `keepDomain` the stored domain is
 * left as it is for existing rows. Rows whose values do not change are not written (and not returned).
 */
export async function upsertCustomers(
  db: DbOrTx,
  {
    partnerId,
    rows,
    keepDomain,
  }: { partnerId: string; rows: { vendorCustomerId: string; name: string; domain: string | null }[]; keepDomain: boolean },
) {
  if (rows.length === 0) return [];
  const changed = keepDomain
    ? sql`${customers.name} is distinct from excluded.name`
    : sql`(${customers.name}, ${customers.domain}) is distinct from (excluded.name, excluded.domain)`;
  return db
    .insert(customers)
    .values(rows.map((r) => ({ partnerId, ...r })))
    .onConflictDoUpdate({
      target: [customers.partnerId, customers.vendorCustomerId],
      set: keepDomain
        ? { name: sql`excluded.name`, updatedAt: sql`now()` }
        : { name: sql`excluded.name`, domain: sql`excluded.domain`, updatedAt: sql`now()` },
      setWhere: changed,
    })
    .returning({ inserted: wasInserted });
}

/** Inserts or updates accounts by (partner, account number); an account may move to another customer. */
export async function upsertAccounts(
  db: DbOrTx,
  {
    partnerId,
    rows,
    keepName,
  }: {
    partnerId: string;
    rows: { accountNumber: string; customerId: string; kind: "server" | "workstation" | "mailbox_set" | "appliance"; name: string | null }[];
    keepName: boolean;
  },
) {
  if (rows.length === 0) return [];
  const changed = keepName
    ? sql`(${accounts.customerId}, ${accounts.kind}) is distinct from (excluded.customer_id, excluded.kind)`
    : sql`(${accounts.customerId}, ${accounts.kind}, ${accounts.name}) is distinct from (excluded.customer_id, excluded.kind, excluded.name)`;
  return db
    .insert(accounts)
    .values(rows.map((r) => ({ partnerId, ...r })))
    .onConflictDoUpdate({
      target: [accounts.partnerId, accounts.accountNumber],
      set: keepName
        ? { customerId: sql`excluded.customer_id`, kind: sql`excluded.kind`, updatedAt: sql`now()` }
        : { customerId: sql`excluded.customer_id`, kind: sql`excluded.kind`, name: sql`excluded.name`, updatedAt: sql`now()` },
      setWhere: changed,
    })
    .returning({ inserted: wasInserted });
}

export type NewEventRow = {
  vendorEventId: string;
  customerId: string;
  accountId: string;
  type: string;
  severity: Severity;
  occurredAt: Date;
  message: string | null;
  details: Record<string, unknown>;
};

/**
 * Stores a batch of events in ONE statement (so it is atomic without a transaction round trip):
 *
 * 1. a multi-row INSERT ... ON CONFLICT (partner, vendor event id) DO NOTHING RETURNING — ids seen
 *    before are skipped; the rows travel as one JSON parameter expanded by jsonb_to_recordset,
 *    about ten times faster than binding ~5,000 parameters for 500 rows, and prepared once;
 * 2. the denormalised "last event" of the inserted events' accounts and customers, set-based, only
 *    where the new event is newer than the stored one. The time kept is least(occurred_at, now()):
 *    an event stamped ahead of the server's clock (the API allows a few minutes of sender clock
 *    skew) counts as happening when it was received, so it cannot hold the "last event" above
 *    events that really come later. A stored time more than an hour ahead can only come from
 *    before that rule (or a clock that was wrong), and is replaced by the next event.
 *
 * The accounts, then the customers, are locked in id order before they are updated (the count
 * over acc_locked forces all account locks first), so concurrent batches touching the same rows
 * queue instead of deadlocking. `id = any(array(...))` keeps those lookups on the primary key
 * whatever the statistics say. Returns the rows actually inserted.
 */
export async function storeEvents(
  db: DbOrTx,
  { partnerId, rows }: { partnerId: string; rows: NewEventRow[] },
): Promise<{ id: number; vendorEventId: string }[]> {
  if (rows.length === 0) return [];
  const payload = JSON.stringify(
    rows.map((r) => ({
      v: r.vendorEventId,
      c: r.customerId,
      a: r.accountId,
      t: r.type,
      s: r.severity,
      o: r.occurredAt.toISOString(),
      m: r.message,
      d: r.details,
    })),
  );
  const inserted = await rowsOf<{ id: string | number; vendor_event_id: string }>(
    db,
    sql`
      with ins as (
        insert into events (partner_id, vendor_event_id, customer_id, account_id, type, severity, occurred_at, message, details)
        select ${partnerId}::uuid, x.v, x.c, x.a, x.t, x.s, x.o, x.m, coalesce(x.d, '{}'::jsonb)
        from jsonb_to_recordset(${payload}::jsonb)
          as x(v text, c uuid, a uuid, t text, s severity, o timestamptz, m text, d jsonb)
        on conflict (partner_id, vendor_event_id) do nothing
        returning id, vendor_event_id, account_id, customer_id, occurred_at, severity, type
      ), acc_new as (
        select distinct on (account_id) account_id as id, least(occurred_at, now()) as at, severity, type
        from ins order by account_id, occurred_at desc, id desc
      ), acc_locked as materialized (
        select t.id from accounts t
        where t.partner_id = ${partnerId}::uuid and t.id = any(array(select id from acc_new))
        order by t.id for no key update
      ), acc_upd as (
        update accounts t
        set last_event_at = n.at, last_event_severity = n.severity, last_event_type = n.type
        from acc_new n, acc_locked l
        where t.partner_id = ${partnerId}::uuid and t.id = l.id and t.id = n.id
          and (t.last_event_at is null or t.last_event_at < n.at or t.last_event_at > now() + interval '1 hour')
        returning t.id
      ), cus_new as (
        select distinct on (customer_id) customer_id as id, least(occurred_at, now()) as at, severity, type
        from ins order by customer_id, occurred_at desc, id desc
      ), cus_locked as materialized (
        select t.id from customers t
        where t.partner_id = ${partnerId}::uuid and t.id = any(array(select id from cus_new))
          and (select count(*) from acc_locked) >= 0
        order by t.id for no key update
      ), cus_upd as (
        update customers t
        set last_event_at = n.at, last_event_severity = n.severity, last_event_type = n.type
        from cus_new n, cus_locked l
        where t.partner_id = ${partnerId}::uuid and t.id = l.id and t.id = n.id
          and (t.last_event_at is null or t.last_event_at < n.at or t.last_event_at > now() + interval '1 hour')
        returning t.id
      )
      select id::text as id, vendor_event_id from ins`,
  );
  return inserted.map((r) => ({ id: Number(r.id), vendorEventId: r.vendor_event_id }));
}

export async function listBillableItemCodes(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ code: billableItems.code }).from(billableItems).orderBy(billableItems.code);
  return rows.map((r) => r.code);
}

/** Replaces the quantity of each (partner, customer, account, item, period) row, inserting it if new. */
export async function upsertUsage(
  db: DbOrTx,
  {
    partnerId,
    rows,
  }: { partnerId: string; rows: { customerId: string; accountId: string | null; itemCode: string; quantity: number; period: string }[] },
) {
  if (rows.length === 0) return [];
  return db
    .insert(usage)
    .values(rows.map((r) => ({ partnerId, ...r })))
    .onConflictDoUpdate({
      target: [usage.partnerId, usage.customerId, usage.accountId, usage.itemCode, usage.period],
      set: { quantity: sql`excluded.quantity`, updatedAt: sql`now()` },
    })
    .returning({ inserted: wasInserted });
}
