CREATE TYPE "public"."psa_connection_status" AS ENUM('connected', 'failed');--> statement-breakpoint
CREATE TYPE "public"."psa_provider" AS ENUM('autotask', 'connectwise');--> statement-breakpoint
CREATE TABLE "psa_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"provider" "psa_provider" NOT NULL,
	"settings" jsonb NOT NULL,
	"sealed_secrets" text NOT NULL,
	"status" "psa_connection_status" NOT NULL,
	"account_info" jsonb,
	"last_tested_at" timestamp with time zone,
	"last_error" text,
	"updated_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "psa_connections" ADD CONSTRAINT "psa_connections_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psa_connections" ADD CONSTRAINT "psa_connections_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "psa_connections_partner_key" ON "psa_connections" USING btree ("partner_id");