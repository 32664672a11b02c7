CREATE TABLE "event_outcome_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"action" "outcome_action" NOT NULL,
	"attempt" integer NOT NULL,
	"triggered_by_user_id" uuid,
	"status" "outcome_status" NOT NULL,
	"detail" text,
	"psa_ticket_id" text,
	"psa_ticket_number" text,
	"message" text,
	"hint" text,
	"retries" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_outcome_history_attempt_key" UNIQUE("event_id","action","attempt")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "processing_run" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reprocessed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "ticket_numbers" text;--> statement-breakpoint
ALTER TABLE "event_outcome_history" ADD CONSTRAINT "event_outcome_history_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_outcome_history" ADD CONSTRAINT "event_outcome_history_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_outcome_history" ADD CONSTRAINT "event_outcome_history_triggered_by_user_id_users_id_fk" FOREIGN KEY ("triggered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_outcome_history_partner_event_idx" ON "event_outcome_history" USING btree ("partner_id","event_id");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_reprocessed_by_user_id_users_id_fk" FOREIGN KEY ("reprocessed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin (to_tsvector('simple'::regconfig, coalesce("message", '') || ' ' || coalesce("ticket_numbers", '')));--> statement-breakpoint
INSERT INTO "event_outcome_history" ("partner_id", "event_id", "action", "attempt", "status", "detail", "psa_ticket_id", "psa_ticket_number", "message", "hint", "retries", "started_at", "updated_at")
SELECT "partner_id", "event_id", "action", 1, "status", "detail", "psa_ticket_id", "psa_ticket_number", "message", "hint", "attempts", "created_at", "updated_at" FROM "event_outcomes";--> statement-breakpoint
UPDATE "events" e SET "ticket_numbers" = o."numbers"
FROM (SELECT "partner_id", "event_id", string_agg(DISTINCT "psa_ticket_number", ' ') AS "numbers" FROM "event_outcomes" WHERE "psa_ticket_number" IS NOT NULL GROUP BY "partner_id", "event_id") o
WHERE e."partner_id" = o."partner_id" AND e."id" = o."event_id";
