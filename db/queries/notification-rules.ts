import { and, asc, eq, sql } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { notificationRules, psaConnections, ticketSettings } from "~/db/schema";

/** Partner Notifications: the partner's rules, and what the page needs to say whether ticketing can happen. */

export type NotificationRule = typeof notificationRules.$inferSelect;
export type RuleValues = Pick<NotificationRule, "name" | "action" | "allTypes" | "eventTypes" | "severities" | "enabled">;

export async function listNotificationRules(db: DbOrTx, input: { partnerId: string }) {
  return db
    .select()
    .from(notificationRules)
    .where(eq(notificationRules.partnerId, input.partnerId))
    .orderBy(asc(notificationRules.createdAt), asc(notificationRules.id));
}

export async function getNotificationRule(db: DbOrTx, input: { partnerId: string; id: string }) {
  const [row] = await db
    .select()
    .from(notificationRules)
    .where(and(eq(notificationRules.partnerId, input.partnerId), eq(notificationRules.id, input.id)));
  return row ?? null;
}

export async function insertNotificationRule(db: DbOrTx, input: { partnerId: string; values: RuleValues }) {
  const [row] = await db
    .insert(notificationRules)
    .values({ partnerId: input.partnerId, ...input.values })
    .returning();
  return row!;
}

/** Null when the rule is not this partner's. */
export async function updateNotificationRule(
  db: DbOrTx,
  input: { partnerId: string; id: string; values: Partial<RuleValues> },
) {
  const [row] = await db
    .update(notificationRules)
    .set({ ...input.values, updatedAt: sql`now()` })
    .where(and(eq(notificationRules.partnerId, input.partnerId), eq(notificationRules.id, input.id)))
    .returning();
  return row ?? null;
}

/** True when a row of this partner was deleted. */
export async function deleteNotificationRule(db: DbOrTx, input: { partnerId: string; id: string }) {
  const rows = await db
    .delete(notificationRules)
    .where(and(eq(notificationRules.partnerId, input.partnerId), eq(notificationRules.id, input.id)))
    .returning({ id: notificationRules.id });
  return rows.length > 0;
}

/** The PSA connection (provider only) and the mapped queue/board, or nulls when absent. */
export async function getTicketingReadiness(db: DbOrTx, input: { partnerId: string }) {
  const [connection] = await db
    .select({ provider: psaConnections.provider })
    .from(psaConnections)
    .where(eq(psaConnections.partnerId, input.partnerId));
  const [settings] = await db
    .select({ queueId: ticketSettings.queueId, queueName: ticketSettings.queueName })
    .from(ticketSettings)
    .where(eq(ticketSettings.partnerId, input.partnerId));
  return { provider: connection?.provider ?? null, queueId: settings?.queueId ?? null, queueName: settings?.queueName ?? null };
}
