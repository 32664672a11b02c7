import { jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { partners, users } from "./partners";

export const psaProvider = pgEnum("psa_provider", ["autotask", "connectwise"]);
export const psaConnectionStatus = pgEnum("psa_connection_status", ["connected", "failed"]);

/**
 * A partner's one PSA connection. Non-secret credential fields live in `settings` (shown in the
 * form); the secret ones (Autotask secret, ConnectWise private key) are sealed with AES-256-GCM in
 * `sealedSecrets` and never leave the server.
 */
export const psaConnections = pgTable(
  "psa_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    provider: psaProvider("provider").notNull(),
    settings: jsonb("settings").$type<Record<string, string>>().notNull(),
    sealedSecrets: text("sealed_secrets").notNull(),
    status: psaConnectionStatus("status").notNull(),
    /** What the PSA reported at the last successful test (company, zone / codebase, version). */
    accountInfo: jsonb("account_info").$type<{ name: string; baseUrl: string; details: Record<string, string> }>(),
    lastTestedAt: timestamp("last_tested_at", { withTimezone: true }),
    lastError: text("last_error"),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("psa_connections_partner_key").on(t.partnerId)],
);
