-- "Subscribe to OK events" and the OK severity were two switches for one thing: a rule that
-- subscribed to OK events now has "ok" among its severities, then the column goes.
UPDATE "notification_rules" SET "severities" = array_append("severities", 'ok'::severity) WHERE "include_ok" AND NOT ('ok'::severity = ANY("severities"));--> statement-breakpoint
ALTER TABLE "notification_rules" DROP COLUMN "include_ok";
