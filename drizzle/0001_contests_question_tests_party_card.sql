CREATE TABLE "contest_advancements" (
	"level_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"overall_rank" integer,
	"overall_score" real,
	"advanced" boolean NOT NULL,
	"manual" boolean DEFAULT false NOT NULL,
	"reason" text,
	"by_user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_registration_id" integer,
	CONSTRAINT "contest_advancements_level_id_registration_id_pk" PRIMARY KEY("level_id","registration_id"),
	CONSTRAINT "contest_advancements_manual_reason_check" CHECK (not "contest_advancements"."manual" or "contest_advancements"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "contest_audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "contest_awards" (
	"level_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"band_id" integer NOT NULL,
	"rank" integer,
	"certificate_no" text,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_user_id" integer,
	CONSTRAINT "contest_awards_level_id_registration_id_pk" PRIMARY KEY("level_id","registration_id")
);
--> statement-breakpoint
CREATE TABLE "contest_bank_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contest_id" integer NOT NULL,
	"owner_user_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"unit" text DEFAULT 'line' NOT NULL,
	"questions" jsonb NOT NULL,
	"problems" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contest_incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"attempt_id" uuid,
	"kind" text NOT NULL,
	"details" jsonb,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_levels" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL,
	"unit_kind" text,
	"advancement" jsonb,
	"advancement_published_at" timestamp with time zone,
	"prizes_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_predictions" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"value" integer NOT NULL,
	"saved_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_prize_bands" (
	"id" serial PRIMARY KEY NOT NULL,
	"level_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_registrations" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"level_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"person_id" integer,
	"org_unit_id" integer NOT NULL,
	"position" text,
	"source" text NOT NULL,
	"candidate_code" text NOT NULL,
	"registered_by_user_id" integer,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contest_round_results" (
	"round_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"attempt_id" uuid,
	"correct" integer,
	"score" real,
	"max_score" real,
	"time_taken_ms" integer,
	"prediction" integer,
	"submitted_at" timestamp (3) with time zone,
	"rank" integer,
	"published" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_round_results_round_id_registration_id_pk" PRIMARY KEY("round_id","registration_id")
);
--> statement-breakpoint
CREATE TABLE "contest_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"level_id" integer NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL,
	"kind" text DEFAULT 'online' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp (3) with time zone,
	"closes_at" timestamp (3) with time zone,
	"duration_seconds" integer DEFAULT 1800 NOT NULL,
	"attempts_allowed" integer DEFAULT 1,
	"counting" text DEFAULT 'best_then_earliest' NOT NULL,
	"rank_order" jsonb DEFAULT '["correct_desc","time_asc","prediction_asc","submitted_asc"]'::jsonb NOT NULL,
	"weight" real DEFAULT 1 NOT NULL,
	"question_count" integer DEFAULT 30 NOT NULL,
	"draw" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"multiple_scoring" text DEFAULT 'all_or_nothing' NOT NULL,
	"max_score" real,
	"prediction_question" text,
	"prediction_actual" integer,
	"review_opens_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"closed_by_user_id" integer,
	"results_computed_at" timestamp (3) with time zone,
	"results_published_at" timestamp (3) with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_rounds_window_check" CHECK ("contest_rounds"."closes_at" is null or "contest_rounds"."opens_at" is null or "contest_rounds"."closes_at" > "contest_rounds"."opens_at"),
	CONSTRAINT "contest_rounds_review_check" CHECK ("contest_rounds"."review_opens_at" is null or ("contest_rounds"."closes_at" is not null and "contest_rounds"."review_opens_at" >= "contest_rounds"."closes_at")),
	CONSTRAINT "contest_rounds_attempts_check" CHECK ("contest_rounds"."attempts_allowed" is null or "contest_rounds"."attempts_allowed" >= 1)
);
--> statement-breakpoint
CREATE TABLE "contest_time_extensions" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"attempt_id" uuid,
	"minutes" integer NOT NULL,
	"reason" text NOT NULL,
	"by_user_id" integer NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_time_extensions_minutes_check" CHECK ("contest_time_extensions"."minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"year" smallint NOT NULL,
	"kind" text NOT NULL,
	"org_unit_id" integer NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"publish_names" text DEFAULT 'full' NOT NULL,
	"self_registration" boolean DEFAULT false NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "question_versions" ALTER COLUMN "module_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sources" ALTER COLUMN "issued" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "party_card_number" text;--> statement-breakpoint
