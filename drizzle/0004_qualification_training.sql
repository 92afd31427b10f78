CREATE TABLE "training_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"name" text NOT NULL,
	"organizer" text NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"hours" smallint NOT NULL,
	"certificate_number" text,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "qualification_rule_versions" ADD COLUMN "training_within_years" smallint;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_records_person_idx" ON "training_records" USING btree ("person_id","end_on");