import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
	classificationRecords,
	contestLevels,
	contestRegistrations,
	contests,
	people,
	personUnitHistory,
	trainingRecords,
	users
} from '../db/schema';
import { rowsOf } from '../db/rows';
import { mergeUnits } from '../orgs/merge';
import { actorWith } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { describeEachDatabase } from '../testing/databases';
import { unitRollup } from './rollup';
import { seedIndicatorWorld } from './testing/indicator-world';
import { refreshUnitRollups } from './unit-rollups';

const TODAY = '2026-12-07';

/*
 * The unit rollups are kept by triggers on every table the dashboard counts: after each kind of
 * change, the figures read from the rollups (only the touched units computed again) must equal
 * the figures computed afresh for every unit, and must differ from those before the change (so
 * that a step whose change the rollups missed fails).
 */
describeEachDatabase('qualification unit rollups', ({ db }) => {
	let s: Awaited<ReturnType<typeof seedIndicatorWorld>>;

	/** The province's and the commune's dashboards: this year, last year and the trend. */
	const figures = async () => {
		const read = async () => {
			const province = await unitRollup(db(), s.tree.province, TODAY);
			const commune = await unitRollup(db(), s.tree.tanLap, TODAY);
			const lastYear = await unitRollup(db(), s.tree.tanLap, TODAY, 2025);
			return { province, commune, lastYear };
		};
		const kept = await read();
		await db().execute(sql`delete from qualification_unit_years`);
		await db().execute(sql`delete from qualification_unit_rollups`);
		const afresh = await read();
		return { kept, afresh };
	};

	let before: Awaited<ReturnType<typeof figures>>['afresh'];
	const step = (name: string, change: () => Promise<unknown>) =>
		it(`follows ${name}`, async () => {
			await change();
			const { kept, afresh } = await figures();
			expect(kept).toEqual(afresh);
			expect(afresh).not.toEqual(before);
			before = afresh;
		});

	it('seeds, and computes every unit of the province once', async () => {
		s = await seedIndicatorWorld(db());
		before = (await figures()).afresh;
		const computed = rowsOf<{ units: number; rollups: number }>(
			await db().execute(sql`select count(*)::int as units, count(r.unit_id)::int as rollups
				from org_units o left join qualification_unit_rollups r on r.unit_id = o.id
				where o.path like ${s.tree.province.path + '%'}`)
		);
		expect(computed.map((c) => [Number(c.units), Number(c.rollups)])).toEqual([[8, 8]]);
		// Nothing changed: nothing to compute again.
		expect(await refreshUnitRollups(db(), s.tree.province.path, TODAY)).toBe(0);
	}, 60_000);

	step('a rating added', () =>
		db()
			.insert(classificationRecords)
			.values({
				personId: s.p2.person.id,
				year: 2026,
				level: 'excellent',
				orgUnitId: s.tree.tl1.id
			})
			.onConflictDoUpdate({
				target: [classificationRecords.personId, classificationRecords.year],
				set: { level: 'excellent' }
			})
	);
	step('a past rating changed', () =>
		db()
			.update(classificationRecords)
			.set({ level: 'completed' })
			.where(eq(classificationRecords.personId, s.p4.person.id))
	);
	step('a course added', () =>
		db().insert(trainingRecords).values({
			personId: s.p3.person.id,
			name: 'Lớp nghiệp vụ',
			organizer: 'Tỉnh ủy',
			startOn: '2026-06-01',
			endOn: '2026-06-02',
			hours: 8
		})
	);
	step('a contest entry added', () =>
		db()
			.insert(contestRegistrations)
			.values({
				contestId: s.published.c.id,
				levelId: s.published.level.id,
				userId: s.p4.user.id,
				personId: s.p4.person.id,
				orgUnitId: s.tree.tanLap.id,
				source: 'unit',
				candidateCode: `R${Date.now()}`
			})
	);
	step('an entry withdrawn', () =>
		db()
			.update(contestRegistrations)
			.set({ withdrawnAt: new Date() })
			.where(eq(contestRegistrations.userId, s.p4.user.id))
	);
	step('prizes published', () =>
		db()
			.update(contestLevels)
			.set({ prizesPublishedAt: new Date() })
			.where(eq(contestLevels.id, s.pending.level.id))
	);
	step("a contest's year changed", () =>
		db().update(contests).set({ year: 2025 }).where(eq(contests.id, s.published.c.id))
	);
	step('an account unlinked from its person', () =>
		db().update(users).set({ personId: null }).where(eq(users.id, s.p1.user.id))
	);
	step("a person's education and birth year", () =>
		db()
			.update(people)
			.set({ educationLevel: 'university', birthYear: 1999 })
			.where(eq(people.id, s.p2.person.id))
	);
	step('a transfer (last year stays where the person was)', async () => {
		await db().transaction(async (tx) => {
			await tx
				.update(people)
				.set({ orgUnitId: s.tree.hp1.id })
				.where(eq(people.id, s.p1.person.id));
			await tx.insert(personUnitHistory).values({
				personId: s.p1.person.id,
				fromUnitId: s.tree.tl1.id,
				toUnitId: s.tree.hp1.id,
				reason: 'transfer',
				at: new Date('2026-03-01T00:00:00Z')
			});
		});
	});
	step('a merge of two cells', async () => {
		const admin = await actorWith(db(), [{ role: 'admin', unit: s.tree.province }]);
		const merged = await mergeUnits(db(), admin, s.tree.tl1.id, [s.tree.tl2.id]);
		expect(merged.ok).toBe(true);
	});
	let added: { id: number };
	step('a person added', async () => {
		added = await createPerson(db(), {
			orgUnitId: s.tree.hp2.id,
			fullName: 'Vũ Thị Đào',
			position: 'secretary',
			theoryLevel: 'advanced',
			educationLevel: 'postgraduate',
			birthYear: 1995
		});
	});
	step('a person deleted', () => db().delete(people).where(eq(people.id, added.id)));

	it('computes again the units its province has not computed this year', async () => {
		await db().execute(sql`update qualification_unit_rollups set computed_year = 2025
			where unit_id = ${s.tree.hp1.id}`);
		expect(await refreshUnitRollups(db(), s.tree.province.path, TODAY)).toBe(1);
		expect(await refreshUnitRollups(db(), s.tree.province.path, TODAY)).toBe(0);
	});
});
