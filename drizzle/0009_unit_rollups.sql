CREATE TABLE "qualification_rollup_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" integer,
	"unit_id" integer
);
--> statement-breakpoint
CREATE TABLE "qualification_unit_rollups" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"computed_year" integer NOT NULL,
	"statuses" integer[] NOT NULL,
	"score_bands" integer[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_unit_years" (
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"tracked" integer DEFAULT 0 NOT NULL,
	"qualified" integer DEFAULT 0 NOT NULL,
	"rated_well" integer DEFAULT 0 NOT NULL,
	"university" integer DEFAULT 0 NOT NULL,
	"theory" integer DEFAULT 0 NOT NULL,
	"age_sum" integer DEFAULT 0 NOT NULL,
	"age_known" integer DEFAULT 0 NOT NULL,
	"under40" integer DEFAULT 0 NOT NULL,
	"trained" integer DEFAULT 0 NOT NULL,
	"contestants" integer DEFAULT 0 NOT NULL,
	"prize_winners" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "qualification_unit_years_unit_id_year_pk" PRIMARY KEY("unit_id","year")
);
--> statement-breakpoint
ALTER TABLE "qualification_unit_rollups" ADD CONSTRAINT "qualification_unit_rollups_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_unit_years" ADD CONSTRAINT "qualification_unit_years_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;