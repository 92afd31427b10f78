CREATE TABLE "judge_panel" (
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"allow_own_unit" boolean DEFAULT false NOT NULL,
	"added_by_user_id" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judge_panel_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "judge_score_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"judge_user_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"points" jsonb NOT NULL,
	"total" real NOT NULL,
	"comment" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judge_scores" (
	"round_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"judge_user_id" integer NOT NULL,
	"points" jsonb NOT NULL,
	"total" real NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"client_id" text,
	"submitted_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "judge_scores_round_id_registration_id_judge_user_id_pk" PRIMARY KEY("round_id","registration_id","judge_user_id")
);
--> statement-breakpoint
CREATE TABLE "judged_rounds" (
	"round_id" integer PRIMARY KEY NOT NULL,
	"aggregation" text DEFAULT 'trimmed' NOT NULL,
	"disagreement_threshold" real DEFAULT 10 NOT NULL,
	"projector_scores" text DEFAULT 'all_in' NOT NULL,
	"no_repeat" boolean DEFAULT true NOT NULL,
	"prep_seconds" integer DEFAULT 120 NOT NULL,
	"answer_seconds" integer DEFAULT 300 NOT NULL,
	"current_registration_id" integer,
	"phase" text DEFAULT 'idle' NOT NULL,
	"timer_kind" text,
	"timer_ends_at" timestamp (3) with time zone,
	"stage_version" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp (3) with time zone,
	"locked_by_user_id" integer,
	"revealed_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rubric_criteria" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"sort_order" integer NOT NULL,
	"name" text NOT NULL,
	"max_points" real NOT NULL,
	"descriptors" text DEFAULT '' NOT NULL,
	CONSTRAINT "rubric_criteria_max_check" CHECK ("rubric_criteria"."max_points" > 0)
);
--> statement-breakpoint
CREATE TABLE "situation_cards" (
	"id" serial PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"guiding_points" text DEFAULT '' NOT NULL,
	"criteria" text DEFAULT '' NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "situation_draws" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"card_id" integer NOT NULL,
	"seed" text NOT NULL,
	"pool" jsonb NOT NULL,
	"by_user_id" integer,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "judge_panel" ADD CONSTRAINT "judge_panel_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_panel" ADD CONSTRAINT "judge_panel_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_panel" ADD CONSTRAINT "judge_panel_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_score_changes" ADD CONSTRAINT "judge_score_changes_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_score_changes" ADD CONSTRAINT "judge_score_changes_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_score_changes" ADD CONSTRAINT "judge_score_changes_judge_user_id_users_id_fk" FOREIGN KEY ("judge_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_scores" ADD CONSTRAINT "judge_scores_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_scores" ADD CONSTRAINT "judge_scores_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_scores" ADD CONSTRAINT "judge_scores_judge_user_id_users_id_fk" FOREIGN KEY ("judge_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judged_rounds" ADD CONSTRAINT "judged_rounds_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judged_rounds" ADD CONSTRAINT "judged_rounds_current_registration_id_contest_registrations_id_fk" FOREIGN KEY ("current_registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judged_rounds" ADD CONSTRAINT "judged_rounds_locked_by_user_id_users_id_fk" FOREIGN KEY ("locked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_criteria" ADD CONSTRAINT "rubric_criteria_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_cards" ADD CONSTRAINT "situation_cards_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_cards" ADD CONSTRAINT "situation_cards_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_draws" ADD CONSTRAINT "situation_draws_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_draws" ADD CONSTRAINT "situation_draws_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_draws" ADD CONSTRAINT "situation_draws_card_id_situation_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."situation_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "situation_draws" ADD CONSTRAINT "situation_draws_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "judge_panel_user_idx" ON "judge_panel" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "judge_score_changes_round_idx" ON "judge_score_changes" USING btree ("round_id","registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rubric_criteria_order_key" ON "rubric_criteria" USING btree ("round_id","sort_order");--> statement-breakpoint
CREATE INDEX "situation_cards_contest_idx" ON "situation_cards" USING btree ("contest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "situation_draws_round_candidate_key" ON "situation_draws" USING btree ("round_id","registration_id");