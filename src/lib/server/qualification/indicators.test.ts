import { and, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import { createUser } from '../auth/users';
import type { Db } from '../db/client';
import {
	auditLog,
	classificationRecords,
	contestAwards,
	contestLevels,
	contestPrizeBands,
	contestRegistrations,
	contests,
	qualificationRuleVersions,
	trainingRecords,
	type Classification,
	type OrgUnit
} from '../db/schema';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { describeEachDatabase } from '../testing/databases';
import { qualificationDashboard } from './dashboard';
import { exportQualification } from './export';
import { laggards } from './laggards';
import { unitRollup } from './rollup';

const TODAY = '2026-12-07';
let codes = 0;

/**
 * Four tracked people under the commune, each fact chosen so every indicator has a known answer
 * (README: the rule asks for elementary theory and a course within 2 years, no module).
 */
async function seed(db: Db) {
	const tree = await buildProvince(db);
	await db.insert(qualificationRuleVersions).values({
		orgUnitId: tree.province.id,
		effectiveFrom: '2020-01-01',
		requiredModules: [],
		passPercent: 70,
		validityYears: 2,
		minTheoryLevel: 'elementary',
		trainingWithinYears: 2
	});
	const add = async (
		unit: OrgUnit,
		p: {
			fullName: string;
			position: 'secretary' | 'deputy_secretary' | 'committee_member';
			theoryLevel: 'none' | 'elementary' | 'intermediate' | 'advanced';
			educationLevel: 'upper_secondary' | 'college' | 'university' | 'postgraduate';
			birthYear: number | null;
			courseEnded: string | null;
			ratings: [number, Classification][];
		}
	) => {
		const person = await createPerson(db, {
			orgUnitId: unit.id,
			fullName: p.fullName,
			position: p.position,
			theoryLevel: p.theoryLevel,
			educationLevel: p.educationLevel,
			birthYear: p.birthYear
		});
		if (p.courseEnded) {
			await db.insert(trainingRecords).values({
				personId: person.id,
				name: 'Lớp bồi dưỡng',
				organizer: 'Huyện ủy',
				startOn: p.courseEnded,
				endOn: p.courseEnded,
				hours: 16
			});
		}
		for (const [year, level] of p.ratings) {
			await db
				.insert(classificationRecords)
				.values({ personId: person.id, year, level, orgUnitId: unit.id });
		}
		const user = await createUser(db, {
			username: `ind_${++codes}_${Date.now()}`,
			displayName: p.fullName,
			personId: person.id
		});
		return { person, user };
	};
	const p1 = await add(tree.tl1, {
		fullName: 'Đinh Văn Ánh',
		position: 'secretary',
		theoryLevel: 'elementary',
		educationLevel: 'university',
		birthYear: 1990,
		courseEnded: '2026-03-06',
		ratings: [[2026, 'good']]
	});
	const p2 = await add(tree.tl1, {
		fullName: 'Lê Thị Bình',
		position: 'deputy_secretary',
		theoryLevel: 'none',
		educationLevel: 'upper_secondary',
		birthYear: 1980,
		courseEnded: '2025-05-01',
		ratings: [[2026, 'completed']]
	});
	const p3 = await add(tree.tl2, {
		fullName: 'Trần Văn Ấn',
		position: 'committee_member',
		theoryLevel: 'intermediate',
		educationLevel: 'postgraduate',
		birthYear: null,
		courseEnded: null,
		ratings: [[2026, 'excellent']]
	});
	const p4 = await add(tree.tanLap, {
		fullName: 'Nguyễn Đức Anh',
		position: 'secretary',
		theoryLevel: 'advanced',
		educationLevel: 'college',
		birthYear: 1988,
		courseEnded: '2024-12-01',
		ratings: [[2025, 'good']]
	});
	// Contests of 2026: P1 and P3 registered, P1 won a published prize; P2's entry was withdrawn;
	// P3's prize is in a level whose prizes are not published yet.
	const contest = async (published: boolean) => {
		const [c] = await db
			.insert(contests)
			.values({
				name: 'Bí thư chi bộ giỏi',
				year: 2026,
				kind: 'hoi_thi',
				orgUnitId: tree.province.id
			})
			.returning();
		const [level] = await db
			.insert(contestLevels)
			.values({
				contestId: c.id,
				name: 'Cấp tỉnh',
				sortOrder: 1,
				prizesPublishedAt: published ? new Date() : null
			})
			.returning();
		const [band] = await db
			.insert(contestPrizeBands)
			.values({ levelId: level.id, name: 'Nhất', sortOrder: 1, count: 1 })
			.returning();
		return { c, level, band };
	};
	const register = async (
		at: Awaited<ReturnType<typeof contest>>,
		who: typeof p1,
		unit: OrgUnit,
		options: { withdrawn?: boolean; prize?: boolean } = {}
	) => {
		const [r] = await db
			.insert(contestRegistrations)
			.values({
				contestId: at.c.id,
				levelId: at.level.id,
				userId: who.user.id,
				personId: who.person.id,
				orgUnitId: unit.id,
				source: 'unit',
				candidateCode: `C${++codes}`,
				withdrawnAt: options.withdrawn ? new Date() : null
			})
			.returning();
		if (options.prize) {
			await db
				.insert(contestAwards)
				.values({ levelId: at.level.id, registrationId: r.id, bandId: at.band.id });
		}
	};
	const published = await contest(true);
	const pending = await contest(false);
	await register(published, p1, tree.tl1, { prize: true });
	await register(published, p2, tree.tl1, { withdrawn: true });
	await register(pending, p3, tree.tl2, { prize: true });
	return { tree, p1, p2, p3, p4 };
}

describeEachDatabase('qualification indicators', ({ db }) => {
	let s: Awaited<ReturnType<typeof seed>>;

	it('seeds', async () => {
		s = await seed(db());
	}, 60_000);

	it('equal the hand-computed figures for the commune and its cells', async () => {
		const rollup = await unitRollup(db(), s.tree.tanLap, TODAY);
		expect(rollup.year).toBe(2026);
		expect(rollup.indicators).toEqual({
			tracked: 4,
			qualified: 1 / 4, // P1 only: P2 lacks theory, P3 a course, P4's course lapsed on 01/12
			ratedWell: 2 / 4, // P1 good, P3 excellent
			university: 2 / 4, // P1, P3
			theory: 3 / 4, // P1, P3, P4
			under40: 2 / 3, // 36 and 38 of 36, 46, 38 (P3's birth year unknown)
			averageAge: 40,
			trained: 1 / 4, // P1's course ended in 2026
			contestants: 2 / 4, // P1, P3 (P2 withdrew)
			prizeWinners: 1 / 4 // P1 (P3's level has not published its prizes)
		});
		const tl1 = rollup.children.find((c) => c.id === s.tree.tl1.id)!.indicators;
		expect(tl1).toMatchObject({
			tracked: 2,
			qualified: 0.5,
			ratedWell: 0.5,
			under40: 0.5,
			averageAge: 41,
			prizeWinners: 0.5
		});
		const tl2 = rollup.children.find((c) => c.id === s.tree.tl2.id)!.indicators;
		expect(tl2).toMatchObject({ tracked: 1, qualified: 0, averageAge: null, under40: null });
	});

	it('a past year is taken on its last day', async () => {
		const rollup = await unitRollup(db(), s.tree.tanLap, TODAY, 2025);
		expect(rollup.indicators).toMatchObject({
			qualified: 1 / 4, // P4 on 31/12/2025 (course until 01/12/2026); P1's course was later
			ratedWell: 1 / 4,
			trained: 1 / 4, // P2
			contestants: 0,
			averageAge: 39
		});
		expect(rollup.trend.map((t) => t.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
		const now = await unitRollup(db(), s.tree.tanLap, TODAY);
		expect(now.trend.at(-1)!.indicators).toEqual(now.indicators);
		expect(now.trend.at(-2)!.indicators).toEqual(rollup.indicators);
	});

	it('lists who misses what, sorted the Vietnamese way by given name', async () => {
		const found = (await laggards(db(), s.tree.tanLap, TODAY, 'name'))!;
		// Anh < Ấn < Bình (Ấ after A, and not after Z as by code point).
		expect(found.people.map((p) => p.fullName)).toEqual([
			'Nguyễn Đức Anh',
			'Trần Văn Ấn',
			'Lê Thị Bình'
		]);
		expect(found.people.map((p) => p.reasons.map((r) => r.requirement))).toEqual([
			['training'],
			['training'],
			['theory']
		]);
		const byMissing = (await laggards(db(), s.tree.tanLap, TODAY))!;
		// One requirement each: furthest first by status (not started, in progress, expired).
		expect(byMissing.people.map((p) => [p.fullName, p.status])).toEqual([
			['Trần Văn Ấn', 'not_started'],
			['Lê Thị Bình', 'in_progress'],
			['Nguyễn Đức Anh', 'expired']
		]);
		expect(byMissing.cells.map((c) => [c.id, c.tracked, c.qualified])).toEqual([
			[s.tree.tanLap.id, 1, 0],
			[s.tree.tl2.id, 1, 0],
			[s.tree.tl1.id, 2, 1]
		]);
	});

	it('keeps each viewer in scope: a trainer reads the commune, not its neighbour', async () => {
		const trainer = await actorWith(db(), [{ role: 'trainer', unit: s.tree.tanLap }]);
		const own = await qualificationDashboard(db(), trainer, null, TODAY);
		expect(own!.unit.id).toBe(s.tree.tanLap.id);
		expect(own!.rollup.indicators.tracked).toBe(4);
		expect(await qualificationDashboard(db(), trainer, s.tree.hoaPhu.id, TODAY)).toBeNull();
		const judge = await actorWith(db(), [{ role: 'judge', unit: s.tree.province }]);
		expect(await qualificationDashboard(db(), judge, s.tree.tanLap.id, TODAY)).toBeNull();
	});

	it('exports the laggards as CSV and the levels as XLSX sheets, with an audit entry', async () => {
		const actor = await actorWith(db(), [{ role: 'manager', unit: s.tree.tanLap }]);
		const input = {
			unit: s.tree.tanLap,
			today: TODAY,
			year: 2026,
			sort: 'name' as const,
			locale: 'vi' as const,
			actorUserId: actor.id
		};
		const csv = await exportQualification(db(), { ...input, format: 'csv' });
		const text = (await csv!.text()).replace(/^\uFEFF/, '');
		const rows = Papa.parse<string[]>(text.trim()).data;
		expect(rows.slice(1).map((r) => r[0])).toEqual([
			'Nguyễn Đức Anh',
			'Trần Văn Ấn',
			'Lê Thị Bình'
		]);
		expect(rows[3][6]).toBe('Trình độ lý luận chính trị từ sơ cấp trở lên');
		const xlsx = await exportQualification(db(), { ...input, format: 'xlsx' });
		const ExcelJS = (await import('exceljs')).default;
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await xlsx!.arrayBuffer());
		expect(book.worksheets.map((w) => w.name)).toEqual([
			'Chỉ số năm 2026',
			'Đơn vị',
			'Người còn thiếu'
		]);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'qualification.exported'), eq(auditLog.actorUserId, actor.id))
			);
		expect(audit.map((a) => a.details?.format)).toEqual(['csv', 'xlsx']);
		// The commune's own row: 4 tracked, 25 % qualified.
		expect(book.worksheets[0].getRow(2).values).toEqual(
			expect.arrayContaining(['Đảng bộ xã Tân Lập', 4, 25])
		);
	});
});
