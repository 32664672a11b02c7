import { sql } from "drizzle-orm";
import {
  boolean,
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
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { partners, users } from "./partners";
import { billableItems, customers } from "./vendor";

/**
 * Billing sync: the partner's billing settings and item → PSA service / product map, sync runs,
 * each customer's sync state (throttle, lease, last result), the proposed and applied quantity
 * changes (preview, approval and audit trail in one table) and the reconciliation lines the last
 * sync saw. PSA ids are the keys; PSA names are a cache for display.
 */
export const billingWriteMode = pgEnum("billing_write_mode", ["automatic", "threshold", "approve"]);

export const billingSettings = pgTable("billing_settings", {
  partnerId: uuid("partner_id")
    .primaryKey()
    .references(() => partners.id, { onDelete: "cascade" }),
  enabled: boolean("enabled").notNull().default(false),
  /** automatic; threshold = automatic when the change is under `thresholdPercent`; approve = always approve. */
  writeMode: billingWriteMode("write_mode").notNull().default("approve"),
  thresholdPercent: integer("threshold_percent").notNull().default(10),
  /** Day of the month (1–28, partner time zone) the scheduled sync of every customer runs. */
  billingDay: integer("billing_day").notNull().default(1),
  /** ConnectWise: per-account usage in the addition's invoice description. */
  updateInvoiceDescriptions: boolean("update_invoice_descriptions").notNull().default(false),
  /** ISO 4217 code the partner bills the vendor's items in; a contract in another currency fails. */
  currencyCode: text("currency_code").notNull().default("USD"),
  servicesRetrievedAt: timestamp("services_retrieved_at", { withTimezone: true }),
  updatedByUserId: uuid("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One row per billable item the partner has decided on; `psaServiceId` null = "not billed". */
export const billingItemMappings = pgTable(
  "billing_item_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    itemCode: text("item_code")
      .notNull()
      .references(() => billableItems.code),
    /** Autotask Service id / ConnectWise catalog item id. */
    psaServiceId: text("psa_service_id"),
    psaServiceName: text("psa_service_name"),
    /** Catalogue price and cost when the list was retrieved (used when a contract service is created). */
    unitPrice: numeric("unit_price", { precision: 18, scale: 4, mode: "number" }),
    unitCost: numeric("unit_cost", { precision: 18, scale: 4, mode: "number" }),
    /** Create the contract service / addition when the contract does not have it yet. */
    createMissing: boolean("create_missing").notNull().default(true),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("billing_item_mappings_key").on(t.partnerId, t.itemCode)],
);

export const billingTrigger = pgEnum("billing_trigger", ["manual", "schedule", "event", "reprocess", "approval"]);
export const billingRunStatus = pgEnum("billing_run_status", ["queued", "running", "completed", "failed"]);

export type BillingRunStats = {
  customers: number;
  done: number;
  inSync: number;
  applied: number;
  pendingApproval: number;
  failed: number;
  skipped: number;
  /** Changes written to the PSA (approval runs: changes applied). */
  writes: number;
};

/** A sync of some or all customers, or the application of approved changes. */
export const billingRuns = pgTable(
  "billing_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    trigger: billingTrigger("trigger").notNull(),
    /** Skips the 12-hour throttle (Sync now, reprocess). */
    force: boolean("force").notNull().default(false),
    /** Customers to sync; null = every mapped customer. Approval runs: null (see changeIds). */
    customerIds: uuid("customer_ids").array(),
    /** Approval runs: the approved changes to apply. */
    changeIds: uuid("change_ids").array(),
    status: billingRunStatus("status").notNull().default("queued"),
    stats: jsonb("stats").$type<BillingRunStats>().notNull(),
    message: text("message"),
    startedByUserId: uuid("started_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("billing_runs_partner_idx").on(t.partnerId, t.createdAt.desc())],
);

export const billingSyncStatus = pgEnum("billing_sync_status", ["in_sync", "applied", "pending_approval", "failed", "skipped", "rejected"]);

/** Per customer: the 12-hour throttle, a lease so two syncs of one customer never overlap, the last result. */
export const billingCustomerState = pgTable(
  "billing_customer_state",
  {
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .primaryKey()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** Last sync that read the PSA and compared (the throttle counts from here). */
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    lastStatus: billingSyncStatus("last_status"),
    lastMessage: text("last_message"),
    lastHint: text("last_hint"),
    lastRunId: uuid("last_run_id"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseOwner: text("lease_owner"),
  },
  (t) => [index("billing_customer_state_partner_idx").on(t.partnerId, t.lastSyncedAt)],
);

export const billingChangeStatus = pgEnum("billing_change_status", [
  "pending_approval",
  "approved",
  "applying",
  "applied",
  "rejected",
  "failed",
  "superseded",
]);

/**
 * A proposed quantity change for one customer and item: the preview row, then (approved or
 * automatic) the write and its audit entry. `applying` is committed before the PSA is called, so
 * a retry reads the PSA back before it writes again.
 */
export const billingChanges = pgTable(
  "billing_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    runId: uuid("run_id").references(() => billingRuns.id, { onDelete: "set null" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    itemCode: text("item_code")
      .notNull()
      .references(() => billableItems.code),
    psaContractId: text("psa_contract_id").notNull(),
    psaContractName: text("psa_contract_name"),
    psaServiceId: text("psa_service_id").notNull(),
    psaServiceName: text("psa_service_name"),
    /** Existing contract service / addition; null = it will be created. */
    psaContractServiceId: text("psa_contract_service_id"),
    currentQuantity: numeric("current_quantity", { precision: 18, scale: 4, mode: "number" }).notNull(),
    newQuantity: numeric("new_quantity", { precision: 18, scale: 4, mode: "number" }).notNull(),
    unitPrice: numeric("unit_price", { precision: 18, scale: 4, mode: "number" }),
    unitCost: numeric("unit_cost", { precision: 18, scale: 4, mode: "number" }),
    /** ConnectWise "less included" as the PSA holds it (billed = quantity − less included). */
    lessIncluded: numeric("less_included", { precision: 18, scale: 4, mode: "number" }),
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
    invoiceDescription: text("invoice_description"),
    /** The PSA's invoice description before the change (ConnectWise). */
    currentInvoiceDescription: text("current_invoice_description"),
    status: billingChangeStatus("status").notNull(),
    /** Why it waits: "approval mode" or "change of 35% is over the 10% threshold". */
    reason: text("reason"),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** Who or what wrote it: "automatic (Sync now)", "automatic (schedule)", "approved by Ada Admin", ... */
    appliedBy: text("applied_by"),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
    /** The PSA record written: "ContractServiceAdjustment:123", "Addition:45". */
    psaRecordRef: text("psa_record_ref"),
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("billing_changes_partner_status_idx").on(t.partnerId, t.status, t.createdAt.desc()),
    index("billing_changes_customer_idx").on(t.partnerId, t.customerId, t.createdAt.desc()),
    // At most one open change per customer and item: a newer sync supersedes the older proposal.
    uniqueIndex("billing_changes_open_key")
      .on(t.partnerId, t.customerId, t.itemCode)
      .where(sql`${t.status} in ('pending_approval', 'approved', 'applying')`),
  ],
);

export const billingLineKind = pgEnum("billing_line_kind", ["mapped", "orphan"]);

/**
 * What the last sync of a customer saw, per item (`mapped`) and per PSA contract service /
 * addition that no mapping explains (`orphan`). The reconciliation view reads these rows; a sync
 * replaces a customer's rows as a whole.
 */
export const billingLines = pgTable(
  "billing_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: billingLineKind("kind").notNull(),
    /** mapped: the item; orphan: null. */
    itemCode: text("item_code").references(() => billableItems.code),
    psaContractId: text("psa_contract_id"),
    psaServiceId: text("psa_service_id"),
    psaServiceName: text("psa_service_name"),
    psaContractServiceId: text("psa_contract_service_id"),
    /** mapped: computed from usage; orphan: null. */
    vendorQuantity: numeric("vendor_quantity", { precision: 18, scale: 4, mode: "number" }),
    /** What the PSA held when read; null when the contract service / addition does not exist. */
    psaQuantity: numeric("psa_quantity", { precision: 18, scale: 4, mode: "number" }),
    /** After the sync's writes (equal to vendorQuantity when applied). */
    psaQuantityAfter: numeric("psa_quantity_after", { precision: 18, scale: 4, mode: "number" }),
    lessIncluded: numeric("less_included", { precision: 18, scale: 4, mode: "number" }),
    unitPrice: numeric("unit_price", { precision: 18, scale: 4, mode: "number" }),
    status: text("status").notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("billing_lines_partner_customer_idx").on(t.partnerId, t.customerId)],
);
