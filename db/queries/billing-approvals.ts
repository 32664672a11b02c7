import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { billableItems, billingChanges, customers, users } from "~/db/schema";

import { likePattern } from "./customers";

/**
 * The Billing page's reads of billing_changes: the changes waiting for approval (filters, pages,
 * ids for "approve all", ownership checks) and a customer's audit trail. Every function takes the
 * partner id and puts it first in WHERE.
 */
export type PendingFilters = { search?: string; itemCode?: string; customerId?: string };
export type AuditCursor = { at: string; id: string };
export type AuditStatus = "applied" | "rejected" | "failed" | "superseded";

export const AUDIT_STATUSES: AuditStatus[] = ["applied", "rejected", "failed", "superseded"];

// --- pending changes (approvals) -------------------------------------------------------------

function pendingConditions(partnerId: string, f: PendingFilters): (SQL | undefined)[] {
  const term = f.search?.trim();
  return [
    eq(billingChanges.partnerId, partnerId),
    eq(billingChanges.status, "pending_approval"),
    f.customerId ? eq(billingChanges.customerId, f.customerId) : undefined,
    f.itemCode ? eq(billingChanges.itemCode, f.itemCode) : undefined,
    term ? or(ilike(customers.name, likePattern(term)), ilike(customers.vendorCustomerId, likePattern(term))) : undefined,
  ];
}

const changeCustomerJoin = and(eq(customers.partnerId, billingChanges.partnerId), eq(customers.id, billingChanges.customerId));

/** A page (1-based) of pending changes by customer name and item, with the total that matches. */
export async function listPendingChanges(db: DbOrTx, input: { partnerId: string; page: number; pageSize: number } & PendingFilters) {
  const where = and(...pendingConditions(input.partnerId, input));
  const [total] = await db.select({ n: count() }).from(billingChanges).innerJoin(customers, changeCustomerJoin).where(where);
  const items = await db
    .select({
      id: billingChanges.id,
      customerId: billingChanges.customerId,
      customerName: customers.name,
      vendorCustomerId: customers.vendorCustomerId,
      itemCode: billingChanges.itemCode,
      itemName: billableItems.name,
      unit: billableItems.unit,
      psaContractId: billingChanges.psaContractId,
      psaContractName: billingChanges.psaContractName,
      psaServiceName: billingChanges.psaServiceName,
      psaContractServiceId: billingChanges.psaContractServiceId,
      currentQuantity: billingChanges.currentQuantity,
      newQuantity: billingChanges.newQuantity,
      unitPrice: billingChanges.unitPrice,
      lessIncluded: billingChanges.lessIncluded,
      effectiveDate: billingChanges.effectiveDate,
      reason: billingChanges.reason,
      createdAt: billingChanges.createdAt,
    })
    .from(billingChanges)
    .innerJoin(customers, changeCustomerJoin)
    .leftJoin(billableItems, eq(billableItems.code, billingChanges.itemCode))
    .where(where)
    .orderBy(asc(customers.name), asc(customers.id), asc(billableItems.name), asc(billingChanges.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function countPendingChanges(db: DbOrTx, input: { partnerId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(billingChanges)
    .where(and(eq(billingChanges.partnerId, input.partnerId), eq(billingChanges.status, "pending_approval")));
  return row?.n ?? 0;
}

/** Ids of the partner's pending changes, oldest first, at most `limit` ("Approve all pending"). */
export async function listPendingChangeIds(db: DbOrTx, input: { partnerId: string; limit: number }) {
  const rows = await db
    .select({ id: billingChanges.id })
    .from(billingChanges)
    .where(and(eq(billingChanges.partnerId, input.partnerId), eq(billingChanges.status, "pending_approval")))
    .orderBy(asc(billingChanges.createdAt), asc(billingChanges.id))
    .limit(input.limit);
  return rows.map((r) => r.id);
}

/** Which of the given change ids are the partner's (any status). */
export async function findOwnChangeIds(db: DbOrTx, input: { partnerId: string; ids: string[] }) {
  if (input.ids.length === 0) return [];
  const rows = await db
    .select({ id: billingChanges.id })
    .from(billingChanges)
    .where(and(eq(billingChanges.partnerId, input.partnerId), inArray(billingChanges.id, input.ids)));
  return rows.map((r) => r.id);
}

// --- audit trail ---------------------------------------------------------------------------------

// occurred time of an audit entry: applied, else decided, else last updated — in UTC with microseconds.
const auditAt = sql`coalesce(${billingChanges.appliedAt}, ${billingChanges.decidedAt}, ${billingChanges.updatedAt})`;
const auditAtText = sql<string>`to_char(${auditAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A customer's audit trail, newest first: applied writes (who or what, before → after, PSA record)
 * and the rejected, failed and superseded proposals with their message. Keyset on (time, id).
 */
export async function listAuditTrail(
  db: DbOrTx,
  input: { partnerId: string; customerId: string; cursor?: AuditCursor | null; limit: number; statuses?: AuditStatus[] },
) {
  const rows = await db
    .select({
      id: billingChanges.id,
      status: billingChanges.status,
      at: auditAtText,
      itemCode: billingChanges.itemCode,
      itemName: billableItems.name,
      unit: billableItems.unit,
      psaContractId: billingChanges.psaContractId,
      psaContractName: billingChanges.psaContractName,
      psaServiceName: billingChanges.psaServiceName,
      currentQuantity: billingChanges.currentQuantity,
      newQuantity: billingChanges.newQuantity,
      unitPrice: billingChanges.unitPrice,
      effectiveDate: billingChanges.effectiveDate,
      appliedBy: billingChanges.appliedBy,
      appliedAt: billingChanges.appliedAt,
      decidedAt: billingChanges.decidedAt,
      decidedByName: users.name,
      psaRecordRef: billingChanges.psaRecordRef,
      invoiceDescription: billingChanges.invoiceDescription,
      reason: billingChanges.reason,
      message: billingChanges.message,
    })
    .from(billingChanges)
    .leftJoin(billableItems, eq(billableItems.code, billingChanges.itemCode))
    .leftJoin(users, and(eq(users.partnerId, billingChanges.partnerId), eq(users.id, billingChanges.decidedByUserId)))
    .where(
      and(
        eq(billingChanges.partnerId, input.partnerId),
        eq(billingChanges.customerId, input.customerId),
        inArray(billingChanges.status, input.statuses ?? AUDIT_STATUSES),
        input.cursor ? sql`(${auditAt}, ${billingChanges.id}) < (${input.cursor.at}::timestamptz, ${input.cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(auditAt), desc(billingChanges.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? { at: last.at, id: last.id } : null };
}

/** Approved changes not yet applied (a run is applying them), optionally of one customer. */
export async function countChangesInFlight(db: DbOrTx, input: { partnerId: string; customerId?: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(billingChanges)
    .where(
      and(
        eq(billingChanges.partnerId, input.partnerId),
        inArray(billingChanges.status, ["approved", "applying"]),
        input.customerId ? eq(billingChanges.customerId, input.customerId) : undefined,
      ),
    );
  return row?.n ?? 0;
}
