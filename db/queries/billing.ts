import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import {
  accounts,
  billableItems,
  billingChanges,
  billingCustomerState,
  billingItemMappings,
  billingLines,
  billingRuns,
  type BillingRunStats,
  billingSettings,
  customerMappings,
  customers,
  usage,
} from "~/db/schema";

/** What the billing sync reads and writes. Every query is scoped by the partner id. */

export type BillingSettingsRow = typeof billingSettings.$inferSelect;
export type BillingChangeRow = typeof billingChanges.$inferSelect;

export const DEFAULT_BILLING_SETTINGS = {
  enabled: false,
  writeMode: "approve" as const,
  thresholdPercent: 10,
  billingDay: 1,
  updateInvoiceDescriptions: false,
  currencyCode: "USD",
};

export async function getBillingSettingsRow(db: DbOrTx, partnerId: string) {
  const [row] = await db.select().from(billingSettings).where(eq(billingSettings.partnerId, partnerId));
  return row ?? null;
}

/** The items mapped to a PSA service / product (not "not billed", not undecided), with their names. */
export async function listBilledItems(db: DbOrTx, partnerId: string) {
  return db
    .select({
      itemCode: billingItemMappings.itemCode,
      itemName: billableItems.name,
      unit: billableItems.unit,
      psaServiceId: sql<string>`${billingItemMappings.psaServiceId}`,
      psaServiceName: billingItemMappings.psaServiceName,
      unitPrice: billingItemMappings.unitPrice,
      unitCost: billingItemMappings.unitCost,
      createMissing: billingItemMappings.createMissing,
    })
    .from(billingItemMappings)
    .innerJoin(billableItems, eq(billableItems.code, billingItemMappings.itemCode))
    .where(and(eq(billingItemMappings.partnerId, partnerId), isNotNull(billingItemMappings.psaServiceId)))
    .orderBy(billableItems.name);
}

/** Customers of the run (all mapped ones when `customerIds` is null) with their mapping and throttle state. */
export async function listSyncTargets(db: DbOrTx, input: { partnerId: string; customerIds: string[] | null }) {
  const rows = await db
    .select({
      customerId: customers.id,
      customerName: customers.name,
      contractId: customerMappings.psaContractId,
      contractName: customerMappings.psaContractName,
      mapped: sql<boolean>`${customerMappings.id} is not null`,
      lastSyncedAt: billingCustomerState.lastSyncedAt,
    })
    .from(customers)
    .leftJoin(customerMappings, and(eq(customerMappings.partnerId, customers.partnerId), eq(customerMappings.customerId, customers.id)))
    .leftJoin(billingCustomerState, eq(billingCustomerState.customerId, customers.id))
    .where(
      and(
        eq(customers.partnerId, input.partnerId),
        input.customerIds ? inArray(customers.id, input.customerIds) : isNotNull(customerMappings.id),
      ),
    )
    .orderBy(customers.name, customers.id);
  return rows;
}
export type SyncTarget = Awaited<ReturnType<typeof listSyncTargets>>[number];

/**
 * Takes the sync lease of the customers (free, expired or already this owner's) and returns the
 * ids taken: two syncs of one customer never overlap, without holding a transaction over PSA calls.
 */
export async function claimLeases(db: DbOrTx, input: { partnerId: string; customerIds: string[]; owner: string; until: Date }): Promise<string[]> {
  if (input.customerIds.length === 0) return [];
  await db
    .insert(billingCustomerState)
    .values(input.customerIds.map((customerId) => ({ partnerId: input.partnerId, customerId })))
    .onConflictDoNothing();
  const rows = await db
    .update(billingCustomerState)
    .set({ leaseUntil: input.until, leaseOwner: input.owner })
    .where(
      and(
        eq(billingCustomerState.partnerId, input.partnerId),
        inArray(billingCustomerState.customerId, input.customerIds),
        or(isNull(billingCustomerState.leaseUntil), lt(billingCustomerState.leaseUntil, sql`now()`), eq(billingCustomerState.leaseOwner, input.owner)),
      ),
    )
    .returning({ customerId: billingCustomerState.customerId });
  return rows.map((r) => r.customerId);
}

export async function saveCustomerResult(
  db: DbOrTx,
  input: {
    partnerId: string;
    customerId: string;
    runId: string;
    status: NonNullable<(typeof billingCustomerState.$inferSelect)["lastStatus"]>;
    message: string | null;
    hint: string | null;
    /** Whether the PSA was read and compared (the throttle counts from this). */
    synced: boolean;
    owner: string;
  },
) {
  const set = {
    lastStatus: input.status,
    lastMessage: input.message,
    lastHint: input.hint,
    lastRunId: input.runId,
    leaseUntil: null,
    leaseOwner: null,
    ...(input.synced ? { lastSyncedAt: new Date() } : {}),
  };
  await db
    .insert(billingCustomerState)
    .values({ partnerId: input.partnerId, customerId: input.customerId, ...set })
    .onConflictDoUpdate({ target: billingCustomerState.customerId, set, setWhere: eq(billingCustomerState.partnerId, input.partnerId) });
}

export async function releaseLeases(db: DbOrTx, input: { partnerId: string; customerIds: string[]; owner: string }) {
  if (input.customerIds.length === 0) return;
  await db
    .update(billingCustomerState)
    .set({ leaseUntil: null, leaseOwner: null })
    .where(
      and(
        eq(billingCustomerState.partnerId, input.partnerId),
        inArray(billingCustomerState.customerId, input.customerIds),
        eq(billingCustomerState.leaseOwner, input.owner),
      ),
    );
}

