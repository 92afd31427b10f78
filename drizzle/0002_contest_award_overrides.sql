CREATE TABLE "contest_award_overrides" (
	"level_id" integer NOT NULL,
	"registration_id" integer NOT NULL,
	"band_id" integer,
	"reason" text NOT NULL,
	"by_user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_award_overrides_level_id_registration_id_pk" PRIMARY KEY("level_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "contest_award_overrides" ADD CONSTRAINT "contest_award_overrides_level_id_contest_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."contest_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_award_overrides" ADD CONSTRAINT "contest_award_overrides_registration_id_contest_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."contest_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_award_overrides" ADD CONSTRAINT "contest_award_overrides_band_id_contest_prize_bands_id_fk" FOREIGN KEY ("band_id") REFERENCES "public"."contest_prize_bands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_award_overrides" ADD CONSTRAINT "contest_award_overrides_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;