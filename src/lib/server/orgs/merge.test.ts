import { and, count, eq, inArray, like, or } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../db/client';
import {
	auditLog,
	classificationRecords,
	cohorts,
	orgMerges,
	orgUnits,
	people,
	personUnitHistory,
	roleGrants
} from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { createUser, grantRole } from '../auth/users';
import { mergeUnits, planMerge } from './merge';
import { getUnitOverview } from './overview';
import { actorWith, buildProvince, unit } from './test-fixtures';
import { listScopeTree } from './tree';
import { getOrgUnit } from './units';

/** Everything a merge of these units could lose, counted. */
async function census(db: Db, unitIds: number[]) {
	const n = async (q: Promise<{ n: number }[]>) => Number((await q)[0].n);
	const units = await db.select().from(orgUnits).where(inArray(orgUnits.id, unitIds));
	const subtree = or(...units.map((u) => like(orgUnits.path, u.path + '%')));
	const personIds = (
		await db
			.select({ id: people.id })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(subtree)
	).map((r) => r.id);
	return {
		personIds: personIds.sort((a, b) => a - b),
		people: await n(db.select({ n: count() }).from(people)),
		history: await n(db.select({ n: count() }).from(personUnitHistory)),
		records: await n(db.select({ n: count() }).from(classificationRecords)),
		recordsHere: await n(
			db
				.select({ n: count() })
				.from(classificationRecords)
				.where(inArray(classificationRecords.orgUnitId, unitIds))
		),
		units: await n(db.select({ n: count() }).from(orgUnits))
	};
}

