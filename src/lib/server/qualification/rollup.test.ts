import { expect, it } from 'vitest';
import {
	attempts,
	lessonProgress,
	lessons,
	qualificationRuleVersions,
	type OrgUnit,
	type TheoryLevel
} from '../db/schema';
import { createQuizModule, defaultQuiz } from '../quiz/testing/fixtures';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { createUser } from '../auth/users';
import { describeEachDatabase } from '../testing/databases';
import { addDays } from './calendar';
import { qualificationDashboard } from './dashboard';
import { emptyCounts, unitRollup, type StatusCounts } from './rollup';
import {
	evaluateQualification,
	type ModuleFacts,
	type PersonFacts,
	type QualificationRule
} from './rules';
import { personQualification } from './status';
import type { Db } from '../db/client';

const TODAY = '2026-12-07';

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

type Seeded = { personId: number; unit: OrgUnit; facts: PersonFacts };

async function seedProvince(db: Db) {
	const tree = await buildProvince(db);
	const a = (await createQuizModule(db, { questions: 3 })).module.id;
	const b = (await createQuizModule(db, { questions: 3 })).module.id;
	for (const moduleId of [a, b]) {
		await db.insert(lessons).values(
			[1, 2].map((n) => ({
				id: `${moduleId}-l${n}`,
				moduleId,
				slug: `l${n}`,
				sortOrder: n,
				title: { vi: `Bài ${n}` },
				contentHash: 'h'
			}))
		);
	}
	const versions: QualificationRule[] = [
		{
			effectiveFrom: '2024-01-01',
			requiredModules: [a],
			passPercent: 60,
			validityYears: 2,
			minTheoryLevel: null
		},
		{
			effectiveFrom: '2026-01-01',
			requiredModules: [a, b],
			passPercent: 70,
			validityYears: 2,
			minTheoryLevel: 'elementary'
		}
	];
	await db
		.insert(qualificationRuleVersions)
		.values(versions.map((v) => ({ ...v, orgUnitId: tree.province.id })));

	const random = prng(20261207);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const day = () => addDays('2023-06-01', Math.floor(random() * 1300));
	const seeded: Seeded[] = [];
	const units = [tree.tanLap, tree.tl1, tree.tl2, tree.hoaPhu, tree.hp1, tree.hp2, tree.ward];
	let n = 0;
	for (const unit of units) {
		for (let i = 0; i < 6; i++) {
			const theoryLevel = pick<TheoryLevel | null>([null, 'none', 'elementary', 'intermediate']);
			const person = await createPerson(db, {
				orgUnitId: unit.id,
				fullName: `Người Thử ${++n}`,
				position: pick(['secretary', 'deputy_secretary', 'committee_member'] as const),
				theoryLevel
			});
			const user = await createUser(db, {
				username: `qtest_${n}_${Date.now()}`,
				displayName: 'x',
				personId: person.id
			});
			const modules: Record<string, ModuleFacts> = {};
			for (const moduleId of [a, b]) {
				const lessonsDone = pick([0, 0, 1, 2, 2, 2]);
				const opened = lessonsDone > 0 || random() < 0.2;
				let readOn: string | null = null;
				for (let l = 1; l <= (opened ? Math.max(1, lessonsDone) : 0); l++) {
					const done = l <= lessonsDone ? day() : null;
					// Read on the later of the two lesson days.
					if (done && lessonsDone === 2 && (readOn === null || done > readOn)) readOn = done;
					await db.insert(lessonProgress).values({
						userId: user.id,
						lessonId: `${moduleId}-l${l}`,
						moduleId,
						position: done ? 1000 : 300,
						// 18:00 UTC is already the next day in Vietnam.
						completedAt: done ? new Date(`${addDays(done, -1)}T18:00:00Z`) : null
					});
				}
				const practice: ModuleFacts['practice'] = [];
				const tries = pick([0, 0, 1, 2, 3]);
				for (let t = 1; t <= tries; t++) {
					const on = day();
					const score = Math.floor(random() * 11);
					practice.push({ on, percent: score * 10 });
					await db.insert(attempts).values({
						userId: user.id,
						kind: 'practice',
						subject: `module:${moduleId}`,
						attemptNo: t,
						moduleId,
						config: defaultQuiz,
						seed: 's',
						status: 'finished',
						startedAt: new Date(`${addDays(on, -1)}T17:30:00Z`),
						deadline: new Date(`${addDays(on, -1)}T18:30:00Z`),
						finishedAt: new Date(`${addDays(on, -1)}T17:45:00Z`),
						score,
						maxScore: 10,
						passed: score >= 6
					});
				}
				modules[moduleId] = { readOn, readStarted: opened, practice };
			}
			seeded.push({ personId: person.id, unit, facts: { theoryLevel, modules } });
		}
	}
	return { tree, versions, seeded };
}

