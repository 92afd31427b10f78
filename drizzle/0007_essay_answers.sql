ALTER TABLE "attempt_questions" ADD COLUMN "answer_text" text;--> statement-breakpoint
ALTER TABLE "contest_rounds" ADD COLUMN "essay_prompt" text;