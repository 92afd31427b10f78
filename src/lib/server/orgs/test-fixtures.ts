import type { DbOrTx } from '../db/client';
import { classificationRecords, type OrgKind, type OrgUnit } from '../db/schema';
import { createPerson } from '../people/people';
import { createOrgUnit } from './units';

let counter = 0;
/** A prefix no other test in the same database uses, so suites can share one database. */
export const uniquePrefix = () => `T${Date.now().toString(36).toUpperCase()}${++counter}`;

export { actorWith } from '../testing/actors';

export async function unit(
	db: DbOrTx,
	code: string,
	name: string,
	kind: OrgKind,
	parent: OrgUnit | null
): Promise<OrgUnit> {
	return createOrgUnit(db, { code, name, kind, parentId: parent?.id ?? null });
}

/** A person in `at` with classification records for two years (rated by `at`). */
export async function person(db: DbOrTx, at: OrgUnit, fullName: string) {
	const p = await createPerson(db, { orgUnitId: at.id, fullName, position: 'member' });
	for (const year of [2024, 2025]) {
		await db
			.insert(classificationRecords)
			.values({ personId: p.id, year, level: 'good', orgUnitId: at.id });
	}
	return p;
}

/**
 * A small province: two communes with two cells each and a ward, people in communes and cells.
 * Codes start with a fresh prefix.
 */
export async function buildProvince(db: DbOrTx) {
	const p = uniquePrefix();
	const province = await unit(db, p, 'Đảng bộ tỉnh Thử Nghiệm', 'province', null);
	const tanLap = await unit(db, `${p}-TL`, 'Đảng bộ xã Tân Lập', 'commune', province);
	const hoaPhu = await unit(db, `${p}-HP`, 'Đảng bộ xã Hòa Phú', 'commune', province);
	const ward = await unit(db, `${p}-MK`, 'Đảng bộ phường Minh Khai', 'ward', province);
	const tl1 = await unit(db, `${p}-TL-01`, 'Chi bộ thôn Đồng Chùa', 'cell', tanLap);
	const tl2 = await unit(db, `${p}-TL-02`, 'Chi bộ thôn Ấp Bắc', 'cell', tanLap);
	const hp1 = await unit(db, `${p}-HP-01`, 'Chi bộ thôn Đông', 'cell', hoaPhu);
	const hp2 = await unit(db, `${p}-HP-02`, 'Chi bộ thôn Đoài', 'cell', hoaPhu);
	await person(db, tanLap, 'Nguyễn Văn Đức');
	await person(db, tl1, 'Trần Thị Hà');
	await person(db, tl1, 'Lê Văn Bắc');
	await person(db, tl2, 'Phạm Thị Ánh');
	await person(db, hoaPhu, 'Hoàng Văn Ất');
	await person(db, hp1, 'Đỗ Thu Hương');
	return { prefix: p, province, tanLap, hoaPhu, ward, tl1, tl2, hp1, hp2 };
}