describeEachDatabase('qualification rollup', ({ db }) => {
	let seed: Awaited<ReturnType<typeof seedProvince>>;

	it('seeds a province', async () => {
		seed = await seedProvince(db());
		expect(seed.seeded).toHaveLength(42);
	}, 60_000);

	/** The brute force: each seeded person's facts as written, evaluated one by one. */
	const bruteForce = (under: OrgUnit) => {
		const counts = emptyCounts();
		for (const s of seed.seeded.filter((p) => p.unit.path.startsWith(under.path))) {
			const status = evaluateQualification(seed.versions, s.facts, TODAY)!.status;
			counts[status]++;
			counts.total++;
		}
		return counts;
	};

	it('counts per child unit equal a brute-force count over the seeded data', async () => {
		const { province, tanLap, hoaPhu, ward, tl1, tl2 } = seed.tree;
		const rollup = await unitRollup(db(), province, TODAY);
		expect(rollup.hasRule).toBe(true);
		// The members of buildProvince hold no tracked position: they are not counted.
		expect(rollup.total).toEqual(bruteForce(province));
		expect(rollup.total.total).toBe(42);
		const byId = new Map(rollup.children.map((c) => [c.id, c.counts]));
		for (const unit of [tanLap, hoaPhu, ward])
			expect(byId.get(unit.id), unit.name).toEqual(bruteForce(unit));
		const commune = await unitRollup(db(), tanLap, TODAY);
		expect(commune.children.map((c) => c.id).sort()).toEqual([tl1.id, tl2.id].sort());
		for (const unit of [tl1, tl2]) {
			expect(commune.children.find((c) => c.id === unit.id)!.counts).toEqual(bruteForce(unit));
		}
		// The commune's own secretaries are listed by name, not under a cell.
		expect(commune.people.map((p) => p.id).sort()).toEqual(
			seed.seeded
				.filter((s) => s.unit.id === tanLap.id)
				.map((s) => s.personId)
				.sort()
		);
		const statuses = new Set(
			Object.entries(rollup.total).filter(([k, v]) => k !== 'total' && v > 0)
		);
		expect(statuses.size, 'the seed exercises several statuses').toBeGreaterThanOrEqual(3);
	});

	it("one person's status is the same as in the rollup", async () => {
		for (const s of seed.seeded.slice(0, 12)) {
			const mine = await personQualification(db(), s.personId, TODAY);
			expect(mine!.evaluation).toEqual(evaluateQualification(seed.versions, s.facts, TODAY));
		}
	});

	it('a commune manager sees only their commune', async () => {
		const { province, tanLap, hoaPhu, tl1 } = seed.tree;
		const manager = await actorWith(db(), [{ role: 'manager', unit: tanLap }]);
		const own = await qualificationDashboard(db(), manager, null, TODAY);
		expect(own!.unit.id).toBe(tanLap.id);
		expect(own!.ancestors).toEqual([]);
		expect(own!.rollup.total).toEqual(bruteForce(tanLap));
		expect(
			(await qualificationDashboard(db(), manager, tl1.id, TODAY))!.ancestors.map((a) => a.id)
		).toEqual([tanLap.id]);
		expect(await qualificationDashboard(db(), manager, hoaPhu.id, TODAY)).toBeNull();
		expect(await qualificationDashboard(db(), manager, province.id, TODAY)).toBeNull();
		const secretary = await actorWith(db(), [{ role: 'secretary', unit: tl1 }]);
		expect(await qualificationDashboard(db(), secretary, tl1.id, TODAY)).toBeNull();
		const provincial = await actorWith(db(), [{ role: 'manager', unit: province }]);
		const all = await qualificationDashboard(db(), provincial, null, TODAY);
		expect(all!.rollup.total satisfies StatusCounts).toEqual(bruteForce(province));
	});
});
