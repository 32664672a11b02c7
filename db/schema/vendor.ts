import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

import { partners, users } from "./partners";

/**
 * The vendor's view of the world: customers, their protected accounts, the events the platform
 * reports about them and the usage it bills. Later areas (tickets, billing, subscriptions, assets,
 * NOC) reference these rows by id; vendor ids are the external keys the ingest API speaks.
 */
export const severity = pgEnum("severity", ["ok", "warning", "error"]);
export const accountKind = pgEnum("account_kind", ["server", "workstation", "mailbox_set", "appliance"]);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    vendorCustomerId: text("vendor_customer_id").notNull(),
    name: text("name").notNull(),
    domain: text("domain"),
    /** Latest event of any of the customer's accounts (denormalised for the Customers page). */
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    lastEventSeverity: severity("last_event_severity"),
    lastEventType: text("last_event_type"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("customers_partner_vendor_key").on(t.partnerId, t.vendorCustomerId),
    index("customers_partner_name_idx").on(t.partnerId, t.name, t.id),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    accountNumber: text("account_number").notNull(),
    name: text("name"),
    kind: accountKind("kind").notNull(),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    lastEventSeverity: severity("last_event_severity"),
    lastEventType: text("last_event_type"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("accounts_partner_number_key").on(t.partnerId, t.accountNumber),
    index("accounts_customer_idx").on(t.partnerId, t.customerId, t.accountNumber),
  ],
);

/**
 * Processing state of a stored event: `received` (stored, not yet handed to a job),
 * `dispatched` (handed to vendor/event.received), `processed`, `failed`.
 */
export const eventStatus = pgEnum("event_status", ["received", "dispatched", "processed", "failed"]);

export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    vendorEventId: text("vendor_event_id").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    severity: severity("severity").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    message: text("message"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    status: eventStatus("status").notNull().default("received"),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    processingError: text("processing_error"),
    /**
     * Summary of the event's outcomes for the Event Log filter "only events whose notifications
     * failed": null (no action), pending, succeeded, failed (any action failed), skipped.
     */
    outcomeStatus: text("outcome_status"),
    /**
     * Processing run: 1 is the original processing, each Reprocess adds one. Outcome history rows
     * (event_outcome_history.attempt) carry the run they belong to.
     */
    processingRun: integer("processing_run").notNull().default(1),
    /** Who asked for the current run (Reprocess); null for the original processing. */
    reprocessedByUserId: uuid("reprocessed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Every PSA ticket number any attempt recorded, space-separated (search and the list). */
    ticketNumbers: text("ticket_numbers"),
  },
  (t) => [
    // A vendor event id seen before is acknowledged and not stored twice.
    unique("events_partner_vendor_key").on(t.partnerId, t.vendorEventId),
    // Event Log keyset paging: newest first, one index per filter that narrows the most.
    index("events_partner_time_idx").on(t.partnerId, t.occurredAt.desc(), t.id.desc()),
    index("events_account_time_idx").on(t.partnerId, t.accountId, t.occurredAt.desc(), t.id.desc()),
    index("events_customer_time_idx").on(t.partnerId, t.customerId, t.occurredAt.desc(), t.id.desc()),
    index("events_severity_time_idx").on(t.partnerId, t.severity, t.occurredAt.desc(), t.id.desc()),
    index("events_type_time_idx").on(t.partnerId, t.type, t.occurredAt.desc(), t.id.desc()),
    // "Only events whose notifications failed", newest first.
    index("events_outcome_failed_idx")
      .on(t.partnerId, t.occurredAt.desc(), t.id.desc())
      .where(sql`${t.outcomeStatus} = 'failed'`),
    // "Only events whose notifications wait for a retry" and the Overview's count of them.
    index("events_outcome_pending_idx")
      .on(t.partnerId, t.occurredAt.desc(), t.id.desc())
      .where(sql`${t.outcomeStatus} = 'pending'`),
    // Free-text search (message, ticket number) of the Event Log: core full-text search, so it
    // works on PostgreSQL and PGlite alike (pg_trgm is not loaded in PGlite). The expression must
    // match eventSearchVector in db/queries/events.ts exactly.
    index("events_search_idx").using(
      "gin",
      sql`to_tsvector('simple'::regconfig, coalesce(${t.message}, '') || ' ' || coalesce(${t.ticketNumbers}, ''))`,
    ),
    // The sweeper finds events that were stored but never finished processing.
    index("events_unfinished_idx")
      .on(t.receivedAt)
      .where(sql`${t.status} in ('received', 'dispatched')`),
  ],
);

/** The vendor's billable items (online backup GB per plan, servers, mailboxes, ...). Data, not code. */
export const billableItems = pgTable("billable_items", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  unit: text("unit").notNull(),
  description: text("description"),
});

/**
 * Usage quantities per customer, billable item and period (the day the quantity was measured).
 * An optional account gives per-account detail (e.g. for ConnectWise invoice descriptions).
 * PUT /api/v1/usage replaces the quantity of a (customer, account, item, period) row.
 */
export const usage = pgTable(
  "usage",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    itemCode: text("item_code")
      .notNull()
      .references(() => billableItems.code),
    quantity: numeric("quantity", { precision: 18, scale: 4, mode: "number" }).notNull(),
    period: date("period", { mode: "string" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("usage_row_key").on(t.partnerId, t.customerId, t.accountId, t.itemCode, t.period).nullsNotDistinct(),
    index("usage_customer_period_idx").on(t.partnerId, t.customerId, t.period.desc()),
  ],
);