ALTER TABLE "question_versions" ADD COLUMN "contest_id" integer;--> statement-breakpoint
ALTER TABLE "question_versions" ADD COLUMN "tests" text;--> statement-breakpoint
ALTER TABLE "contest_advancements" ADD CONSTRAINT "contest_advancements_level_id_contest_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."contest_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_advancements" ADD CONSTRAINT "contest_advancements_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_advancements" ADD CONSTRAINT "contest_advancements_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_advancements" ADD CONSTRAINT "contest_advancements_next_registration_id_contest_registrations_id_fk" FOREIGN KEY ("next_registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_audit_log" ADD CONSTRAINT "contest_audit_log_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_audit_log" ADD CONSTRAINT "contest_audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_level_id_contest_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."contest_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_band_id_contest_prize_bands_id_fk" FOREIGN KEY ("band_id") REFERENCES "public"."contest_prize_bands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_awards" ADD CONSTRAINT "contest_awards_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_bank_imports" ADD CONSTRAINT "contest_bank_imports_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_bank_imports" ADD CONSTRAINT "contest_bank_imports_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_incidents" ADD CONSTRAINT "contest_incidents_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_incidents" ADD CONSTRAINT "contest_incidents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_incidents" ADD CONSTRAINT "contest_incidents_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_levels" ADD CONSTRAINT "contest_levels_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_predictions" ADD CONSTRAINT "contest_predictions_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_predictions" ADD CONSTRAINT "contest_predictions_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_prize_bands" ADD CONSTRAINT "contest_prize_bands_level_id_contest_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."contest_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_registrations" ADD CONSTRAINT "contest_registrations_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_registrations" ADD CONSTRAINT "contest_registrations_level_id_contest_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."contest_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_registrations" ADD CONSTRAINT "contest_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_registrations" ADD CONSTRAINT "contest_registrations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_registrations" ADD CONSTRAINT "contest_registrations_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_registrations" ADD CONSTRAINT "contest_registrations_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_round_results" ADD CONSTRAINT "contest_round_results_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_round_results" ADD CONSTRAINT "contest_round_results_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_round_results" ADD CONSTRAINT "contest_round_results_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_rounds" ADD CONSTRAINT "contest_rounds_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_rounds" ADD CONSTRAINT "contest_rounds_level_id_contest_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."contest_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_rounds" ADD CONSTRAINT "contest_rounds_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_time_extensions" ADD CONSTRAINT "contest_time_extensions_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_time_extensions" ADD CONSTRAINT "contest_time_extensions_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_time_extensions" ADD CONSTRAINT "contest_time_extensions_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_time_extensions" ADD CONSTRAINT "contest_time_extensions_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contest_audit_log_contest_idx" ON "contest_audit_log" USING btree ("contest_id","at");--> statement-breakpoint
CREATE INDEX "contest_bank_imports_owner_idx" ON "contest_bank_imports" USING btree ("owner_user_id","created_at");--> statement-breakpoint
CREATE INDEX "contest_incidents_round_idx" ON "contest_incidents" USING btree ("round_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_levels_order_key" ON "contest_levels" USING btree ("contest_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_prize_bands_order_key" ON "contest_prize_bands" USING btree ("level_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_registrations_level_user_key" ON "contest_registrations" USING btree ("level_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_registrations_code_key" ON "contest_registrations" USING btree ("contest_id","candidate_code");--> statement-breakpoint
CREATE INDEX "contest_registrations_user_idx" ON "contest_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "contest_registrations_unit_idx" ON "contest_registrations" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "contest_round_results_rank_idx" ON "contest_round_results" USING btree ("round_id","rank");--> statement-breakpoint
CREATE INDEX "contest_rounds_level_idx" ON "contest_rounds" USING btree ("level_id","sort_order");--> statement-breakpoint
CREATE INDEX "contest_rounds_contest_idx" ON "contest_rounds" USING btree ("contest_id");--> statement-breakpoint
CREATE INDEX "contest_time_extensions_round_idx" ON "contest_time_extensions" USING btree ("round_id","registration_id");--> statement-breakpoint
CREATE INDEX "contests_org_idx" ON "contests" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "contests_status_idx" ON "contests" USING btree ("status");--> statement-breakpoint
ALTER TABLE "question_versions" ADD CONSTRAINT "question_versions_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "people_party_card_key" ON "people" USING btree ("party_card_number") WHERE "people"."party_card_number" is not null;--> statement-breakpoint
CREATE INDEX "question_versions_contest_idx" ON "question_versions" USING btree ("contest_id","is_current");--> statement-breakpoint
CREATE INDEX "attempts_round_idx" ON "attempts" USING btree ("round_id","status") WHERE round_id is not null;--> statement-breakpoint
ALTER TABLE "question_versions" ADD CONSTRAINT "question_versions_owner_check" CHECK (("question_versions"."module_id" is null) <> ("question_versions"."contest_id" is null));