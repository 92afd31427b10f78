import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { createQuizModule } from '../quiz/testing/fixtures';
import { describeEachDatabase } from '../testing/databases';
import { cohortForTrainer } from './access';
import { listAssignments, removeAssignment, setAssignment } from './assignments';
import { parseCohortEditForm } from './forms';
import { createCohort, updateCohort } from './manage';
import { addMembersFromUnit, cohortMemberIds, removeMember } from './members';
import { addTrainer, currentTrainers, removeTrainer } from './trainers';

const period = { startsOn: '2026-11-01', endsOn: '2027-03-31' };
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

it('the edit form takes a name and a period, not a unit', () => {
	expect(
		parseCohortEditForm(form({ name: ' Lớp mới ', startsOn: '2026-12-01', endsOn: '2027-01-31' }))
	).toEqual({ ok: true, value: { name: 'Lớp mới', startsOn: '2026-12-01', endsOn: '2027-01-31' } });
	expect(
		parseCohortEditForm(form({ name: 'ab', startsOn: '2026-12-01', endsOn: '2026-11-30' }))
	).toEqual({ ok: false, errors: { name: 'name', endsOn: 'before_start' } });
	expect(parseCohortEditForm(form({ name: 'Lớp', startsOn: '2026-02-30', endsOn: '' }))).toEqual({
		ok: false,
		errors: { startsOn: 'date', endsOn: 'date' }
	});
});

describeEachDatabase('editing a cohort', ({ db }) => {
	async function setUp() {
		const w = await buildProvince(db());
		const ann = await actorWith(db(), [{ role: 'trainer', unit: w.province }]);
		const binh = await actorWith(db(), [{ role: 'trainer', unit: w.province }]);
		const id = await createCohort(db(), ann, {
			name: 'Lớp Tân Lập',
			orgUnitId: w.tanLap.id,
			...period
		});
		const cohort = (await cohortForTrainer(db(), ann, id))!;
		const audits = async (action: string) =>
			db()
				.select({ details: auditLog.details, actor: auditLog.actorUserId })
				.from(auditLog)
				.where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(id))));
		return { w, ann, binh, id, cohort, audits };
	}

	it('renames a cohort and changes its period, logged with before and after', async () => {
		const { ann, id, cohort, audits } = await setUp();
		const to = { name: 'Lớp Tân Lập (khóa 2)', startsOn: '2026-12-01', endsOn: '2027-06-30' };
		await updateCohort(db(), ann, cohort, to);
		const after = (await cohortForTrainer(db(), ann, id))!;
		expect({ name: after.name, startsOn: after.startsOn, endsOn: after.endsOn }).toEqual(to);
		expect(after.orgUnitId).toBe(cohort.orgUnitId);
		expect(await audits('cohort.updated')).toEqual([
			{ actor: ann.id, details: { from: { name: 'Lớp Tân Lập', ...period }, to } }
		]);
	});

	it('removes a trainer, never the last one; the removed trainer no longer sees it', async () => {
		const { ann, binh, id, cohort, audits } = await setUp();
		expect(await removeTrainer(db(), ann, cohort, binh.id)).toBe('not_trainer');
		expect(await removeTrainer(db(), ann, cohort, ann.id)).toBe('last_trainer');
		expect(await addTrainer(db(), ann, cohort, binh.id)).toBe(true);
		expect((await currentTrainers(db(), id)).map((t) => t.id).sort()).toEqual(
			[ann.id, binh.id].sort()
		);
		expect(await removeTrainer(db(), binh, cohort, ann.id)).toBe('removed');
		expect(await cohortForTrainer(db(), ann, id)).toBeNull();
		expect((await currentTrainers(db(), id)).map((t) => t.id)).toEqual([binh.id]);
		expect(await removeTrainer(db(), binh, cohort, binh.id)).toBe('last_trainer');
		expect(await audits('cohort.trainer_removed')).toEqual([
			{ actor: binh.id, details: { userId: ann.id } }
		]);
	});

	it('removes members and assignments of this cohort only, logged', async () => {
		const { w, ann, id, cohort, audits } = await setUp();
		const other = await createCohort(db(), ann, {
			name: 'Lớp khác',
			orgUnitId: w.tanLap.id,
			...period
		});
		const otherCohort = (await cohortForTrainer(db(), ann, other))!;
		const sec = await createPerson(db(), {
			orgUnitId: w.tl1.id,
			fullName: 'Vũ Văn Một',
			position: 'secretary'
		});
		await addMembersFromUnit(db(), ann, cohort, w.tanLap.id, 'secretaries');
		await addMembersFromUnit(db(), ann, otherCohort, w.tanLap.id, 'secretaries');
		const { module } = await createQuizModule(db(), { questions: 3 });
		const due = { moduleId: module.id, kind: 'read' as const, dueOn: '2026-12-10' };
		await setAssignment(db(), ann, cohort, due);
		await setAssignment(db(), ann, otherCohort, due);
		const [mine] = await listAssignments(db(), id);
		const [theirs] = await listAssignments(db(), other);

		// Through this cohort, the other cohort's assignment cannot be removed.
		expect(await removeAssignment(db(), ann, cohort, theirs.id)).toBe(false);
		expect(await removeAssignment(db(), ann, cohort, mine.id)).toBe(true);
		expect(await listAssignments(db(), id)).toEqual([]);
		expect(await listAssignments(db(), other)).toHaveLength(1);

		expect(await removeMember(db(), ann, cohort, sec.id)).toBe(true);
		expect(await removeMember(db(), ann, cohort, sec.id)).toBe(false);
		expect(await cohortMemberIds(db(), id)).not.toContain(sec.id);
		expect(await cohortMemberIds(db(), other)).toContain(sec.id);

		expect(await audits('cohort.assignment_removed')).toEqual([
			{ actor: ann.id, details: { assignmentId: mine.id } }
		]);
		expect(await audits('cohort.member_removed')).toEqual([
			{ actor: ann.id, details: { personId: sec.id } }
		]);
	});
});
