CREATE TYPE "public"."billing_change_status" AS ENUM('pending_approval', 'approved', 'applying', 'applied', 'rejected', 'failed', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."billing_line_kind" AS ENUM('mapped', 'orphan');--> statement-breakpoint
CREATE TYPE "public"."billing_run_status" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."billing_sync_status" AS ENUM('in_sync', 'applied', 'pending_approval', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."billing_trigger" AS ENUM('manual', 'schedule', 'event', 'reprocess', 'approval');--> statement-breakpoint
CREATE TYPE "public"."billing_write_mode" AS ENUM('automatic', 'threshold', 'approve');--> statement-breakpoint
CREATE TABLE "billing_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"run_id" uuid,
	"customer_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"psa_contract_id" text NOT NULL,
	"psa_contract_name" text,
	"psa_service_id" text NOT NULL,
	"psa_service_name" text,
	"psa_contract_service_id" text,
	"current_quantity" numeric(18, 4) NOT NULL,
	"new_quantity" numeric(18, 4) NOT NULL,
	"unit_price" numeric(18, 4),
	"unit_cost" numeric(18, 4),
	"less_included" numeric(18, 4),
	"effective_date" date NOT NULL,
	"invoice_description" text,
	"current_invoice_description" text,
	"status" "billing_change_status" NOT NULL,
	"reason" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"applied_by" text,
	"applied_at" timestamp with time zone,
	"psa_record_ref" text,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_customer_state" (
	"partner_id" uuid NOT NULL,
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_status" "billing_sync_status",
	"last_message" text,
	"last_hint" text,
	"last_run_id" uuid,
	"lease_until" timestamp with time zone,
	"lease_owner" text
);
--> statement-breakpoint
CREATE TABLE "billing_item_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"psa_service_id" text,
	"psa_service_name" text,
	"unit_price" numeric(18, 4),
	"unit_cost" numeric(18, 4),
	"create_missing" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_item_mappings_key" UNIQUE("partner_id","item_code")
);
--> statement-breakpoint
CREATE TABLE "billing_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" "billing_line_kind" NOT NULL,
	"item_code" text,
	"psa_contract_id" text,
	"psa_service_id" text,
	"psa_service_name" text,
	"psa_contract_service_id" text,
	"vendor_quantity" numeric(18, 4),
	"psa_quantity" numeric(18, 4),
	"psa_quantity_after" numeric(18, 4),
	"less_included" numeric(18, 4),
	"unit_price" numeric(18, 4),
	"status" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"trigger" "billing_trigger" NOT NULL,
	"force" boolean DEFAULT false NOT NULL,
	"customer_ids" uuid[],
	"change_ids" uuid[],
	"status" "billing_run_status" DEFAULT 'queued' NOT NULL,
	"stats" jsonb NOT NULL,
	"message" text,
	"started_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing_settings" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"write_mode" "billing_write_mode" DEFAULT 'approve' NOT NULL,
	"threshold_percent" integer DEFAULT 10 NOT NULL,
	"billing_day" integer DEFAULT 1 NOT NULL,
	"update_invoice_descriptions" boolean DEFAULT false NOT NULL,
	"currency_code" text DEFAULT 'USD' NOT NULL,
	"services_retrieved_at" timestamp with time zone,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_changes" ADD CONSTRAINT "billing_changes_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_changes" ADD CONSTRAINT "billing_changes_run_id_billing_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."billing_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_changes" ADD CONSTRAINT "billing_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_changes" ADD CONSTRAINT "billing_changes_item_code_billable_items_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."billable_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_changes" ADD CONSTRAINT "billing_changes_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_customer_state" ADD CONSTRAINT "billing_customer_state_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_customer_state" ADD CONSTRAINT "billing_customer_state_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_item_mappings" ADD CONSTRAINT "billing_item_mappings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_item_mappings" ADD CONSTRAINT "billing_item_mappings_item_code_billable_items_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."billable_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_item_code_billable_items_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."billable_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_started_by_user_id_users_id_fk" FOREIGN KEY ("started_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_changes_partner_status_idx" ON "billing_changes" USING btree ("partner_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "billing_changes_customer_idx" ON "billing_changes" USING btree ("partner_id","customer_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "billing_changes_open_key" ON "billing_changes" USING btree ("partner_id","customer_id","item_code") WHERE "billing_changes"."status" in ('pending_approval', 'approved', 'applying');--> statement-breakpoint
CREATE INDEX "billing_customer_state_partner_idx" ON "billing_customer_state" USING btree ("partner_id","last_synced_at");--> statement-breakpoint
CREATE INDEX "billing_lines_partner_customer_idx" ON "billing_lines" USING btree ("partner_id","customer_id");--> statement-breakpoint
CREATE INDEX "billing_runs_partner_idx" ON "billing_runs" USING btree ("partner_id","created_at" DESC NULLS LAST);