import type { Db } from "~/db";
import * as q from "~/db/queries/ingest";

import { type Batch, type Issue, unknownReferences } from "./batch";
import { lastWins, retryOnConflict } from "./retry";
import type { AccountInput, CustomerInput } from "./schemas";

/**
 * PUT /api/v1/customers and /api/v1/accounts: upserts by the vendor's keys. A key repeated in
 * one request is applied once, with its last values. Omitted optional fields (domain, account
 * name) keep what is stored; null clears them. Each request is applied atomically.
 */
export type UpsertResult = { created: number; updated: number; unchanged: number };

function count(results: { inserted: boolean }[], total: number): UpsertResult {
  const created = results.filter((r) => r.inserted).length;
  const updated = results.length - created;
  return { created, updated, unchanged: total - created - updated };
}

export async function upsertCustomers(db: Db, { partnerId, batch }: { partnerId: string; batch: Batch<CustomerInput> }) {
  const rows = lastWins(batch.items, (c) => c.id);
  const withDomain = rows.filter((c) => c.domain !== undefined);
  const keepDomain = rows.filter((c) => c.domain === undefined);
  const results = await retryOnConflict(() =>
    db.transaction(async (tx) => [
      ...(await q.upsertCustomers(tx, {
        partnerId,
        rows: withDomain.map((c) => ({ vendorCustomerId: c.id, name: c.name, domain: c.domain ?? null })),
        keepDomain: false,
      })),
      ...(await q.upsertCustomers(tx, {
        partnerId,
        rows: keepDomain.map((c) => ({ vendorCustomerId: c.id, name: c.name, domain: null })),
        keepDomain: true,
      })),
    ]),
  );
  return count(results, rows.length);
}

export async function upsertAccounts(db: Db, { partnerId, batch }: { partnerId: string; batch: Batch<AccountInput> }) {
  const known = await q.findCustomersByVendorIds(db, {
    partnerId,
    vendorCustomerIds: [...new Set(batch.items.map((a) => a.customerId))],
  });
  const customerIdOf = new Map(known.map((c) => [c.vendorCustomerId, c.id]));
  const issues: Issue[] = [];
  batch.items.forEach((a, i) => {
    if (!customerIdOf.has(a.customerId)) {
      issues.push({
        path: batch.pathOf(i, "customerId"),
        message: `Unknown customer id ${JSON.stringify(a.customerId)}. PUT /api/v1/customers first.`,
      });
    }
  });
  if (issues.length > 0) throw unknownReferences(issues);

  const rows = lastWins(batch.items, (a) => a.accountNumber);
  const toRow = (a: AccountInput) => ({
    accountNumber: a.accountNumber,
    customerId: customerIdOf.get(a.customerId)!,
    kind: a.kind,
    name: a.name ?? null,
  });
  const results = await retryOnConflict(() =>
    db.transaction(async (tx) => [
      ...(await q.upsertAccounts(tx, { partnerId, rows: rows.filter((a) => a.name !== undefined).map(toRow), keepName: false })),
      ...(await q.upsertAccounts(tx, { partnerId, rows: rows.filter((a) => a.name === undefined).map(toRow), keepName: true })),
    ]),
  );
  return count(results, rows.length);
}
