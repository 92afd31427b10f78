CREATE TABLE "qualification_summaries" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"evaluated_on" date,
	"stale_on" date,
	"status" text,
	"reasons" jsonb,
	"expires_on" date,
	"qualified_under" date,
	"rule_from" date,
	"qualified_periods" datemultirange,
	"score_bands" integer[]
);
--> statement-breakpoint
ALTER TABLE "qualification_summaries" ADD CONSTRAINT "qualification_summaries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_unit_history_at_idx" ON "person_unit_history" USING btree ("at");