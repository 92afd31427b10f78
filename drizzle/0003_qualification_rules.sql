CREATE TABLE "qualification_rule_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" integer NOT NULL,
	"effective_from" date NOT NULL,
	"required_modules" jsonb NOT NULL,
	"pass_percent" smallint NOT NULL,
	"validity_years" smallint NOT NULL,
	"min_theory_level" text,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "qualification_rule_versions" ADD CONSTRAINT "qualification_rule_versions_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_rule_versions_unit_from_key" ON "qualification_rule_versions" USING btree ("org_unit_id","effective_from");