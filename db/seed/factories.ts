import { randomUUID } from "node:crypto";

import type { DbOrTx } from "~/db";
import { accounts, apiKeys, customers, events, partners, usage, users } from "~/db/schema";
import { hashPassword } from "~/server/auth/password";
import { generateApiKey } from "~/server/services/api-keys/keys";

/**
 * Factories shared by the demo seed, integration tests and e2e tests. Each inserts one row (or a
 * batch) and returns it; they throw on failure and never swallow errors.
 */
const uniq = () => randomUUID().slice(0, 8);

export async function createPartner(db: DbOrTx, input: Partial<typeof partners.$inferInsert> = {}) {
  const suffix = uniq();
  const [row] = await db
    .insert(partners)
    .values({ name: `Partner ${suffix}`, slug: `partner-${suffix}`, ...input })
    .returning();
  return row!;
}

export async function createUser(
  db: DbOrTx,
  input: { partnerId: string; email?: string; name?: string; password?: string; role?: "admin" | "technician" },
) {
  const password = input.password ?? `pw-${randomUUID()}`;
  const [row] = await db
    .insert(users)
    .values({
      partnerId: input.partnerId,
      email: (input.email ?? `user-${uniq()}@example.test`).toLowerCase(),
      name: input.name ?? "Test User",
      passwordHash: await hashPassword(password),
      role: input.role ?? "admin",
    })
    .returning();
  return { ...row!, password };
}

export async function createApiKeyRow(db: DbOrTx, input: { partnerId: string; name?: string; createdByUserId?: string }) {
  const generated = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      partnerId: input.partnerId,
      name: input.name ?? "Test key",
      prefix: generated.prefix,
      keyHash: generated.keyHash,
      createdByUserId: input.createdByUserId ?? null,
    })
    .returning();
  return { ...row!, key: generated.key };
}

export async function createCustomer(db: DbOrTx, input: { partnerId: string } & Partial<typeof customers.$inferInsert>) {
  const suffix = uniq();
  const [row] = await db
    .insert(customers)
    .values({ vendorCustomerId: `C-${suffix}`, name: `Customer ${suffix}`, domain: `c-${suffix}.example`, ...input })
    .returning();
  return row!;
}

export async function createAccount(
  db: DbOrTx,
  input: { partnerId: string; customerId: string } & Partial<typeof accounts.$inferInsert>,
) {
  const [row] = await db
    .insert(accounts)
    .values({ accountNumber: `A-${uniq()}`, kind: "server", name: `Server ${uniq()}`, ...input })
    .returning();
  return row!;
}

export type EventInput = { partnerId: string; customerId: string; accountId: string } & Partial<typeof events.$inferInsert>;

export async function createEvent(db: DbOrTx, input: EventInput) {
  const [row] = await createEvents(db, [input]);
  return row!;
}

/** Inserts many events in chunks (the Postgres parameter limit is 65,535). */
export async function createEvents(db: DbOrTx, inputs: EventInput[]) {
  const rows: (typeof events.$inferSelect)[] = [];
  for (let i = 0; i < inputs.length; i += 2000) {
    const chunk = inputs.slice(i, i + 2000).map((e) => ({
      vendorEventId: `E-${randomUUID()}`,
      type: "backup",
      severity: "error" as const,
      occurredAt: new Date(),
      message: "Backup failed",
      details: {},
      ...e,
    }));
    rows.push(...(await db.insert(events).values(chunk).returning()));
  }
  return rows;
}

export async function createUsage(
  db: DbOrTx,
  input: { partnerId: string; customerId: string; itemCode: string; quantity: number; period: string; accountId?: string | null },
) {
  const [row] = await db.insert(usage).values(input).returning();
  return row!;
}
