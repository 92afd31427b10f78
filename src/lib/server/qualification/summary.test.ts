import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createUser } from '../auth/users';
import { completeLesson, saveLessonPosition } from '../content/progress';
import type { Db } from '../db/client';
import { rowsOf } from '../db/rows';
import { lessons, qualificationRuleVersions, qualificationSummaries } from '../db/schema';
import { mergeUnits } from '../orgs/merge';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { updatePerson } from '../people/profile';
import { finishAttempt } from '../quiz/finish';
import { startPracticeAttempt } from '../quiz/practice';
import { saveAnswers } from '../quiz/save';
import { createQuizModule, keyOfAttempt } from '../quiz/testing/fixtures';
import { describeEachDatabase } from '../testing/databases';
import { addDays, addYears, vietnamDay } from './calendar';
import { laggards } from './laggards';
import { unitRollup } from './rollup';
import { personQualification } from './status';
import { addRuleVersion } from './store';
import { addTrainingRecord, deleteTrainingRecord, updateTrainingRecord } from './training';
import { importTrainingRecords } from './training-import';

/*
 * The summary follows every kind of change: each step below changes one person's status or
 * reasons through the app's own writer, then checks that the writer marked the summary (in its
 * transaction) and that the dashboard (which reads the summary) equals the evaluation of the
 * person's facts read afresh. Leaving out one writer's mark makes its step fail.
 */

const TODAY = vietnamDay(new Date());

