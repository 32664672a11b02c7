import { and, asc, eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { customerMappings, customers, ticketSettings } from "~/db/schema";

/** Ticket settings (one row per partner) and the Customer Map look-up the test ticket needs. */

export type TicketSettingsRow = typeof ticketSettings.$inferSelect;
export type TicketSettingsValues = Omit<TicketSettingsRow, "partnerId" | "updatedAt" | "updatedByUserId">;

export async function findTicketSettings(db: DbOrTx, { partnerId }: { partnerId: string }): Promise<TicketSettingsRow | null> {
  const [row] = await db.select().from(ticketSettings).where(eq(ticketSettings.partnerId, partnerId));
  return row ?? null;
}

/** Inserts or replaces the partner's settings; the partner id is the key, so only that row is touched. */
export async function upsertTicketSettings(
  db: DbOrTx,
  { partnerId, userId, values }: { partnerId: string; userId: string | null; values: TicketSettingsValues },
): Promise<TicketSettingsRow> {
  const row = { ...values, partnerId, updatedByUserId: userId, updatedAt: new Date() };
  const [saved] = await db
    .insert(ticketSettings)
    .values(row)
    .onConflictDoUpdate({ target: ticketSettings.partnerId, set: { ...values, updatedByUserId: userId, updatedAt: row.updatedAt } })
    .returning();
  return saved!;
}

/** The partner's first mapped PSA company (oldest mapping), used for the test ticket. */
/**
 * The PSA companies the partner's customers are mapped to (a test ticket goes to one of them), by
 * company name, each with the customers mapped to it.
 */
export async function listMappedCompanies(db: DbOrTx, { partnerId, limit = 500 }: { partnerId: string; limit?: number }): Promise<{ id: string; name: string; customers: string[] }[]> {
  const rows = await db
    .select({ id: customerMappings.psaCompanyId, name: customerMappings.psaCompanyName, customer: customers.name })
    .from(customerMappings)
    .innerJoin(customers, and(eq(customers.partnerId, customerMappings.partnerId), eq(customers.id, customerMappings.customerId)))
    .where(eq(customerMappings.partnerId, partnerId))
    .orderBy(asc(customerMappings.psaCompanyName), asc(customerMappings.psaCompanyId), asc(customers.name))
    .limit(limit * 5);
  const byId = new Map<string, { id: string; name: string; customers: string[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, name: r.name, customers: [] };
    entry.customers.push(r.customer);
    byId.set(r.id, entry);
  }
  return [...byId.values()].slice(0, limit);
}

