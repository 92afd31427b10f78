import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import {
	people,
	qualificationRuleVersions,
	qualificationSummaries,
	type OrgUnit,
	type Position
} from '../db/schema';
import { uniquePrefix, unit } from '../orgs/test-fixtures';
import { createPerson } from '../people/people';
import { compareSortKeys, vietnameseSortKey } from '../people/sort-key';
import { describeEachDatabase } from '../testing/databases';
import { compareVietnamese } from '../text/fold';
import { refreshForDashboard } from './dashboard';
import {
	LAGGARD_SORTS,
	laggards,
	laggardsPage,
	parseLaggardPage,
	type LaggardSort
} from './laggards';
import { QUALIFICATION_STATUSES, type QualificationStatus, type Reason } from './rules';

const TODAY = '2026-12-07';
const SIZE = 7;

/** What the list was sorted by in memory before it was paged in SQL: the reference order. */
type Row = {
	personId: number;
	key: string;
	unitCode: string;
	status: QualificationStatus;
	reasons: Reason[];
};
const statusRank = (s: QualificationStatus) => QUALIFICATION_STATUSES.indexOf(s);
function comparator(sort: LaggardSort) {
	const byName = (a: Row, b: Row) => compareSortKeys(a.key, b.key) || a.personId - b.personId;
	switch (sort) {
		case 'name':
			return byName;
		case 'unit':
			return (a: Row, b: Row) => compareVietnamese(a.unitCode, b.unitCode) || byName(a, b);
		case 'status':
			return (a: Row, b: Row) => statusRank(a.status) - statusRank(b.status) || byName(a, b);
		default:
			return (a: Row, b: Row) =>
				b.reasons.length - a.reasons.length ||
				statusRank(a.status) - statusRank(b.status) ||
				byName(a, b);
	}
}

// Ties on purpose: the same names twice, names that differ only by tones or by Đ/D and Ă/Â.
const NAMES = [
	'Đặng Văn Anh',
	'Nguyễn Thị Ánh',
	'Lê Anh',
	'Đặng Ánh',
	'Trần Văn An',
	'Phạm Văn Dũng',
	'Vũ Thị Đào',
	'Hoàng Văn Anh',
	'Hoàng Văn Anh',
	'Bùi Ấn',
	'Đỗ Văn Ăn',
	'Ngô Thị Ân',
	'Dương Đức',
	'Lý Thị Yến'
];
const REASONS: Reason[] = [
	{ requirement: 'reading', moduleId: 'lag-m1' },
	{ requirement: 'practice', moduleId: 'lag-m1', lapsedOn: null },
	{ requirement: 'theory', min: 'elementary' },
	{ requirement: 'training', withinYears: 3, lapsedOn: null }
];
const LAGGING: QualificationStatus[] = ['not_started', 'in_progress', 'expiring', 'expired'];

/**
 * A commune whose cells' codes sort differently by bytes and in Vietnamese order (…-2 before
 * …-10), 40 tracked people with summaries written as the refresh would (fresh today, so it keeps
 * them), statuses and reason counts repeating so that the name decides; two without a stored name
 * key; outside the list: the qualified, a member (not tracked), the neighbour commune's people.
 */
async function seed(db: Db) {
	const p = uniquePrefix();
	const province = await unit(db, p, 'Đảng bộ tỉnh Phân Trang', 'province', null);
	const commune = await unit(db, `${p}-C`, 'Đảng bộ xã Tân Lập', 'commune', province);
	const neighbour = await unit(db, `${p}-N`, 'Đảng bộ xã Hòa Phú', 'commune', province);
	const cells = [
		await unit(db, `${p}-C-10`, 'Chi bộ thôn Mười', 'cell', commune),
		await unit(db, `${p}-C-2`, 'Chi bộ thôn Hai', 'cell', commune),
		await unit(db, `${p}-C-1`, 'Chi bộ thôn Một', 'cell', commune)
	];
	await db.insert(qualificationRuleVersions).values({
		orgUnitId: province.id,
		effectiveFrom: '2022-01-01',
		requiredModules: [],
		passPercent: 70,
		validityYears: 2,
		minTheoryLevel: 'elementary',
		trainingWithinYears: 3
	});
	const rows: Row[] = [];
	const add = async (
		at: OrgUnit,
		fullName: string,
		status: QualificationStatus,
		reasons: Reason[],
		position: Position = 'committee_member'
	) => {
		const person = await createPerson(db, { orgUnitId: at.id, fullName, position });
		await db.insert(qualificationSummaries).values({
			personId: person.id,
			evaluatedOn: TODAY,
			staleOn: null,
			status,
			reasons,
			expiresOn: status === 'expiring' || status === 'expired' ? '2027-01-10' : null,
			ruleFrom: '2022-01-01'
		});
		return person;
	};
	const units = [commune, ...cells];
	for (let i = 0; i < 40; i++) {
		const at = units[i % units.length];
		const status = LAGGING[Math.floor(i / units.length) % LAGGING.length];
		const reasons = REASONS.slice(0, 1 + ((i * 5) % 3));
		const person = await add(at, NAMES[i % NAMES.length], status, reasons);
		rows.push({
			personId: person.id,
			key: person.sortKey,
			unitCode: at.code,
			status,
			reasons
		});
	}
	// Two people whose stored key is empty (written before it existed): ordered by their name.
	const unkeyed = rows.slice(3, 5);
	await db
		.update(people)
		.set({ sortKey: '' })
		.where(
			inArray(
				people.id,
				unkeyed.map((r) => r.personId)
			)
		);
	for (const r of unkeyed) {
		const [person] = await db.select().from(people).where(eq(people.id, r.personId));
		r.key = vietnameseSortKey(person.fullName);
	}
	const outside = [
		await add(cells[2], 'Mai Văn Đạt', 'qualified', []),
		await add(cells[1], 'Mai Thị Chưa', 'not_started', REASONS, 'member'),
		await add(neighbour, 'Đặng Văn Bên', 'not_started', REASONS)
	];
	return { province, commune, cells, rows, outside };
}

