import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	classificationRecords,
	modules,
	orgUnits,
	qualificationRuleVersions,
	type Classification,
	type EducationLevel,
	type OrgKind,
	type Position,
	type Role,
	type TheoryLevel
} from '../db/schema';
import { createOrgUnit } from '../orgs/units';
import { createPerson } from '../people/people';
import { createUser, grantRole, uniqueUsernameFor } from '../auth/users';
import * as names from './names';

export const DEMO_PASSWORD = 'Demo@2026!';
/** The demo province's qualification rule takes effect on this day. */
export const DEMO_RULE_FROM = '2025-01-01';

export type DemoLogin = { username: string; role: string; scope: string };

/** A small deterministic PRNG so every demo database looks the same. */
function mulberry32(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function weighted<T>(rand: () => number, table: [T, number][]): T {
	const total = table.reduce((s, [, w]) => s + w, 0);
	let r = rand() * total;
	for (const [value, w] of table) if ((r -= w) < 0) return value;
	return table[table.length - 1][0];
}

const EDUCATION: [EducationLevel, number][] = [
	['upper_secondary', 30],
	['vocational', 10],
	['college', 15],
	['university', 38],
	['postgraduate', 4],
	['lower_secondary', 3]
];
const THEORY: [TheoryLevel, number][] = [
	['none', 18],
	['elementary', 50],
	['intermediate', 27],
	['advanced', 5]
];
const CLASSIFICATION: [Classification, number][] = [
	['excellent', 12],
	['good', 75],
	['completed', 11],
	['not_completed', 2]
];

export async function isDatabaseEmpty(db: DbOrTx): Promise<boolean> {
	const [{ n }] = await db.select({ n: count() }).from(orgUnits);
	return n === 0;
}

/**
 * Seeds the demo province: 5 communes/wards/agency committees, 36 cells, ~170 people with accounts
 * (to be activated by code) and the staff accounts whose logins `npm start` prints.
 */
export async function seedDemo(db: Db): Promise<DemoLogin[]> {
	return db.transaction(async (tx) => {
		const rand = mulberry32(2026);
		const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
		const tree = names.DEMO_TREE;
		const province = await createOrgUnit(tx, {
			code: tree.code,
			name: tree.name,
			kind: 'province',
			parentId: null
		});
		const unitsByCode = new Map<string, number>([[tree.code, province.id]]);
		const cells: { id: number; code: string }[] = [];

		const addCells = async (parentId: number, parentCode: string, cellNames: readonly string[]) => {
			for (const [i, name] of cellNames.entries()) {
				const code = `${parentCode}-${String(i + 1).padStart(2, '0')}`;
				const cell = await createOrgUnit(tx, { code, name, kind: 'cell', parentId });
				cells.push({ id: cell.id, code });
				unitsByCode.set(code, cell.id);
			}
		};
		for (const child of tree.children) {
			const unit = await createOrgUnit(tx, {
				code: child.code,
				name: child.name,
				kind: child.kind as OrgKind,
				parentId: province.id
			});
			unitsByCode.set(child.code, unit.id);
			if ('grassroots' in child) {
				for (const g of child.grassroots) {
					const gr = await createOrgUnit(tx, {
						code: g.code,
						name: g.name,
						kind: 'grassroots',
						parentId: unit.id
					});
					unitsByCode.set(g.code, gr.id);
					await addCells(gr.id, g.code, g.cells);
				}
			}
			await addCells(unit.id, child.code, child.cells);
		}

		const personUsers = new Map<string, number>();
		for (const cell of cells) {
			const size = 3 + Math.floor(rand() * 4);
			for (let i = 0; i < size; i++) {
				const female = rand() < 0.42;
				const fullName = female
					? `${pick(names.FAMILY_NAMES)} ${pick(names.FEMALE_MIDDLE)} ${pick(names.FEMALE_GIVEN)}`
					: `${pick(names.FAMILY_NAMES)} ${pick(names.MALE_MIDDLE)} ${pick(names.MALE_GIVEN)}`;
				const position: Position =
					i === 0
						? 'secretary'
						: i === 1
							? 'deputy_secretary'
							: i === 2
								? 'committee_member'
								: 'member';
				const person = await createPerson(tx, {
					orgUnitId: cell.id,
					fullName,
					position,
					gender: female ? 'female' : 'male',
					birthYear: 1960 + Math.floor(rand() * 39),
					educationLevel: weighted(rand, EDUCATION),
					theoryLevel: weighted(rand, THEORY)
				});
				for (const year of [2023, 2024, 2025]) {
					await tx.insert(classificationRecords).values({
						personId: person.id,
						year,
						level: weighted(rand, CLASSIFICATION),
						orgUnitId: cell.id
					});
				}
				const demoUsername =
					i === 0 && cell.code === 'SH-TL-01'
						? 'bithu.dongchua'
						: i === 0 && cell.code === 'SH-MK-01'
							? 'bithu.tdp1'
							: null;
				const user = await createUser(tx, {
					username: demoUsername ?? (await uniqueUsernameFor(tx, fullName)),
					displayName: fullName,
					personId: person.id,
					password: demoUsername ? DEMO_PASSWORD : null
				});
				await grantRole(tx, { userId: user.id, role: 'secretary', orgUnitId: cell.id });
				if (demoUsername) personUsers.set(demoUsername, user.id);
			}
		}

		const staff: { username: string; displayName: string; role: Role; unit: string }[] = [
			{ username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', unit: 'SH' },
			{ username: 'quanly.tinh', displayName: 'Ban Tổ chức Tỉnh ủy', role: 'manager', unit: 'SH' },
			{
				username: 'quanly.tanlap',
				displayName: 'Văn phòng Đảng ủy xã Tân Lập',
				role: 'manager',
				unit: 'SH-TL'
			},
			{ username: 'btc.tinh', displayName: 'Ban tổ chức Hội thi', role: 'organizer', unit: 'SH' },
			{ username: 'giamkhao1', displayName: 'Giám khảo Lê Thị Minh', role: 'judge', unit: 'SH' },
			{ username: 'giamkhao2', displayName: 'Giám khảo Trần Quang Huy', role: 'judge', unit: 'SH' },
			{ username: 'giangvien', displayName: 'Giảng viên Đỗ Thu Hà', role: 'trainer', unit: 'SH' }
		];
		const logins: DemoLogin[] = [];
		for (const s of staff) {
			const user = await createUser(tx, {
				username: s.username,
				displayName: s.displayName,
				password: DEMO_PASSWORD
			});
			await grantRole(tx, { userId: user.id, role: s.role, orgUnitId: unitsByCode.get(s.unit)! });
			logins.push({ username: s.username, role: s.role, scope: s.unit });
		}
		// The province's qualification rule, so that its dashboard and "my progress" have something
		// to measure: every module the content marks as required, read and practised at 70 %.
		const required = await tx
			.select({ id: modules.id })
			.from(modules)
			.where(and(eq(modules.requiredForQualification, true), isNull(modules.retiredAt)))
			.orderBy(asc(modules.id));
		await tx.insert(qualificationRuleVersions).values({
			orgUnitId: province.id,
			effectiveFrom: DEMO_RULE_FROM,
			requiredModules: required.map((r) => r.id),
			passPercent: 70,
			validityYears: 2,
			minTheoryLevel: 'elementary'
		});
		for (const [username, cell] of [
			['bithu.dongchua', 'SH-TL-01'],
			['bithu.tdp1', 'SH-MK-01']
		] as const) {
			logins.push({ username, role: 'secretary', scope: cell });
		}
		return logins;
	});
}
