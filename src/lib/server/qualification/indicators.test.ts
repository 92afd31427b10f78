import { and, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { actorWith } from '../orgs/test-fixtures';
import { describeEachDatabase } from '../testing/databases';
import { qualificationDashboard } from './dashboard';
import { exportQualification } from './export';
import { laggards } from './laggards';
import { unitRollup } from './rollup';
import { seedIndicatorWorld as seed } from './testing/indicator-world';

const TODAY = '2026-12-07';

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
