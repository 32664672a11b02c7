import { asc, eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { customerMappings, ticketSettings } from "~/db/schema";

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
export async function findFirstMappedCompany(db: DbOrTx, { partnerId }: { partnerId: string }): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: customerMappings.psaCompanyId, name: customerMappings.psaCompanyName })
    .from(customerMappings)
    .where(eq(customerMappings.partnerId, partnerId))
    .orderBy(asc(customerMappings.mappedAt), asc(customerMappings.id))
    .limit(1);
  return row ?? null;
}
