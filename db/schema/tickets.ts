import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

import { partners, users } from "./partners";
import { accounts, customers, events, severity } from "./vendor";

/**
 * Ticketing: the partner's ticket settings, the Customer Map (vendor customer → PSA company /
 * contract), notification rules, the conditions that own a PSA ticket (correlation keys), and the
 * outcome of every action on every event. PSA ids are the keys; PSA names are a cache for display.
 */

/** One alert-mapping row (per severity): where and how urgent the ticket is. */
export type AlertMappingRow = {
  priorityId: string | null;
  priorityName?: string | null;
  queueId: string | null;
  queueName?: string | null;
  dueDays: number;
};

export const ticketSettings = pgTable("ticket_settings", {
  partnerId: uuid("partner_id")
    .primaryKey()
    .references(() => partners.id, { onDelete: "cascade" }),
  subjectPrefix: text("subject_prefix").notNull().default(""),
  /** Autotask queue / ConnectWise board; null = "Do not map" (ticketing off). */
  queueId: text("queue_id"),
  queueName: text("queue_name"),
  defaultPriorityId: text("default_priority_id"),
  defaultPriorityName: text("default_priority_name"),
  newStatusId: text("new_status_id"),
  newStatusName: text("new_status_name"),
  completedStatusId: text("completed_status_id"),
  completedStatusName: text("completed_status_name"),
  /** success / warning / error → priority, queue or board, days until due. */
  alertMapping: jsonb("alert_mapping")
    .$type<{ ok: AlertMappingRow; warning: AlertMappingRow; error: AlertMappingRow }>()
    .notNull(),
  digestEnabled: boolean("digest_enabled").notNull().default(false),
  digestPriorityId: text("digest_priority_id"),
  digestPriorityName: text("digest_priority_name"),
  digestQueueId: text("digest_queue_id"),
  digestQueueName: text("digest_queue_name"),
  /** Hour of the day (0–23, partner time zone) the digest is sent. */
  digestHour: integer("digest_hour").notNull().default(7),
  /** A recurrence within this many hours reopens the last ticket of the condition. */
  reopenWindowHours: integer("reopen_window_hours").notNull().default(24),
  updatedByUserId: uuid("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const mappingSource = pgEnum("mapping_source", ["manual", "suggested", "imported"]);

export const customerMappings = pgTable(
  "customer_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    psaCompanyId: text("psa_company_id").notNull(),
    psaCompanyName: text("psa_company_name").notNull(),
    psaContractId: text("psa_contract_id"),
    psaContractName: text("psa_contract_name"),
    /** Autotask only: the contract service billed for this customer. */
    psaContractServiceId: text("psa_contract_service_id"),
    psaContractServiceName: text("psa_contract_service_name"),
    source: mappingSource("source").notNull().default("manual"),
    mappedByUserId: uuid("mapped_by_user_id").references(() => users.id, { onDelete: "set null" }),
    mappedAt: timestamp("mapped_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("customer_mappings_customer_key").on(t.partnerId, t.customerId),
    index("customer_mappings_company_idx").on(t.partnerId, t.psaCompanyId),
  ],
);

export const ruleAction = pgEnum("rule_action", ["ticket", "billing"]);

export const notificationRules = pgTable(
  "notification_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    action: ruleAction("action").notNull(),
    /** Subscribe to all event types (default Yes); otherwise only `eventTypes`. */
    allTypes: boolean("all_types").notNull().default(true),
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    /** The severities the rule acts on; "ok" subscribes to OK events (default: warning and error). */
    severities: severity("severities").array().notNull().default(sql`'{warning,error}'::severity[]`),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_rules_partner_idx").on(t.partnerId, t.action)],
);

export const conditionState = pgEnum("condition_state", ["creating", "open", "closed"]);

/**
 * A condition (customer + account + event type) and the PSA ticket it owns. `correlationKey` is
 * also stored on the ticket (Autotask externalID / ConnectWise externalXRef), so a create whose
 * answer was lost is found in the PSA before it is retried.
 */
export const ticketConditions = pgTable(
  "ticket_conditions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    correlationKey: text("correlation_key").notNull(),
    state: conditionState("state").notNull(),
    psaTicketId: text("psa_ticket_id"),
    psaTicketNumber: text("psa_ticket_number"),
    /** Status and assignee as PSA Relay last set them: a difference means a technician worked on it. */
    psaStatusId: text("psa_status_id"),
    psaAssigneeId: text("psa_assignee_id"),
    lastSeverity: severity("last_severity"),
    /** Hash of what the last note (or the ticket) said, so identical repeats add no note. */
    lastDetailHash: text("last_detail_hash"),
    lastEventId: bigint("last_event_id", { mode: "number" }),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    reopenCount: integer("reopen_count").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("ticket_conditions_key").on(t.partnerId, t.correlationKey),
    index("ticket_conditions_account_idx").on(t.partnerId, t.accountId, t.eventType),
  ],
);

export const outcomeAction = pgEnum("outcome_action", ["ticket", "billing", "digest"]);
export const outcomeStatus = pgEnum("outcome_status", ["pending", "succeeded", "failed", "skipped"]);

/**
 * What one action did with one event: its latest attempt. One row per (event, action); the
 * attempts themselves are kept in event_outcome_history.
 */
export const eventOutcomes = pgTable(
  "event_outcomes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    action: outcomeAction("action").notNull(),
    ruleId: uuid("rule_id").references(() => notificationRules.id, { onDelete: "set null" }),
    status: outcomeStatus("status").notNull(),
    /** e.g. "opened", "noted", "completed", "reopened", "customer not mapped". */
    detail: text("detail"),
    psaTicketId: text("psa_ticket_id"),
    psaTicketNumber: text("psa_ticket_number"),
    message: text("message"),
    /** Suggested fix for a failure. */
    hint: text("hint"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("event_outcomes_event_action_key").on(t.eventId, t.action),
    index("event_outcomes_partner_event_idx").on(t.partnerId, t.eventId),
  ],
);

/**
 * Every attempt's outcome of one action on one event. `attempt` is the event's processing run
 * (events.processing_run: 1 = the original processing, then one per Reprocess); retries of the job
 * within a run update the run's row (`retries`). Written by syncOutcomeStatus
 * (db/queries/tickets.ts) from event_outcomes, so every writer of outcomes keeps it in step.
 */
export const eventOutcomeHistory = pgTable(
  "event_outcome_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    action: outcomeAction("action").notNull(),
    attempt: integer("attempt").notNull(),
    /** Who asked for this attempt (Reprocess); null for the original processing. */
    triggeredByUserId: uuid("triggered_by_user_id").references(() => users.id, { onDelete: "set null" }),
    status: outcomeStatus("status").notNull(),
    detail: text("detail"),
    psaTicketId: text("psa_ticket_id"),
    psaTicketNumber: text("psa_ticket_number"),
    message: text("message"),
    hint: text("hint"),
    /** Job attempts within this run (event_outcomes.attempts when it was recorded). */
    retries: integer("retries").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("event_outcome_history_attempt_key").on(t.eventId, t.action, t.attempt),
    index("event_outcome_history_partner_event_idx").on(t.partnerId, t.eventId),
  ],
);

/** One digest ticket per partner, customer and day (partner time zone): sending twice is a no-op. */
export const digestRuns = pgTable(
  "digest_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    correlationKey: text("correlation_key").notNull(),
    psaTicketId: text("psa_ticket_id"),
    psaTicketNumber: text("psa_ticket_number"),
    status: outcomeStatus("status").notNull(),
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("digest_runs_day_key").on(t.partnerId, t.customerId, t.day)],
);