describe('parseLaggardPage', () => {
	it('reads a whole number from 1 up; anything else is the first page', () => {
		expect(parseLaggardPage('3')).toBe(3);
		for (const raw of [null, '', '0', '-2', '2.5', 'abc', '1e3', ' 2']) {
			expect(parseLaggardPage(raw)).toBe(1);
		}
	});
});

describeEachDatabase('laggards list, a page at a time', ({ db }) => {
	let s: Awaited<ReturnType<typeof seed>>;

	it('seeds', async () => {
		s = await seed(db());
		await refreshForDashboard(db(), s.commune, TODAY);
	}, 60_000);

	for (const sort of LAGGARD_SORTS) {
		it(`orders the whole list by '${sort}' as the comparator did, and pages it`, async () => {
			const expected = [...s.rows].sort(comparator(sort)).map((r) => r.personId);
			const full = (await laggards(db(), s.commune, TODAY, sort))!;
			expect(full.people.map((p) => p.personId)).toEqual(expected);

			const first = (await laggardsPage(db(), s.commune, TODAY, sort, 1, SIZE))!;
			const second = (await laggardsPage(db(), s.commune, TODAY, sort, 2, SIZE))!;
			expect([...first.people, ...second.people]).toEqual(full.people.slice(0, 2 * SIZE));
			expect(first).toMatchObject({ total: 40, page: 1, pages: 6 });
			expect(second.page).toBe(2);

			const pages = [];
			for (let n = 1; n <= first.pages; n++) {
				pages.push(...(await laggardsPage(db(), s.commune, TODAY, sort, n, SIZE))!.people);
			}
			expect(pages).toEqual(full.people);
		});
	}

	it('shows the last page for a page past the end, the first for one before it', async () => {
		const full = (await laggards(db(), s.commune, TODAY, 'name'))!;
		const past = (await laggardsPage(db(), s.commune, TODAY, 'name', 99, SIZE))!;
		expect(past).toMatchObject({ page: 6, pages: 6, total: 40 });
		expect(past.people).toEqual(full.people.slice(35));
		const farPast = (await laggardsPage(db(), s.commune, TODAY, 'name', 1e20, SIZE))!;
		expect(farPast.page).toBe(6);
		const before = (await laggardsPage(db(), s.commune, TODAY, 'name', 0, SIZE))!;
		expect(before.page).toBe(1);
		expect(before.people).toEqual(full.people.slice(0, SIZE));
	});

	it('pages 100 at a time by default', async () => {
		const page = (await laggardsPage(db(), s.province, TODAY, 'missing', 1))!;
		expect(page).toMatchObject({ total: 41, page: 1, pages: 1 });
		expect(page.people).toHaveLength(41);
	});

	it('keeps the scope: the qualified, members and the neighbour commune are not listed', async () => {
		const page = (await laggardsPage(db(), s.commune, TODAY, 'missing', 1, 100))!;
		const ids = new Set(page.people.map((p) => p.personId));
		expect(s.outside.some((p) => ids.has(p.id))).toBe(false);
		expect(ids).toEqual(new Set(s.rows.map((r) => r.personId)));
		// The province holds the neighbour commune's laggard; a cell holds only its own people.
		const province = (await laggardsPage(db(), s.province, TODAY, 'missing', 1, 100))!;
		expect(province.people.map((p) => p.personId)).toContain(s.outside[2].id);
		const cell = (await laggardsPage(db(), s.cells[1], TODAY, 'name', 1, 100))!;
		expect(cell.total).toBe(10);
		expect(new Set(cell.people.map((p) => p.unit.id))).toEqual(new Set([s.cells[1].id]));
	});

	it('ranks the units furthest from qualification as the full list does, codes in Vietnamese order', async () => {
		const full = (await laggards(db(), s.commune, TODAY))!;
		const page = (await laggardsPage(db(), s.commune, TODAY, 'missing', 1, SIZE))!;
		expect(page.cells).toEqual(full.cells);
		// The commune itself, …-2 and …-10 have the same share (2 expiring of 10): …-2 before …-10.
		expect(full.cells.map((c) => c.code)).toEqual(
			[s.commune, s.cells[1], s.cells[0], s.cells[2]].map((u) => u.code)
		);
		expect(full.cells.map((c) => [c.tracked, c.qualified])).toEqual([
			[10, 2],
			[10, 2],
			[10, 2],
			[11, 3]
		]);
	});

	it('says when there is no rule', async () => {
		const lone = await unit(db(), `${uniquePrefix()}`, 'Đảng bộ tỉnh Chưa Có', 'province', null);
		expect(await laggardsPage(db(), lone, TODAY, 'missing', 1)).toBeNull();
	});
});
