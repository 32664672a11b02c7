import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { customerMappings, customers, notificationRules, partners, ticketSettings } from "~/db/schema";

/**
 * Reads and writes the demo setup needs (server/services/demo/configure-ticketing.ts): the demo
 * partners, their ticket settings, unmapped customers, mappings and the "open a ticket" rule.
 * Every query takes the partner id and puts it first.
 */
export async function partnersBySlug(db: DbOrTx, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.select({ id: partners.id, slug: partners.slug, name: partners.name }).from(partners).where(inArray(partners.slug, slugs)).orderBy(asc(partners.slug));
}

export async function getTicketSettingsRow(db: DbOrTx, { partnerId }: { partnerId: string }) {
  const [row] = await db.select().from(ticketSettings).where(eq(ticketSettings.partnerId, partnerId));
  return row ?? null;
}

export async function insertTicketSettings(db: DbOrTx, values: typeof ticketSettings.$inferInsert) {
  await db.insert(ticketSettings).values(values).onConflictDoUpdate({ target: ticketSettings.partnerId, set: { ...values, updatedAt: new Date() } });
}

export async function listUnmappedCustomers(db: DbOrTx, { partnerId }: { partnerId: string }) {
  return db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .leftJoin(customerMappings, and(eq(customerMappings.partnerId, customers.partnerId), eq(customerMappings.customerId, customers.id)))
    .where(and(eq(customers.partnerId, partnerId), isNull(customerMappings.id)))
    .orderBy(asc(customers.name));
}

export async function countMappings(db: DbOrTx, { partnerId }: { partnerId: string }) {
  const [row] = await db.select({ n: count() }).from(customerMappings).where(eq(customerMappings.partnerId, partnerId));
  return row?.n ?? 0;
}

export async function insertMappings(db: DbOrTx, { partnerId, rows }: { partnerId: string; rows: Omit<typeof customerMappings.$inferInsert, "partnerId">[] }) {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(customerMappings)
    .values(rows.map((r) => ({ ...r, partnerId })))
    .onConflictDoNothing({ target: [customerMappings.partnerId, customerMappings.customerId] })
    .returning({ id: customerMappings.id });
  return inserted.length;
}

export async function hasTicketRule(db: DbOrTx, { partnerId }: { partnerId: string }) {
  const [row] = await db
    .select({ id: notificationRules.id })
    .from(notificationRules)
    .where(and(eq(notificationRules.partnerId, partnerId), eq(notificationRules.action, "ticket")))
    .limit(1);
  return Boolean(row);
}

export async function insertTicketRule(db: DbOrTx, { partnerId, name }: { partnerId: string; name: string }) {
  await db.insert(notificationRules).values({ partnerId, name, action: "ticket", allTypes: true, eventTypes: [], severities: ["warning", "error"], enabled: true });
}
