import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createUser } from '../auth/users';
import { rowsOf } from '../db/rows';
import { describeEachDatabase } from '../testing/databases';
import { refreshQualificationAhead } from './background';
import { addRuleVersion } from './store';
import { refreshSummaries } from './summary';
import { seedIndicatorWorld } from './testing/indicator-world';
import { refreshUnitRollups } from './unit-rollups';

const TODAY = '2026-12-07';
const NOW = new Date(`${TODAY}T05:00:00Z`);

describeEachDatabase('qualification refreshed ahead', ({ db }) => {
	let s: Awaited<ReturnType<typeof seedIndicatorWorld>>;
	const provinceOnly = async () =>
		(await refreshQualificationAhead(db(), NOW)).filter((r) => r.provinceId === s.tree.province.id);

	it('evaluates a province before anyone opens its dashboard, then has nothing left', async () => {
		s = await seedIndicatorWorld(db());
		const [first] = await provinceOnly();
		expect(first.evaluated).toBe(4);
		expect(first.units).toBe(8);
		expect(await provinceOnly()).toEqual([
			{ provinceId: s.tree.province.id, evaluated: 0, units: 0 }
		]);
	}, 60_000);

	it('after a new rule version, the whole province is evaluated again without a reader', async () => {
		const admin = await createUser(db(), { username: `bg_${Date.now()}`, displayName: 'Quản trị' });
		const added = await addRuleVersion(db(), {
			provinceId: s.tree.province.id,
			rule: {
				effectiveFrom: TODAY,
				requiredModules: [],
				passPercent: 80,
				validityYears: 2,
				minTheoryLevel: 'intermediate',
				trainingWithinYears: 2
			},
			actorUserId: admin.id
		});
		expect(added.ok).toBe(true);
		const marked = rowsOf<{ n: number }>(
			await db().execute(sql`select count(*)::int as n from qualification_summaries s
				join people p on p.id = s.person_id join org_units o on o.id = p.org_unit_id
				where o.path like ${s.tree.province.path + '%'} and s.evaluated_on is null`)
		);
		expect(Number(marked[0].n)).toBeGreaterThanOrEqual(4);
		const [again] = await provinceOnly();
		expect(again.evaluated).toBeGreaterThanOrEqual(4);
		// P1 (elementary theory) no longer meets the stricter version: a status moved, so units too.
		expect(again.units).toBeGreaterThan(0);
		// The dashboard's own refresh finds nothing to do.
		const read = await refreshSummaries(db(), { underPath: s.tree.province.path }, TODAY);
		expect(read.evaluated).toBe(0);
		expect(await refreshUnitRollups(db(), s.tree.province.path, TODAY)).toBe(0);
	});
});