describeEachDatabase('qualification summary', ({ db }) => {
	let world: Awaited<ReturnType<typeof setup>>;

	async function setup(d: Db) {
		const tree = await buildProvince(d);
		const { module } = await createQuizModule(d, {
			questions: 3,
			quiz: { questionCount: 3, passPercent: 60 }
		});
		const lessonIds = [1, 2].map((n) => `${module.id}-l${n}`);
		await d.insert(lessons).values(
			lessonIds.map((id, i) => ({
				id,
				moduleId: module.id,
				slug: `l${i + 1}`,
				sortOrder: i + 1,
				title: { vi: `Bài ${i + 1}` },
				contentHash: 'h'
			}))
		);
		await d.insert(qualificationRuleVersions).values({
			orgUnitId: tree.province.id,
			effectiveFrom: '2024-01-01',
			requiredModules: [module.id],
			passPercent: 60,
			validityYears: 2,
			minTheoryLevel: 'elementary',
			trainingWithinYears: 3
		});
		const card = `${Date.now()}`.slice(-9);
		const person = await createPerson(d, {
			orgUnitId: tree.tl1.id,
			fullName: 'Vũ Thị Tâm',
			position: 'secretary',
			theoryLevel: 'elementary',
			partyCardNumber: card
		});
		const user = await createUser(d, {
			username: `summary_${Date.now()}`,
			displayName: 'Vũ Thị Tâm',
			personId: person.id
		});
		const manager = await actorWith(d, [{ role: 'manager', unit: tree.province }]);
		return { tree, module, lessonIds, person, user, manager, card };
	}

	const summaryRow = async () =>
		(
			await db()
				.select()
				.from(qualificationSummaries)
				.where(eq(qualificationSummaries.personId, world.person.id))
		)[0];

	/** The dashboard's view of the person (their cell's people list) against their facts read now. */
	async function dashboardAgrees(day = TODAY) {
		const cell = await unitRollup(db(), world.tree.tl1, day);
		const mine = cell.people.find((p) => p.id === world.person.id)!;
		const fresh = await personQualification(db(), world.person.id, day);
		expect(mine.evaluation).toEqual(fresh!.evaluation);
		return mine.evaluation;
	}

	/** The writer marked the summary: a reader must evaluate the person again. */
	async function marked(change: () => Promise<unknown>) {
		await dashboardAgrees();
		const before = await summaryRow();
		expect(before.evaluatedOn).toBe(TODAY);
		await change();
		const after = await summaryRow();
		expect(after.evaluatedOn).toBeNull();
		expect(after.generation).toBeGreaterThan(before.generation);
		return dashboardAgrees();
	}

	it('sets up a province with a rule and a secretary', async () => {
		world = await setup(db());
		expect((await dashboardAgrees()).status).toBe('not_started');
	}, 60_000);

	it('follows reading: a lesson opened, then the module read through', async () => {
		const [l1, l2] = world.lessonIds;
		const lesson = (id: string) => ({ id, moduleId: world.module.id, hash: 'h' });
		expect(
			(await marked(() => saveLessonPosition(db(), world.user.id, lesson(l1), 300))).status
		).toBe('in_progress');
		await marked(() => completeLesson(db(), world.user.id, lesson(l1)));
		const read = await marked(() => completeLesson(db(), world.user.id, lesson(l2)));
		expect(read.reasons.map((r) => r.requirement)).toEqual(['practice', 'training']);
	});

	it('follows training records: added, imported, edited, deleted', async () => {
		const value = {
			name: 'Bồi dưỡng bí thư',
			organizer: 'Tỉnh ủy',
			startOn: addDays(TODAY, -10),
			endOn: addDays(TODAY, -8),
			hours: 24,
			certificateNumber: null
		};
		const base = { personId: world.person.id, orgUnitId: world.tree.tl1.id };
		let recordId = 0;
		const added = await marked(async () => {
			recordId = await addTrainingRecord(db(), {
				...base,
				value,
				actorUserId: world.manager.id
			});
		});
		expect(added.reasons.map((r) => r.requirement)).toEqual(['practice']);
		const lapsed = await marked(() =>
			updateTrainingRecord(db(), {
				...base,
				recordId,
				value: { ...value, startOn: addYears(TODAY, -5), endOn: addYears(TODAY, -5) },
				actorUserId: world.manager.id
			})
		);
		expect(lapsed.reasons.at(-1)).toMatchObject({ requirement: 'training' });
		expect(lapsed.reasons.at(-1)).not.toMatchObject({ lapsedOn: null });
		const none = await marked(() =>
			deleteTrainingRecord(db(), { ...base, recordId, actorUserId: world.manager.id })
		);
		expect(none.reasons.at(-1)).toMatchObject({ requirement: 'training', lapsedOn: null });
		const dmy = (day: string) => day.split('-').reverse().join('/');
		const csv = [
			'Số thẻ đảng viên,Tên lớp,Đơn vị tổ chức,Ngày bắt đầu,Ngày kết thúc,Số tiết',
			`${world.card},Lớp bồi dưỡng,Tỉnh ủy,${dmy(value.startOn)},${dmy(value.endOn)},16`
		].join('\n');
		const imported = await marked(async () => {
			const result = await importTrainingRecords(db(), {
				file: { name: 'lop.csv', bytes: new TextEncoder().encode(csv) },
				scope: [world.tree.province.path],
				actorUserId: world.manager.id,
				today: TODAY
			});
			expect(result).toMatchObject({ ok: true, created: 1 });
		});
		expect(imported.reasons.map((r) => r.requirement)).toEqual(['practice']);
	});

	it('follows a practice attempt finished (submitted)', async () => {
		const start = await startPracticeAttempt(db(), {
			userId: world.user.id,
			module: world.module
		});
		if (!start.ok) throw new Error(start.reason);
		const key = await keyOfAttempt(db(), start.attemptId);
		await saveAnswers(db(), {
			attemptId: start.attemptId,
			userId: world.user.id,
			saves: key.map((q) => ({ position: q.position, seq: 1, selected: q.right, flagged: false })),
			now: new Date(),
			graceMs: 5000
		});
		const done = await marked(() =>
			finishAttempt(db(), start.attemptId, { userId: world.user.id })
		);
		expect(done.status).toBe('qualified');
		expect(done.expiresOn).toBe(addYears(TODAY, 2));
	});

	it('follows the time: expiring within 60 days, then expired, without any change', async () => {
		const expires = addYears(TODAY, 2);
		expect((await dashboardAgrees(addDays(expires, -61))).status).toBe('qualified');
		expect((await dashboardAgrees(addDays(expires, -60))).status).toBe('expiring');
		expect((await dashboardAgrees(expires)).status).toBe('expired');
		// Past years' figures read the stored periods: qualified from today, not before.
		const lastYear = Number(TODAY.slice(0, 4)) - 1;
		const past = await unitRollup(db(), world.tree.tl1, addDays(expires, -1), lastYear + 1);
		expect(past.trend.find((t) => t.year === lastYear)!.indicators.qualified).toBe(0);
	});

	it('follows a profile edit (theory level) and a new rule version', async () => {
		const profile = {
			fullName: 'Vũ Thị Tâm',
			orgUnitId: world.tree.tl1.id,
			position: 'secretary' as const,
			theoryLevel: 'none' as const,
			partyCardNumber: world.card,
			birthYear: null,
			gender: null,
			educationLevel: null,
			phone: null
		};
		const edited = await marked(async () => {
			const r = await updatePerson(db(), {
				personId: world.person.id,
				value: profile,
				scope: [world.tree.province.path],
				actorUserId: world.manager.id
			});
			expect(r).toMatchObject({ ok: true });
		});
		expect(edited.status).toBe('in_progress');
		expect(edited.reasons).toEqual([{ requirement: 'theory', min: 'elementary' }]);
		const looser = await marked(async () => {
			const r = await addRuleVersion(db(), {
				provinceId: world.tree.province.id,
				rule: {
					effectiveFrom: TODAY,
					requiredModules: [world.module.id],
					passPercent: 60,
					validityYears: 3,
					minTheoryLevel: null,
					trainingWithinYears: null
				},
				actorUserId: world.manager.id
			});
			expect(r).toEqual({ ok: true });
		});
		expect(looser).toMatchObject({ status: 'qualified', reasons: [], ruleFrom: TODAY });
	});

	it('follows a merge of the unit (the people may come under other rules)', async () => {
		const admin = await actorWith(db(), [{ role: 'admin', unit: world.tree.province }]);
		await dashboardAgrees();
		const r = await mergeUnits(db(), admin, world.tree.tl2.id, [world.tree.tl1.id]);
		expect(r.ok).toBe(true);
		expect((await summaryRow()).evaluatedOn).toBeNull();
		const cell = await unitRollup(db(), world.tree.tl2, TODAY);
		const fresh = await personQualification(db(), world.person.id, TODAY);
		expect(cell.people.find((p) => p.id === world.person.id)!.evaluation).toEqual(
			fresh!.evaluation
		);
	});

	it('the province dashboard and laggards equal the evaluation of everyone afresh', async () => {
		const province = await unitRollup(db(), world.tree.province, TODAY);
		const tracked = await db().execute(sql`
			select p.id from people p join org_units o on o.id = p.org_unit_id
			where o.path like ${world.tree.province.path + '%'}
				and p.position in ('secretary', 'deputy_secretary', 'committee_member')`);
		const ids = rowsOf<{ id: number }>(tracked).map((r) => Number(r.id));
		const statuses = await Promise.all(
			ids.map(async (id) => (await personQualification(db(), id, TODAY))!.evaluation!.status)
		);
		expect(province.total.total).toBe(ids.length);
		for (const s of new Set(statuses))
			expect(province.total[s]).toBe(statuses.filter((x) => x === s).length);
		const lag = (await laggards(db(), world.tree.province, TODAY))!;
		expect(lag.people.length).toBe(statuses.filter((s) => s !== 'qualified').length);
	});
});
