import { expect, it } from 'vitest';
import { grantRole } from '../auth/users';
import { lessonProgress, lessons } from '../db/schema';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { createUser } from '../auth/users';
import { createQuizModule } from '../quiz/testing/fixtures';
import { writeFinishedAttempts } from '../analysis/testing';
import { describeEachDatabase } from '../testing/databases';
import { cohortForTrainer, listCohortsFor } from './access';
import { setAssignment } from './assignments';
import { createCohort } from './manage';
import { addMembersFromUnit } from './members';
import { addTrainer } from './trainers';
import { cohortProgress, myAssignments } from './progress';
import { importMembers } from './import';
import { csvFile } from '../people/test-fixtures';

const period = { startsOn: '2026-11-01', endsOn: '2027-03-31' };

describeEachDatabase('cohorts', ({ db }) => {
	it('a trainer sees only the cohorts they run; admins over the unit see all', async () => {
		const w = await buildProvince(db());
		const ann = await actorWith(db(), [{ role: 'trainer', unit: w.province }]);
		const binh = await actorWith(db(), [{ role: 'trainer', unit: w.province }]);
		const chau = await actorWith(db(), [{ role: 'trainer', unit: w.hoaPhu }]);
		const admin = await actorWith(db(), [{ role: 'admin', unit: w.province }]);
		const manager = await actorWith(db(), [{ role: 'manager', unit: w.province }]);
		const id = await createCohort(db(), ann, {
			name: 'Lớp bồi dưỡng Tân Lập',
			orgUnitId: w.tanLap.id,
			...period
		});

		expect((await listCohortsFor(db(), ann)).map((c) => c.id)).toContain(id);
		expect((await listCohortsFor(db(), binh)).map((c) => c.id)).not.toContain(id);
		expect(await cohortForTrainer(db(), binh, id)).toBeNull();
		expect(await cohortForTrainer(db(), manager, id)).toBeNull();
		expect((await listCohortsFor(db(), admin)).map((c) => c.id)).toContain(id);
		expect(await cohortForTrainer(db(), admin, id)).not.toBeNull();

		const cohort = (await cohortForTrainer(db(), ann, id))!;
		// A trainer of another commune cannot co-run it; a trainer over its unit can.
		expect(await addTrainer(db(), ann, cohort, chau.id)).toBe(false);
		expect(await cohortForTrainer(db(), chau, id)).toBeNull();
		expect(await addTrainer(db(), ann, cohort, binh.id)).toBe(true);
		expect(await cohortForTrainer(db(), binh, id)).not.toBeNull();
	});

	it('adds a commune’s secretaries in one step and derives each status from reading and practice', async () => {
		const w = await buildProvince(db());
		const trainer = await actorWith(db(), [{ role: 'trainer', unit: w.province }]);
		const id = await createCohort(db(), trainer, {
			name: 'Lớp Tân Lập',
			orgUnitId: w.tanLap.id,
			...period
		});
		const cohort = (await cohortForTrainer(db(), trainer, id))!;
		const sec1 = await createPerson(db(), {
			orgUnitId: w.tl1.id,
			fullName: 'Vũ Văn Một',
			position: 'secretary'
		});
		const sec2 = await createPerson(db(), {
			orgUnitId: w.tl2.id,
			fullName: 'Đinh Thị Hai',
			position: 'secretary'
		});
		await createPerson(db(), {
			orgUnitId: w.tl2.id,
			fullName: 'Lý Văn Phó',
			position: 'deputy_secretary'
		});
		await createPerson(db(), {
			orgUnitId: w.hp1.id,
			fullName: 'Mai Văn Khác',
			position: 'secretary'
		});

		expect(await addMembersFromUnit(db(), trainer, cohort, w.tanLap.id, 'secretaries')).toBe(2);
		expect(await addMembersFromUnit(db(), trainer, cohort, w.tanLap.id, 'secretaries')).toBe(0);
		// A unit outside the cohort's unit is refused.
		expect(await addMembersFromUnit(db(), trainer, cohort, w.hoaPhu.id, 'secretaries')).toBeNull();

		const { module } = await createQuizModule(db(), { questions: 5 });
		await db()
			.insert(lessons)
			.values(
				[1, 2].map((n) => ({
					id: `${module.id}/l${n}`,
					moduleId: module.id,
					slug: `l${n}`,
					sortOrder: n,
					title: { vi: `Bài ${n}` },
					contentHash: `h${n}`
				}))
			);
		expect(
			await setAssignment(db(), trainer, cohort, {
				moduleId: module.id,
				kind: 'read',
				dueOn: '2026-12-10'
			})
		).toBe(true);
		expect(
			await setAssignment(db(), trainer, cohort, {
				moduleId: module.id,
				kind: 'pass',
				dueOn: '2026-12-05'
			})
		).toBe(true);

		const u1 = await createUser(db(), {
			username: `s1_${id}`,
			displayName: 'Một',
			personId: sec1.id
		});
		await grantRole(db(), { userId: u1.id, role: 'secretary', orgUnitId: w.tl1.id });
		// Member 1 read both lessons (done 03/12 in Hà Nội) and passed on the second attempt.
		await db()
			.insert(lessonProgress)
			.values(
				[1, 2].map((n) => ({
					userId: u1.id,
					lessonId: `${module.id}/l${n}`,
					moduleId: module.id,
					completedAt: new Date('2026-12-02T18:30:00Z'),
					contentHash: `h${n}`
				}))
			);
		// makeQuestions' keys: "<module>-q001"…
		const questions = [1, 2, 3, 4, 5].map((n) => `${module.id}-q${String(n).padStart(3, '0')}`);
		const sit = (right: number) =>
			questions.map((key, i) => ({
				key,
				version: 1,
				optionOrder: ['a', 'b', 'c', 'd'],
				selected: [1],
				points: i < right ? 1 : 0
			}));
		await writeFinishedAttempts(db(), { moduleId: module.id }, [
			{ userId: u1.id, answers: sit(2), finishedAt: new Date('2026-12-03T02:00:00Z') },
			{ userId: u1.id, answers: sit(4), finishedAt: new Date('2026-12-06T02:00:00Z') }
		]);

		const rows = await cohortProgress(db(), id, '2026-12-07');
		expect(rows).toHaveLength(2);
		const one = rows.find((r) => r.personId === sec1.id)!;
		const two = rows.find((r) => r.personId === sec2.id)!;
		const cell = (r: typeof one, kind: string) => r.cells.find((c) => c.kind === kind)!;
		expect(cell(one, 'read')).toMatchObject({
			status: 'read',
			doneOn: '2026-12-03',
			lessonsDone: 2,
			lessonsTotal: 2
		});
		expect(cell(one, 'pass')).toMatchObject({
			status: 'passed',
			doneOn: '2026-12-06',
			attempts: 2,
			bestPercent: 80
		});
		// Member 2 has no account and did nothing: the pass assignment is past due, reading is not yet.
		expect(two.hasAccount).toBe(false);
		expect(cell(two, 'read').status).toBe('not_started');
		expect(cell(two, 'pass').status).toBe('overdue');
		expect(cell(two, 'read').attempts).toBe(0);
		// On 11/12 the reading is overdue too.
		const later = await cohortProgress(db(), id, '2026-12-11');
		expect(
			later
				.find((r) => r.personId === sec2.id)!
				.cells.map((c) => c.status)
				.sort()
		).toEqual(['overdue', 'overdue']);

		// The member's own list on the home page.
		const mine = await myAssignments(db(), sec1.id, '2026-12-07');
		expect(mine.map((a) => [a.kind, a.status, a.cohortName])).toEqual(
			expect.arrayContaining([
				['read', 'read', 'Lớp Tân Lập'],
				['pass', 'passed', 'Lớp Tân Lập']
			])
		);
		expect(await myAssignments(db(), sec1.id, '2027-04-01')).toEqual([]);
	});

	it('imports a class list all or nothing, with the row of each problem', async () => {
		const w = await buildProvince(db());
		const trainer = await actorWith(db(), [{ role: 'trainer', unit: w.province }]);
		const id = await createCohort(db(), trainer, {
			name: 'Lớp nhập danh sách',
			orgUnitId: w.tanLap.id,
			...period
		});
		const cohort = (await cohortForTrainer(db(), trainer, id))!;
		const card = `${w.prefix.slice(-6)}01`.toUpperCase().replace(/[^0-9A-Z]/g, '9');
		await createPerson(db(), {
			orgUnitId: w.tl1.id,
			fullName: 'Kiều Văn Thẻ',
			position: 'secretary',
			partyCardNumber: card
		});
		await createPerson(db(), {
			orgUnitId: w.tl2.id,
			fullName: 'Tạ Thị Tên',
			position: 'secretary'
		});
		await createPerson(db(), {
			orgUnitId: w.hp1.id,
			fullName: 'Ông Văn Ngoài',
			position: 'secretary'
		});
		const header = 'Họ và tên,Mã đơn vị,Số thẻ đảng viên\n';
		const bad = await importMembers(
			db(),
			trainer,
			cohort,
			csvFile(
				header +
					`Kiều Văn Thẻ,,${card}\n` +
					`ta thi ten,${w.tl2.code},\n` +
					`Ông Văn Ngoài,${w.hp1.code},\n` +
					`Không Có Ai,${w.tl1.code},\n` +
					`Kiều Văn Thẻ,,${card}\n` +
					',,\n' +
					'Thiếu Mã,,\n'
			)
		);
		expect(bad).toEqual({
			ok: false,
			rowErrors: [
				{ rowNumber: 4, code: 'outside' },
				{ rowNumber: 5, code: 'not_found' },
				{ rowNumber: 6, code: 'duplicate' },
				{ rowNumber: 8, code: 'no_key' }
			]
		});
		expect(await cohortProgress(db(), id, '2026-12-07')).toEqual([]);
		const good = await importMembers(
			db(),
			trainer,
			cohort,
			csvFile(header + `Kiều Văn Thẻ,,${card}\nTạ Thị Tên,${w.tl2.code},\n`)
		);
		expect(good).toEqual({ ok: true, added: 2, rows: 2 });
		expect((await cohortProgress(db(), id, '2026-12-07')).map((r) => r.fullName).sort()).toEqual([
			'Kiều Văn Thẻ',
			'Tạ Thị Tên'
		]);
	});
});
