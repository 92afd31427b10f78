import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { modules, orgUnits, people, type LocalizedText } from '../db/schema';
import type { Day } from './calendar';
import { loadPersonRecords, provinceIdOf } from './facts';
import {
	evaluateQualification,
	requiredModuleIds,
	type Evaluation,
	type QualificationRule
} from './rules';
import { ruleVersions } from './store';

export type ModuleRef = { id: string; slug: string; title: LocalizedText };

export type PersonQualification = {
	evaluation: Evaluation | null;
	rule: QualificationRule | null;
	/** The modules the reasons and the rule name, for titles and links. */
	modules: Record<string, ModuleRef>;
};

export async function moduleRefs(db: DbOrTx, ids: string[]): Promise<Record<string, ModuleRef>> {
	if (ids.length === 0) return {};
	const rows = await db
		.select({ id: modules.id, slug: modules.slug, title: modules.title })
		.from(modules)
		.where(inArray(modules.id, ids));
	return Object.fromEntries(rows.map((r) => [r.id, r]));
}

/** One person's status on `today` (the caller has checked who may see it). */
export async function personQualification(
	db: DbOrTx,
	personId: number,
	today: Day
): Promise<PersonQualification | null> {
	const [person] = await db
		.select({ path: orgUnits.path })
		.from(people)
		.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(eq(people.id, personId));
	if (!person) return null;
	const versions = await ruleVersions(db, provinceIdOf(person.path));
	const ids = requiredModuleIds(versions);
	const [records, refs] = await Promise.all([
		loadPersonRecords(db, { personId }, versions),
		moduleRefs(db, ids)
	]);
	const evaluation = records[0] ? evaluateQualification(versions, records[0].facts, today) : null;
	const rule = versions.filter((v) => v.effectiveFrom <= today).at(-1) ?? null;
	return { evaluation, rule, modules: refs };
}
