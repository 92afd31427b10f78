import { z } from 'zod';
import { CONTEST_KINDS, PUBLISH_NAMES } from '$lib/server/db/schema';

export const RULES_MAX = 100_000;

/** The contest form's fields, as the create and edit pages read them. */
export const contestSchema = z.object({
	name: z.string().trim().min(1, 'required').max(300, 'too_long'),
	year: z.coerce.number({ error: 'year' }).int('year').min(2000, 'year').max(2100, 'year'),
	kind: z.enum(CONTEST_KINDS, { error: 'required' }),
	orgUnitId: z.coerce.number({ error: 'required' }).int().positive('required'),
	rules: z.string().max(RULES_MAX, 'too_long'),
	publishNames: z.enum(PUBLISH_NAMES, { error: 'required' }),
	selfRegistration: z.boolean()
});

export function readContestForm(form: FormData) {
	const text = (key: string, max = 400) => String(form.get(key) ?? '').slice(0, max);
	return {
		name: text('name'),
		year: text('year', 10),
		kind: text('kind', 20),
		orgUnitId: text('orgUnitId', 12),
		rules: text('rules', RULES_MAX + 1),
		publishNames: text('publishNames', 20),
		selfRegistration: form.get('selfRegistration') === 'on'
	};
}

export type ContestValues = ReturnType<typeof readContestForm>;

export function fieldErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
	return errors;
}
