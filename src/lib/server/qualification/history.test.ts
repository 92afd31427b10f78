import { expect, it } from 'vitest';
import { createUser } from '../auth/users';
import type { Db } from '../db/client';
import { attempts, lessonProgress, lessons, qualificationRuleVersions } from '../db/schema';
import { mergeUnits } from '../orgs/merge';
import { actorWith, uniquePrefix, unit } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { updatePerson } from '../people/profile';
import { createQuizModule, defaultQuiz } from '../quiz/testing/fixtures';
import { describeEachDatabase } from '../testing/databases';
import { vietnamDay } from './calendar';
import { laggards } from './laggards';
import { unitRollup } from './rollup';
import { personQualification } from './status';

/*
 * The issue: after a merge (2025 reform) or a transfer, last year's figures stay with the unit the
 * person was counted in; this year's follow the person. The moves happen now (the unit history
 * records the real time), so "this year" is the real current year.
 */
const today = vietnamDay(new Date());
const thisYear = Number(today.slice(0, 4));
const lastYear = thisYear - 1;

async function seed(db: Db) {
	const p = uniquePrefix();
	const province = await unit(db, p, 'Đảng bộ tỉnh Lịch Sử', 'province', null);
	const x = await unit(db, `${p}-X`, 'Đảng bộ xã Xuân', 'commune', province);
	const y = await unit(db, `${p}-Y`, 'Đảng bộ xã Yên', 'commune', province);
	const x1 = await unit(db, `${p}-X-1`, 'Chi bộ thôn Một', 'cell', x);
	const x2 = await unit(db, `${p}-X-2`, 'Chi bộ thôn Hai', 'cell', x);
	const y1 = await unit(db, `${p}-Y-1`, 'Chi bộ thôn Ba', 'cell', y);
	const moduleId = (await createQuizModule(db, { questions: 3 })).module.id;
	await db.insert(lessons).values({
		id: `${moduleId}-l1`,
		moduleId,
		slug: 'l1',
		sortOrder: 1,
		title: { vi: 'Bài 1' },
		contentHash: 'h'
	});
	await db.insert(qualificationRuleVersions).values({
		orgUnitId: province.id,
		effectiveFrom: `${lastYear - 2}-01-01`,
		requiredModules: [moduleId],
		passPercent: 50,
		validityYears: 5,
		minTheoryLevel: null
	});
	/** A secretary; `qualified` ones read the lesson and passed the practice last March. */
	const secretary = async (at: { id: number }, fullName: string, qualified: boolean) => {
		const person = await createPerson(db, { orgUnitId: at.id, fullName, position: 'secretary' });
		const user = await createUser(db, {
			username: `hist_${person.id}_${Date.now()}`,
			displayName: fullName,
			personId: person.id
		});
		if (qualified) {
			const at = new Date(`${lastYear}-03-02T03:00:00Z`);
			await db.insert(lessonProgress).values({
				userId: user.id,
				lessonId: `${moduleId}-l1`,
				moduleId,
				position: 1000,
				completedAt: at
			});
			await db.insert(attempts).values({
				userId: user.id,
				kind: 'practice',
				subject: `module:${moduleId}`,
				attemptNo: 1,
				moduleId,
				config: defaultQuiz,
				seed: 's',
				status: 'finished',
				startedAt: at,
				deadline: new Date(at.getTime() + 3_600_000),
				finishedAt: new Date(at.getTime() + 600_000),
				score: 8,
				maxScore: 10,
				passed: true
			});
		}
		return person;
	};
	const people = {
		a: await secretary(x1, 'Người Chuyển Đi', true),
		b: await secretary(x2, 'Người Sáp Nhập', true),
		c: await secretary(x1, 'Người Ở Lại', false),
		d: await secretary(y1, 'Người Xã Bên', false)
	};
	return { province, x, y, x1, x2, y1, people };
}

describeEachDatabase('qualification history across a merge and a transfer', ({ db }) => {
	let s: Awaited<ReturnType<typeof seed>>;
	let before: Map<number, unknown>;
	const tracked = async (u: { id: number; path: string }, year = thisYear) =>
		(await unitRollup(db(), u, today, year)).indicators.tracked;

	it('seeds two communes and records each person before the moves', async () => {
		s = await seed(db());
		before = new Map();
		for (const p of Object.values(s.people))
			before.set(p.id, (await personQualification(db(), p.id, today))!.evaluation);
		expect(await tracked(s.x)).toBe(3);
		expect(await tracked(s.x, lastYear)).toBe(3);
	}, 60_000);

	it('moves A from commune X to commune Y and merges cell X-2 into X-1', async () => {
		const manager = await actorWith(db(), [{ role: 'manager', unit: s.province }]);
		const a = s.people.a;
		const moved = await updatePerson(db(), {
			personId: a.id,
			value: {
				fullName: a.fullName,
				orgUnitId: s.y1.id,
				position: 'deputy_secretary',
				birthYear: null,
				gender: null,
				educationLevel: null,
				theoryLevel: null,
				phone: null,
				partyCardNumber: null
			},
			scope: [s.province.path],
			actorUserId: manager.id
		});
		expect(moved).toEqual({ ok: true, transferred: true });
		const merged = await mergeUnits(db(), manager, s.x1.id, [s.x2.id]);
		expect(merged.ok).toBe(true);
	});

	it("keeps each person's qualification record through the moves", async () => {
		for (const p of Object.values(s.people)) {
			const after = (await personQualification(db(), p.id, today))!.evaluation;
			expect(after, p.fullName).toEqual(before.get(p.id));
		}
	});

	it("counts this year's figures with the person's unit now", async () => {
		const { x, y, x1 } = s;
		const commune = await unitRollup(db(), x, today);
		expect(commune.total.total).toBe(2);
		expect(commune.children.map((c) => [c.id, c.counts.total])).toEqual([[x1.id, 2]]);
		expect(commune.children[0].counts.qualified).toBe(1);
		expect(await tracked(y)).toBe(2);
		const lag = await laggards(db(), x, today);
		expect(lag!.people.map((p) => p.fullName)).toEqual(['Người Ở Lại']);
	});

	it("leaves last year's figures with the units the people were counted in", async () => {
		const { province, x, y, x1, x2 } = s;
		// Commune X last year: A (since moved away), B (in the merged cell) and C.
		const commune = await unitRollup(db(), x, today, lastYear);
		expect(commune.indicators.tracked).toBe(3);
		expect(commune.indicators.qualified).toBeCloseTo(2 / 3);
		// Cell X-1 last year: A and C; B was counted in X-2, which is merged now.
		expect(commune.children.find((c) => c.id === x1.id)!.indicators.tracked).toBe(2);
		expect(await tracked(x1, lastYear)).toBe(2);
		expect(await tracked(x1)).toBe(2);
		expect(await tracked(y, lastYear)).toBe(1);
		// The trend shows the same: last year three people in X, this year two.
		const trend = (await unitRollup(db(), x, today)).trend;
		expect(trend.map((t) => [t.year, t.indicators.tracked]).slice(-2)).toEqual([
			[lastYear, 3],
			[thisYear, 2]
		]);
		// The province counts everyone once, in every year.
		expect(await tracked(province, lastYear)).toBe(4);
		expect(await tracked(province)).toBe(4);
		expect(x2.id).not.toBe(x1.id);
	});
});
