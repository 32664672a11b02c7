import type { Db } from "~/db";
import * as q from "~/db/queries/ingest";

import { type Issue, parseBatch, unknownReferences } from "./batch";
import { lastWins, retryOnConflict } from "./retry";
import { usageSchema } from "./schemas";

/**
 * PUT /api/v1/usage: replaces the quantity of each (customer, account, item, period) row. Item
 * codes are checked against billable_items together with the other fields (400 listing the valid
 * codes); unknown customers or accounts, or an account of another customer, give 422.
 */
export async function putUsage(db: Db, { partnerId, body }: { partnerId: string; body: unknown }) {
  const codes = await q.listBillableItemCodes(db);
  const batch = parseBatch(body, "usage", "usage row", usageSchema(codes));

  const [customers, accounts] = await Promise.all([
    q.findCustomersByVendorIds(db, { partnerId, vendorCustomerIds: [...new Set(batch.items.map((u) => u.customerId))] }),
    q.findAccountsByNumbers(db, {
      partnerId,
      accountNumbers: [...new Set(batch.items.flatMap((u) => (u.accountNumber ? [u.accountNumber] : [])))],
    }),
  ]);
  const customerIdOf = new Map(customers.map((c) => [c.vendorCustomerId, c.id]));
  const accountOf = new Map(accounts.map((a) => [a.accountNumber, a]));
  const vendorIdOf = new Map(customers.map((c) => [c.id, c.vendorCustomerId]));

  const issues: Issue[] = [];
  batch.items.forEach((u, i) => {
    const customerId = customerIdOf.get(u.customerId);
    if (!customerId) {
      issues.push({
        path: batch.pathOf(i, "customerId"),
        message: `Unknown customer id ${JSON.stringify(u.customerId)}. PUT /api/v1/customers first.`,
      });
      return;
    }
    if (!u.accountNumber) return;
    const account = accountOf.get(u.accountNumber);
    if (!account) {
      issues.push({
        path: batch.pathOf(i, "accountNumber"),
        message: `Unknown account number ${JSON.stringify(u.accountNumber)}. PUT /api/v1/accounts first.`,
      });
    } else if (account.customerId !== customerId) {
      const owner = vendorIdOf.get(account.customerId);
      issues.push({
        path: batch.pathOf(i, "accountNumber"),
        message: `Account ${JSON.stringify(u.accountNumber)} belongs to ${owner ? `customer ${JSON.stringify(owner)}` : "another customer"}, not to ${JSON.stringify(u.customerId)}. Send that customer id or move the account with PUT /api/v1/accounts.`,
      });
    }
  });
  if (issues.length > 0) throw unknownReferences(issues);

  const rows = lastWins(
    batch.items.map((u) => ({
      customerId: customerIdOf.get(u.customerId)!,
      accountId: u.accountNumber ? accountOf.get(u.accountNumber)!.id : null,
      itemCode: u.item,
      quantity: u.quantity,
      period: u.period,
    })),
    (r) => [r.customerId, r.accountId ?? "", r.itemCode, r.period].join("\u0000"),
  );
  const results = await retryOnConflict(() => q.upsertUsage(db, { partnerId, rows }));
  return { upserted: results.length };
}
