CREATE TYPE "public"."condition_state" AS ENUM('creating', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."mapping_source" AS ENUM('manual', 'suggested', 'imported');--> statement-breakpoint
CREATE TYPE "public"."outcome_action" AS ENUM('ticket', 'billing', 'digest');--> statement-breakpoint
CREATE TYPE "public"."outcome_status" AS ENUM('pending', 'succeeded', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."rule_action" AS ENUM('ticket', 'billing');--> statement-breakpoint
CREATE TABLE "customer_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"psa_company_id" text NOT NULL,
	"psa_company_name" text NOT NULL,
	"psa_contract_id" text,
	"psa_contract_name" text,
	"psa_contract_service_id" text,
	"psa_contract_service_name" text,
	"source" "mapping_source" DEFAULT 'manual' NOT NULL,
	"mapped_by_user_id" uuid,
	"mapped_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_mappings_customer_key" UNIQUE("partner_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"day" date NOT NULL,
	"correlation_key" text NOT NULL,
	"psa_ticket_id" text,
	"psa_ticket_number" text,
	"status" "outcome_status" NOT NULL,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_runs_day_key" UNIQUE("partner_id","customer_id","day")
);
--> statement-breakpoint
CREATE TABLE "event_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"action" "outcome_action" NOT NULL,
	"rule_id" uuid,
	"status" "outcome_status" NOT NULL,
	"detail" text,
	"psa_ticket_id" text,
	"psa_ticket_number" text,
	"message" text,
	"hint" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_outcomes_event_action_key" UNIQUE("event_id","action")
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"action" "rule_action" NOT NULL,
	"include_ok" boolean DEFAULT false NOT NULL,
	"all_types" boolean DEFAULT true NOT NULL,
	"event_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"severities" "severity"[] DEFAULT '{warning,error}'::severity[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_conditions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"correlation_key" text NOT NULL,
	"state" "condition_state" NOT NULL,
	"psa_ticket_id" text,
	"psa_ticket_number" text,
	"psa_status_id" text,
	"psa_assignee_id" text,
	"last_severity" "severity",
	"last_detail_hash" text,
	"last_event_id" bigint,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_conditions_key" UNIQUE("partner_id","correlation_key")
);
--> statement-breakpoint
CREATE TABLE "ticket_settings" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"subject_prefix" text DEFAULT '' NOT NULL,
	"queue_id" text,
	"queue_name" text,
	"default_priority_id" text,
	"default_priority_name" text,
	"new_status_id" text,
	"new_status_name" text,
	"completed_status_id" text,
	"completed_status_name" text,
	"alert_mapping" jsonb NOT NULL,
	"digest_enabled" boolean DEFAULT false NOT NULL,
	"digest_priority_id" text,
	"digest_priority_name" text,
	"digest_queue_id" text,
	"digest_queue_name" text,
	"digest_hour" integer DEFAULT 7 NOT NULL,
	"reopen_window_hours" integer DEFAULT 24 NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "outcome_status" text;--> statement-breakpoint
ALTER TABLE "customer_mappings" ADD CONSTRAINT "customer_mappings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_mappings" ADD CONSTRAINT "customer_mappings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_mappings" ADD CONSTRAINT "customer_mappings_mapped_by_user_id_users_id_fk" FOREIGN KEY ("mapped_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_outcomes" ADD CONSTRAINT "event_outcomes_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_outcomes" ADD CONSTRAINT "event_outcomes_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_outcomes" ADD CONSTRAINT "event_outcomes_rule_id_notification_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."notification_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_conditions" ADD CONSTRAINT "ticket_conditions_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_conditions" ADD CONSTRAINT "ticket_conditions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_conditions" ADD CONSTRAINT "ticket_conditions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_settings" ADD CONSTRAINT "ticket_settings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_settings" ADD CONSTRAINT "ticket_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_mappings_company_idx" ON "customer_mappings" USING btree ("partner_id","psa_company_id");--> statement-breakpoint
CREATE INDEX "event_outcomes_partner_event_idx" ON "event_outcomes" USING btree ("partner_id","event_id");--> statement-breakpoint
CREATE INDEX "notification_rules_partner_idx" ON "notification_rules" USING btree ("partner_id","action");--> statement-breakpoint
CREATE INDEX "ticket_conditions_account_idx" ON "ticket_conditions" USING btree ("partner_id","account_id","event_type");--> statement-breakpoint
CREATE INDEX "events_outcome_failed_idx" ON "events" USING btree ("partner_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "events"."outcome_status" = 'failed';