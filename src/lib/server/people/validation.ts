import { z } from 'zod';
import { wallClock } from '../../datetime';
import { EDUCATION_LEVELS, POSITIONS, THEORY_LEVELS } from '../db/schema';
import { GENDERS } from './values';

export const NAME_MAX_LENGTH = 120;
export const MIN_BIRTH_YEAR = 1900;
/** Party members are at least 18 (Party Charter, art. 1). */
export const MIN_AGE = 18;

/** The youngest birth year allowed, counted in Vietnam's year (a day ahead of UTC from 17:00). */
export const maxBirthYear = (now = new Date()) => wallClock(now).year - MIN_AGE;

/** NFC, trimmed, single spaces: the form every name is stored in. */
export function normalizeName(text: string): string {
	return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Phone numbers as typed ("0912 345 678", "+84 912.345.678") → digits with an optional leading +. */
export function normalizePhone(text: string): string | null {
	const cleaned = text.trim().replace(/[\s.\-()]/g, '');
	return /^\+?[0-9]{8,15}$/.test(cleaned) ? cleaned : null;
}

/**
 * A party card number (số thẻ đảng viên) as typed ("01.234 567", "01-234567") → its stored form:
 * letters and digits only, upper case, 4 to 20 of them; null when it is not one. Separators are
 * dropped so one card written two ways is still one person.
 */
export function normalizeCardNumber(text: string): string | null {
	const cleaned = text
		.normalize('NFC')
		.trim()
		.replace(/[\s.\-/]/g, '')
		.toUpperCase();
	return /^[0-9A-Z]{4,20}$/.test(cleaned) ? cleaned : null;
}

export type FieldErrorCode =
	'required' | 'too_long' | 'invalid' | 'year_range' | 'unknown_unit' | 'taken';

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullable());

function personSchema(now: Date) {
	return z.object({
		fullName: z
			.string({ error: 'required' })
			.transform(normalizeName)
			.pipe(
				z
					.string()
					.min(1, { error: 'required' })
					.max(NAME_MAX_LENGTH, { error: 'too_long' })
					.regex(/\p{L}/u, { error: 'invalid' })
			),
		orgUnitId: z.coerce
			.number({ error: 'required' })
			.int({ error: 'required' })
			.positive({ error: 'required' }),
		position: z.enum(POSITIONS, { error: 'invalid' }),
		birthYear: optional(
			z.coerce
				.number({ error: 'invalid' })
				.int({ error: 'invalid' })
				.min(MIN_BIRTH_YEAR, { error: 'year_range' })
				.max(maxBirthYear(now), { error: 'year_range' })
		),
		gender: optional(z.enum(GENDERS, { error: 'invalid' })),
		educationLevel: optional(z.enum(EDUCATION_LEVELS, { error: 'invalid' })),
		theoryLevel: optional(z.enum(THEORY_LEVELS, { error: 'invalid' })),
		phone: optional(
			z.string().transform((value, ctx) => {
				const phone = normalizePhone(value);
				if (phone === null) ctx.addIssue({ code: 'custom', message: 'invalid' });
				return phone ?? '';
			})
		),
		partyCardNumber: optional(
			z.string().transform((value, ctx) => {
				const card = normalizeCardNumber(value);
				if (card === null) ctx.addIssue({ code: 'custom', message: 'invalid' });
				return card ?? '';
			})
		)
	});
}

export type PersonInput = z.infer<ReturnType<typeof personSchema>>;
export type PersonField = keyof PersonInput;
export type PersonFormErrors = Partial<Record<PersonField, FieldErrorCode>>;
/** What the form sent, echoed back so nothing typed is lost when it is refused. */
export type PersonFormValues = Record<PersonField, string>;

const FIELDS: PersonField[] = [
	'fullName',
	'orgUnitId',
	'position',
	'birthYear',
	'gender',
	'educationLevel',
	'theoryLevel',
	'phone',
	'partyCardNumber'
];

/** Checks a submitted profile form; errors are codes per field, turned into text by the page. */
export function parsePersonForm(
	form: FormData,
	now = new Date()
):
	| { ok: true; value: PersonInput; values: PersonFormValues }
	| { ok: false; errors: PersonFormErrors; values: PersonFormValues } {
	const values = Object.fromEntries(
		FIELDS.map((f) => [f, String(form.get(f) ?? '').slice(0, 500)])
	) as PersonFormValues;
	const parsed = personSchema(now).safeParse(values);
	if (parsed.success) return { ok: true, value: parsed.data, values };
	const errors: PersonFormErrors = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as PersonField;
		errors[field] ??= (issue.message as FieldErrorCode) || 'invalid';
	}
	return { ok: false, errors, values };
}
