ALTER TABLE "sources" ALTER COLUMN "issued" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "question_versions" ADD COLUMN "tests" text;