export type UsageRow = { customerId: string; itemCode: string; quantity: number; accountNumber: string | null; accountName: string | null };

/**
 * Usage of the customers' items in each (customer, item)'s latest period up to `asOf`, one row per
 * account (or customer-level row).
 */
export async function latestUsage(db: DbOrTx, input: { partnerId: string; customerIds: string[]; itemCodes: string[]; asOf: string }): Promise<UsageRow[]> {
  if (input.customerIds.length === 0 || input.itemCodes.length === 0) return [];
  const latest = db
    .select({ customerId: usage.customerId, itemCode: usage.itemCode, period: sql<string>`max(${usage.period})`.as("latest_period") })
    .from(usage)
    .where(
      and(
        eq(usage.partnerId, input.partnerId),
        inArray(usage.customerId, input.customerIds),
        inArray(usage.itemCode, input.itemCodes),
        sql`${usage.period} <= ${input.asOf}`,
      ),
    )
    .groupBy(usage.customerId, usage.itemCode)
    .as("latest");
  return db
    .select({
      customerId: usage.customerId,
      itemCode: usage.itemCode,
      quantity: usage.quantity,
      accountNumber: accounts.accountNumber,
      accountName: accounts.name,
    })
    .from(usage)
    .innerJoin(latest, and(eq(latest.customerId, usage.customerId), eq(latest.itemCode, usage.itemCode), eq(latest.period, usage.period)))
    .leftJoin(accounts, eq(accounts.id, usage.accountId))
    .where(eq(usage.partnerId, input.partnerId));
}

/** Changes still open (waiting, approved, or interrupted while being written) for the customers. */
export async function listOpenChanges(db: DbOrTx, input: { partnerId: string; customerIds: string[] }) {
  if (input.customerIds.length === 0) return [];
  return db
    .select()
    .from(billingChanges)
    .where(
      and(
        eq(billingChanges.partnerId, input.partnerId),
        inArray(billingChanges.customerId, input.customerIds),
        inArray(billingChanges.status, ["pending_approval", "approved", "applying"]),
      ),
    );
}

export async function getChanges(db: DbOrTx, input: { partnerId: string; changeIds: string[] }) {
  if (input.changeIds.length === 0) return [];
  return db
    .select()
    .from(billingChanges)
    .where(and(eq(billingChanges.partnerId, input.partnerId), inArray(billingChanges.id, input.changeIds)));
}

export type ChangeInsert = typeof billingChanges.$inferInsert;

export async function insertChange(db: DbOrTx, change: ChangeInsert): Promise<BillingChangeRow> {
  const [row] = await db.insert(billingChanges).values(change).returning();
  return row!;
}

export async function updateChange(
  db: DbOrTx,
  input: { partnerId: string; id: string; from?: BillingChangeRow["status"][] },
  patch: Partial<Omit<ChangeInsert, "id" | "partnerId">>,
): Promise<BillingChangeRow | null> {
  const [row] = await db
    .update(billingChanges)
    .set({ ...patch, updatedAt: new Date() })
    .where(
      and(
        eq(billingChanges.partnerId, input.partnerId),
        eq(billingChanges.id, input.id),
        input.from ? inArray(billingChanges.status, input.from) : undefined,
      ),
    )
    .returning();
  return row ?? null;
}

export type LineInsert = Omit<typeof billingLines.$inferInsert, "id" | "partnerId" | "customerId">;

/** Replaces what the last sync saw for a customer. */
export async function replaceLines(db: DbOrTx, input: { partnerId: string; customerId: string; lines: LineInsert[] }) {
  await db.transaction(async (tx) => {
    await tx.delete(billingLines).where(and(eq(billingLines.partnerId, input.partnerId), eq(billingLines.customerId, input.customerId)));
    if (input.lines.length > 0) {
      await tx.insert(billingLines).values(input.lines.map((l) => ({ ...l, partnerId: input.partnerId, customerId: input.customerId })));
    }
  });
}

/** After a write: the line of the item shows the new PSA quantity. */
export async function markLineApplied(db: DbOrTx, input: { partnerId: string; customerId: string; itemCode: string; quantity: number; contractServiceId: string | null }) {
  await db
    .update(billingLines)
    .set({
      psaQuantityAfter: input.quantity,
      status: "applied",
      ...(input.contractServiceId ? { psaContractServiceId: input.contractServiceId } : {}),
    })
    .where(
      and(eq(billingLines.partnerId, input.partnerId), eq(billingLines.customerId, input.customerId), eq(billingLines.itemCode, input.itemCode)),
    );
}

export async function setLineStatus(db: DbOrTx, input: { partnerId: string; customerId: string; itemCode: string; status: string }) {
  await db
    .update(billingLines)
    .set({ status: input.status })
    .where(
      and(eq(billingLines.partnerId, input.partnerId), eq(billingLines.customerId, input.customerId), eq(billingLines.itemCode, input.itemCode)),
    );
}

export async function getRunRow(db: DbOrTx, input: { partnerId: string; runId: string }) {
  const [run] = await db.select().from(billingRuns).where(and(eq(billingRuns.partnerId, input.partnerId), eq(billingRuns.id, input.runId)));
  return run ?? null;
}

export async function updateRun(
  db: DbOrTx,
  input: { partnerId: string; runId: string },
  patch: Partial<{ status: "queued" | "running" | "completed" | "failed"; stats: BillingRunStats; message: string | null; startedAt: Date; finishedAt: Date | null }>,
) {
  await db
    .update(billingRuns)
    .set(patch)
    .where(and(eq(billingRuns.partnerId, input.partnerId), eq(billingRuns.id, input.runId)));
}