describeEachDatabase('merging units', ({ db }) => {
	it('moves children, people, records and grants to the survivor and loses nothing', async () => {
		const t = await buildProvince(db());
		const deep = await unit(db(), `${t.prefix}-HP-01-A`, 'Tổ đảng thôn Đông', 'cell', t.hp1);
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		// Grants on the merged unit: one moves, one duplicates a grant the survivor has already.
		const staffA = await createUser(db(), {
			username: `a_${t.prefix}`.toLowerCase(),
			displayName: 'A'
		});
		const staffB = await createUser(db(), {
			username: `b_${t.prefix}`.toLowerCase(),
			displayName: 'B'
		});
		await grantRole(db(), { userId: staffA.id, role: 'manager', orgUnitId: t.hoaPhu.id });
		await grantRole(db(), { userId: staffB.id, role: 'manager', orgUnitId: t.hoaPhu.id });
		await grantRole(db(), { userId: staffB.id, role: 'manager', orgUnitId: t.tanLap.id });
		const grantUsers = [staffA.id, staffB.id];
		const grantsBefore = await db()
			.select()
			.from(roleGrants)
			.where(inArray(roleGrants.userId, grantUsers));
		expect(grantsBefore).toHaveLength(3);
		// A training class of the merged commune moves with it.
		const [cohort] = await db()
			.insert(cohorts)
			.values({
				orgUnitId: t.hoaPhu.id,
				name: 'Lớp Hòa Phú',
				startsOn: '2025-01-01',
				endsOn: '2025-12-31'
			})
			.returning();

		const before = await census(db(), [t.tanLap.id, t.hoaPhu.id]);
		const peopleInHoaPhu = await db()
			.select({ id: people.id })
			.from(people)
			.where(eq(people.orgUnitId, t.hoaPhu.id));

		const preview = await planMerge(db(), actor, t.tanLap.id, [t.hoaPhu.id]);
		expect(preview.ok && preview.plan.units[0]).toMatchObject({
			code: t.hoaPhu.code,
			children: 2,
			descendants: 3,
			peopleInSubtree: 2,
			references: { people: 1, classificationRecords: 2, roleGrants: 2 }
		});

		const result = await mergeUnits(
			db(),
			actor,
			t.tanLap.id,
			[t.hoaPhu.id],
			new Date('2025-07-01T03:00:00Z')
		);
		expect(result).toEqual({
			ok: true,
			merges: [
				{
					mergedId: t.hoaPhu.id,
					moved: {
						childUnits: 2,
						descendantUnits: 3,
						peopleInSubtree: 2,
						people: 1,
						personHistory: 1,
						classificationRecords: 2,
						roleGrants: 1,
						roleGrantsCollapsed: 1,
						contests: 0,
						contestRegistrations: 0,
						cohorts: 1
					}
				}
			]
		});

		const [movedCohort] = await db().select().from(cohorts).where(eq(cohorts.id, cohort.id));
		expect(movedCohort.orgUnitId).toBe(t.tanLap.id);
		const after = await census(db(), [t.tanLap.id, t.hoaPhu.id]);
		expect(after.people).toBe(before.people);
		expect(after.records).toBe(before.records);
		expect(after.recordsHere).toBe(before.recordsHere);
		expect(after.units).toBe(before.units);
		expect(after.history).toBe(before.history + peopleInHoaPhu.length);
		// Every person who was under either commune is now under the survivor.
		const survivor = (await getOrgUnit(db(), t.tanLap.id))!;
		const underSurvivor = await db()
			.select({ id: people.id })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(like(orgUnits.path, survivor.path + '%'));
		expect(underSurvivor.map((r) => r.id).sort((a, b) => a - b)).toEqual(before.personIds);

		// The merged commune's cells hang under the survivor with rewritten paths.
		const hp1 = (await getOrgUnit(db(), t.hp1.id))!;
		const d = (await getOrgUnit(db(), deep.id))!;
		expect(hp1.parentId).toBe(t.tanLap.id);
		expect(hp1.path).toBe(`${survivor.path}${hp1.id}/`);
		expect(d.path).toBe(`${hp1.path}${d.id}/`);
		expect(d.depth).toBe(3);

		// The merged unit is kept, marked, out of the live tree; its history still resolves.
		const merged = (await getOrgUnit(db(), t.hoaPhu.id))!;
		expect(merged.mergedIntoId).toBe(t.tanLap.id);
		expect(merged.mergedAt?.toISOString()).toBe('2025-07-01T03:00:00.000Z');
		const tree = await listScopeTree(db(), [t.province.path]);
		expect(tree.roots[0].children.map((c) => c.code)).not.toContain(t.hoaPhu.code);
		const history = await db()
			.select()
			.from(personUnitHistory)
			.where(
				and(eq(personUnitHistory.reason, 'merge'), eq(personUnitHistory.fromUnitId, t.hoaPhu.id))
			);
		expect(history.map((h) => [h.personId, h.toUnitId, h.actorUserId])).toEqual(
			peopleInHoaPhu.map((p) => [p.id, t.tanLap.id, actor.id])
		);

		// Grants: B's duplicate collapsed, A's moved; nobody lost access to the merged area.
		const grantsAfter = await db()
			.select({ userId: roleGrants.userId, unit: roleGrants.orgUnitId })
			.from(roleGrants)
			.where(inArray(roleGrants.userId, grantUsers));
		expect(grantsAfter.sort((a, b) => a.userId - b.userId)).toEqual([
			{ userId: staffA.id, unit: t.tanLap.id },
			{ userId: staffB.id, unit: t.tanLap.id }
		]);

		// The merge is recorded, audited and shown on the survivor's page.
		const [record] = await db().select().from(orgMerges).where(eq(orgMerges.mergedId, t.hoaPhu.id));
		expect(record).toMatchObject({ survivorId: t.tanLap.id, mergedCode: t.hoaPhu.code });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'orgs.merge'), eq(auditLog.targetId, String(t.tanLap.id))));
		expect(audit).toHaveLength(1);
		const page = (await getUnitOverview(db(), actor, t.tanLap.id))!;
		expect(page.merges).toMatchObject([
			{ mergedName: 'Đảng bộ xã Hòa Phú', mergedId: t.hoaPhu.id }
		]);
		expect(page.counts.peopleTotal).toBe(before.personIds.length);
		const gone = (await getUnitOverview(db(), actor, t.hoaPhu.id))!;
		expect(gone.mergedInto).toEqual({ id: t.tanLap.id, code: t.tanLap.code, name: t.tanLap.name });
	});

	it('merges several units at once, including one inside another', async () => {
		const t = await buildProvince(db());
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const before = await census(db(), [t.tanLap.id, t.hoaPhu.id, t.ward.id]);
		const r = await mergeUnits(db(), actor, t.ward.id, [t.tanLap.id, t.tl1.id, t.hoaPhu.id]);
		expect(r.ok).toBe(true);
		const ward = (await getOrgUnit(db(), t.ward.id))!;
		const under = await db()
			.select({ id: people.id })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(like(orgUnits.path, ward.path + '%'));
		expect(under.map((p) => p.id).sort((a, b) => a - b)).toEqual(before.personIds);
		const live = await listScopeTree(db(), [ward.path]);
		expect(live.roots[0].children.map((c) => c.code).sort()).toEqual(
			[t.tl2.code, t.hp1.code, t.hp2.code].sort()
		);
		expect(live.roots[0].peopleTotal).toBe(before.personIds.length);
	});

	it('refuses merging into a descendant, into itself, or outside scope, and changes nothing', async () => {
		const t = await buildProvince(db());
		const province = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const commune = await actorWith(db(), [{ role: 'manager', unit: t.tanLap }]);
		const before = await census(db(), [t.province.id]);
		expect(await mergeUnits(db(), province, t.tl1.id, [t.tanLap.id])).toEqual({
			ok: false,
			error: 'into_own_descendant'
		});
		expect(await mergeUnits(db(), province, t.tl1.id, [t.tl1.id])).toEqual({
			ok: false,
			error: 'same_unit'
		});
		expect(await mergeUnits(db(), province, t.tl1.id, [])).toEqual({
			ok: false,
			error: 'nothing_selected'
		});
		expect(await mergeUnits(db(), commune, t.tl1.id, [t.hp1.id])).toEqual({
			ok: false,
			error: 'unit_not_found'
		});
		expect(await mergeUnits(db(), commune, t.hp1.id, [t.tl1.id])).toEqual({
			ok: false,
			error: 'survivor_not_found'
		});
		// One bad unit in the list stops the whole merge.
		expect(await mergeUnits(db(), commune, t.tl1.id, [t.tl2.id, t.hp2.id])).toEqual({
			ok: false,
			error: 'unit_not_found'
		});
		await mergeUnits(db(), province, t.tl1.id, [t.tl2.id]);
		expect(await mergeUnits(db(), province, t.tl1.id, [t.tl2.id])).toEqual({
			ok: false,
			error: 'unit_not_found'
		});
		const after = await census(db(), [t.province.id]);
		expect(after.personIds).toEqual(before.personIds);
		expect((await getOrgUnit(db(), t.hp2.id))!.mergedIntoId).toBeNull();
	});
});
