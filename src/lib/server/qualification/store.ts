import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/log';
import type { DbOrTx } from '../db/client';
import { modules, orgUnits, qualificationRuleVersions, THEORY_LEVELS } from '../db/schema';
import { isUniqueViolation } from '../orgs/scope';
import { isDay, type Day } from './calendar';
import type { QualificationRule } from './rules';
import { peopleChanged, personIdsOfProvince } from './summary';

export async function ruleVersions(db: DbOrTx, provinceId: number): Promise<QualificationRule[]> {
	const rows = await db
		.select()
		.from(qualificationRuleVersions)
		.where(eq(qualificationRuleVersions.orgUnitId, provinceId))
		.orderBy(asc(qualificationRuleVersions.effectiveFrom));
	return rows.map((r) => ({
		effectiveFrom: r.effectiveFrom,
		requiredModules: r.requiredModules,
		passPercent: r.passPercent,
		validityYears: r.validityYears,
		minTheoryLevel: r.minTheoryLevel,
		trainingWithinYears: r.trainingWithinYears
	}));
}

/** Error codes are message keys' suffixes (qualification_error_<code>). */
export const ruleFormSchema = (today: Day, moduleIds: string[]) =>
	z.object({
		effectiveFrom: z
			.string()
			.trim()
			.refine(isDay, 'date')
			.refine((d) => d >= today, 'past'),
		requiredModules: z
			.array(z.string())
			.refine((ids) => ids.every((id) => moduleIds.includes(id)), 'module'),
		passPercent: z.coerce.number().int('percent').min(1, 'percent').max(100, 'percent'),
		validityYears: z.coerce.number().int('years').min(1, 'years').max(10, 'years'),
		minTheoryLevel: z
			.enum(['', ...THEORY_LEVELS.filter((l) => l !== 'none')], 'theory')
			.transform((v) => (v === '' ? null : v)),
		trainingWithinYears: z
			.string()
			.trim()
			.refine((v) => v === '' || /^([1-9]|10)$/.test(v), 'training')
			.transform((v) => (v === '' ? null : Number(v)))
	});

export type RuleFormValues = Record<
	'effectiveFrom' | 'passPercent' | 'validityYears' | 'minTheoryLevel' | 'trainingWithinYears',
	string
> & {
	requiredModules: string[];
};
export type RuleFormErrors = Partial<Record<keyof RuleFormValues, string>>;

export function parseRuleForm(form: FormData, today: Day, moduleIds: string[]) {
	const values: RuleFormValues = {
		effectiveFrom: String(form.get('effectiveFrom') ?? ''),
		requiredModules: form.getAll('requiredModules').map(String),
		passPercent: String(form.get('passPercent') ?? ''),
		validityYears: String(form.get('validityYears') ?? ''),
		minTheoryLevel: String(form.get('minTheoryLevel') ?? ''),
		trainingWithinYears: String(form.get('trainingWithinYears') ?? '')
	};
	const parsed = ruleFormSchema(today, moduleIds).safeParse(values);
	if (parsed.success) return { ok: true as const, value: parsed.data, values };
	const errors: RuleFormErrors = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as keyof RuleFormValues;
		errors[field] ??= /^[a-z]+$/.test(issue.message) ? issue.message : 'invalid';
	}
	return { ok: false as const, errors, values };
}

/** Adds a version (never replaces one); a second version on the same day is refused. */
export async function addRuleVersion(
	db: DbOrTx,
	input: { provinceId: number; rule: QualificationRule; actorUserId: number }
): Promise<{ ok: true } | { ok: false; errors: RuleFormErrors }> {
	try {
		await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(qualificationRuleVersions)
				.values({ orgUnitId: input.provinceId, ...input.rule, createdByUserId: input.actorUserId })
				.returning({ id: qualificationRuleVersions.id });
			// Everyone's evaluation in the province may change (from the version's first day).
			await peopleChanged(tx, personIdsOfProvince(input.provinceId));
			await recordAudit(tx, {
				actorUserId: input.actorUserId,
				action: 'qualification.rule_version',
				targetType: 'qualification_rule_version',
				targetId: row.id,
				orgUnitId: input.provinceId,
				details: { ...input.rule }
			});
		});
		return { ok: true };
	} catch (e) {
		if (isUniqueViolation(e)) return { ok: false, errors: { effectiveFrom: 'taken' } };
		throw e;
	}
}

/** The provinces (root units) an administrator's scope covers whole: only they may set a rule. */
export async function administeredProvinces(db: DbOrTx, adminPaths: string[]) {
	if (adminPaths.length === 0) return [];
	return db
		.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
		.from(orgUnits)
		.where(
			and(
				isNull(orgUnits.parentId),
				isNull(orgUnits.mergedIntoId),
				inArray(orgUnits.path, adminPaths)
			)
		)
		.orderBy(asc(orgUnits.code));
}

/** Modules a rule can require: current modules with a practice quiz, in course order. */
export async function ruleModuleChoices(db: DbOrTx) {
	return db
		.select({ id: modules.id, slug: modules.slug, title: modules.title })
		.from(modules)
		.where(and(isNull(modules.retiredAt), isNotNull(modules.quiz)))
		.orderBy(asc(modules.sortOrder), asc(modules.id));
}
