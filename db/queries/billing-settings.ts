import { and, asc, eq, notInArray, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { billableItems, billingItemMappings, billingSettings } from "~/db/schema";

/** Billing settings (one row per partner), the billable items and the partner's item → PSA service map. */

export type BillingSettingsRow = typeof billingSettings.$inferSelect;
export type BillingSettingsValues = Pick<
  BillingSettingsRow,
  "enabled" | "writeMode" | "thresholdPercent" | "billingDay" | "updateInvoiceDescriptions" | "currencyCode"
>;
export type BillingItemMappingRow = typeof billingItemMappings.$inferSelect;
export type BillingItemMappingValues = Pick<
  BillingItemMappingRow,
  "itemCode" | "psaServiceId" | "psaServiceName" | "unitPrice" | "unitCost" | "createMissing"
>;
export type BillableItem = typeof billableItems.$inferSelect;

export async function findBillingSettings(db: DbOrTx, { partnerId }: { partnerId: string }): Promise<BillingSettingsRow | null> {
  const [row] = await db.select().from(billingSettings).where(eq(billingSettings.partnerId, partnerId));
  return row ?? null;
}

/** Every billable item the vendor bills (the billable_items table), by name. */
export async function listBillableItems(db: DbOrTx): Promise<BillableItem[]> {
  return db.select().from(billableItems).orderBy(asc(billableItems.name), asc(billableItems.code));
}

/** The partner's decided items (psaServiceId null = "not billed"). */
export async function listItemMappings(db: DbOrTx, { partnerId }: { partnerId: string }): Promise<BillingItemMappingRow[]> {
  return db.select().from(billingItemMappings).where(eq(billingItemMappings.partnerId, partnerId)).orderBy(asc(billingItemMappings.itemCode));
}

/** Every billable item with the partner's mapping, or null when the partner has not decided on it. */
export async function listBillableItemsWithMappings(
  db: DbOrTx,
  { partnerId }: { partnerId: string },
): Promise<Array<{ item: BillableItem; mapping: BillingItemMappingRow | null }>> {
  const [items, mappings] = await Promise.all([listBillableItems(db), listItemMappings(db, { partnerId })]);
  const byCode = new Map(mappings.map((m) => [m.itemCode, m]));
  return items.map((item) => ({ item, mapping: byCode.get(item.code) ?? null }));
}

/**
 * Saves the settings and the whole item map in one transaction: every given item is inserted or
 * updated, and items left out go back to "not decided" (their row is deleted). Only the partner's
 * own rows are touched.
 */
export async function saveBillingSettingsRows(
  db: DbOrTx,
  { partnerId, userId, settings, items }: { partnerId: string; userId: string | null; settings: BillingSettingsValues; items: BillingItemMappingValues[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .insert(billingSettings)
      .values({ ...settings, partnerId, updatedByUserId: userId, updatedAt: now })
      .onConflictDoUpdate({ target: billingSettings.partnerId, set: { ...settings, updatedByUserId: userId, updatedAt: now } });
    const codes = items.map((i) => i.itemCode);
    await tx
      .delete(billingItemMappings)
      .where(codes.length > 0 ? and(eq(billingItemMappings.partnerId, partnerId), notInArray(billingItemMappings.itemCode, codes)) : eq(billingItemMappings.partnerId, partnerId));
    if (items.length === 0) return;
    await tx
      .insert(billingItemMappings)
      .values(items.map((i) => ({ ...i, partnerId, updatedAt: now })))
      .onConflictDoUpdate({
        target: [billingItemMappings.partnerId, billingItemMappings.itemCode],
        set: {
          psaServiceId: sql`excluded.psa_service_id`,
          psaServiceName: sql`excluded.psa_service_name`,
          unitPrice: sql`excluded.unit_price`,
          unitCost: sql`excluded.unit_cost`,
          createMissing: sql`excluded.create_missing`,
          updatedAt: now,
        },
      });
  });
}

/** Records when the services list was last retrieved; creates the settings row (defaults) when there is none. */
export async function markServicesRetrieved(db: DbOrTx, { partnerId, at }: { partnerId: string; at: Date }): Promise<void> {
  await db
    .insert(billingSettings)
    .values({ partnerId, servicesRetrievedAt: at })
    .onConflictDoUpdate({ target: billingSettings.partnerId, set: { servicesRetrievedAt: at } });
}
