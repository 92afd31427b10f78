import { and, eq } from 'drizzle-orm';
import { attemptQuestions, questionVersions } from '../db/schema';

export { rowsOf } from '../db/rows';

/** Raw SQL parameters must not be Date objects (postgres.js rejects them): pass ISO strings. */
export const iso = (d: Date) => d.toISOString();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Attempt ids come from URLs: anything that is not a UUID cannot be one (and would fail the cast). */
export const isAttemptId = (value: string) => UUID.test(value);

/**
 * The join of an attempt's questions to the version each one was drawn at (never the newest:
 * an edit after the draw changes nothing in a started attempt). The SQL of `finish.ts` joins the
 * same way (`qv.key = aq.question_key and qv.version = aq.question_version`).
 */
export const versionSeen = and(
	eq(questionVersions.key, attemptQuestions.questionKey),
	eq(questionVersions.version, attemptQuestions.questionVersion)
);
