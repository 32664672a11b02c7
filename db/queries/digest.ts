import { and, asc, count, eq, gte, inArray, lt, ne } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { accounts, customerMappings, customers, digestRuns, events, partners, ticketSettings } from "~/db/schema";

/**
 * Reads and writes of the daily digest: which partners have it on, which customers had events in a
 * day's window, the day's counts and failures, and the digest runs (one per partner, customer and
 * day) that make sending idempotent. Every query but `listDigestPartners` (the hourly cron's scan
 * across partners) takes the partner id and puts it first.
 */
export type DigestWindow = { partnerId: string; from: Date; to: Date };

/** Partners with the digest switched on, with their time zone and hour. */
export async function listDigestPartners(db: DbOrTx) {
  return db
    .select({ partnerId: partners.id, timeZone: partners.timeZone, digestHour: ticketSettings.digestHour })
    .from(ticketSettings)
    .innerJoin(partners, eq(partners.id, ticketSettings.partnerId))
    .where(eq(ticketSettings.digestEnabled, true))
    .orderBy(asc(partners.id));
}

export async function getDigestSettings(db: DbOrTx, { partnerId }: { partnerId: string }) {
  const [row] = await db
    .select({ settings: ticketSettings, partnerName: partners.name, timeZone: partners.timeZone })
    .from(ticketSettings)
    .innerJoin(partners, eq(partners.id, ticketSettings.partnerId))
    .where(eq(ticketSettings.partnerId, partnerId));
  return row ?? null;
}

/** Customers of the partner with at least one event whose occurredAt falls in [from, to). */
export async function listCustomersWithEvents(db: DbOrTx, { partnerId, from, to }: DigestWindow) {
  return db
    .selectDistinct({ id: customers.id, name: customers.name })
    .from(events)
    .innerJoin(customers, and(eq(customers.partnerId, events.partnerId), eq(customers.id, events.customerId)))
    .where(and(eq(events.partnerId, partnerId), gte(events.occurredAt, from), lt(events.occurredAt, to)))
    .orderBy(asc(customers.name), asc(customers.id));
}

export async function getDigestCustomer(db: DbOrTx, { partnerId, customerId }: { partnerId: string; customerId: string }) {
  const [row] = await db
    .select({ id: customers.id, name: customers.name, mapping: customerMappings })
    .from(customers)
    .leftJoin(customerMappings, and(eq(customerMappings.partnerId, customers.partnerId), eq(customerMappings.customerId, customers.id)))
    .where(and(eq(customers.partnerId, partnerId), eq(customers.id, customerId)));
  return row ?? null;
}

/** The day's event counts of one customer per account and severity. */
export async function digestCounts(db: DbOrTx, { partnerId, customerId, from, to }: DigestWindow & { customerId: string }) {
  return db
    .select({
      accountId: accounts.id,
      accountNumber: accounts.accountNumber,
      accountName: accounts.name,
      severity: events.severity,
      n: count(),
    })
    .from(events)
    .innerJoin(accounts, and(eq(accounts.partnerId, events.partnerId), eq(accounts.id, events.accountId)))
    .where(and(eq(events.partnerId, partnerId), eq(events.customerId, customerId), gte(events.occurredAt, from), lt(events.occurredAt, to)))
    .groupBy(accounts.id, accounts.accountNumber, accounts.name, events.severity)
    .orderBy(asc(accounts.accountNumber));
}

/** The day's warning and error events of one customer, oldest first, at most `limit`. */
export async function digestFailures(db: DbOrTx, { partnerId, customerId, from, to, limit }: DigestWindow & { customerId: string; limit: number }) {
  return db
    .select({
      occurredAt: events.occurredAt,
      accountNumber: accounts.accountNumber,
      accountName: accounts.name,
      type: events.type,
      severity: events.severity,
      message: events.message,
    })
    .from(events)
    .innerJoin(accounts, and(eq(accounts.partnerId, events.partnerId), eq(accounts.id, events.accountId)))
    .where(
      and(
        eq(events.partnerId, partnerId),
        eq(events.customerId, customerId),
        gte(events.occurredAt, from),
        lt(events.occurredAt, to),
        ne(events.severity, "ok"),
      ),
    )
    .orderBy(asc(events.occurredAt), asc(events.id))
    .limit(limit);
}

export type DigestRun = typeof digestRuns.$inferSelect;

export async function getDigestRun(db: DbOrTx, { partnerId, customerId, day }: { partnerId: string; customerId: string; day: string }) {
  const [row] = await db
    .select()
    .from(digestRuns)
    .where(and(eq(digestRuns.partnerId, partnerId), eq(digestRuns.customerId, customerId), eq(digestRuns.day, day)));
  return row ?? null;
}

/**
 * Claims the (partner, customer, day) digest: inserts a pending run, or returns the existing one.
 * `created` tells whether this call made it (no earlier attempt can have reached the PSA).
 */
export async function claimDigestRun(
  db: DbOrTx,
  input: { partnerId: string; customerId: string; day: string; correlationKey: string },
): Promise<{ run: DigestRun; created: boolean }> {
  const [inserted] = await db
    .insert(digestRuns)
    .values({ ...input, status: "pending" })
    .onConflictDoNothing({ target: [digestRuns.partnerId, digestRuns.customerId, digestRuns.day] })
    .returning();
  if (inserted) return { run: inserted, created: true };
  const existing = await getDigestRun(db, input);
  if (!existing) throw new Error("The digest run vanished while it was being claimed.");
  return { run: existing, created: false };
}

export async function finishDigestRun(
  db: DbOrTx,
  input: {
    partnerId: string;
    id: string;
    status: DigestRun["status"];
    psaTicketId?: string | null;
    psaTicketNumber?: string | null;
    message?: string | null;
  },
) {
  await db
    .update(digestRuns)
    .set({ status: input.status, psaTicketId: input.psaTicketId ?? null, psaTicketNumber: input.psaTicketNumber ?? null, message: input.message ?? null })
    .where(and(eq(digestRuns.partnerId, input.partnerId), eq(digestRuns.id, input.id)));
}

export async function listDigestRuns(db: DbOrTx, { partnerId, days }: { partnerId: string; days: string[] }) {
  if (days.length === 0) return [];
  return db
    .select()
    .from(digestRuns)
    .where(and(eq(digestRuns.partnerId, partnerId), inArray(digestRuns.day, days)))
    .orderBy(asc(digestRuns.day), asc(digestRuns.customerId));
}
