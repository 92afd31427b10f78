import { expect, it } from 'vitest';
import { unit } from '../orgs/test-fixtures';
import { describeEachDatabase } from '../testing/databases';
import { candidateInfo, groupingUnits } from './candidates';
import { addLevel } from './manage';
import { monitorSnapshot } from './monitor';
import { insertRegistrations } from './registration';
import { candidateIn, contestWorld } from './testing/fixtures';

describeEachDatabase('per-unit grouping of a level run per unit kind', ({ db }) => {
	it("groups an agency's cell under its grassroots committee at a commune level, under the agency otherwise", async () => {
		const world = await contestWorld(db());
		const { province, tl1 } = world.province;
		const p = province.code;
		const agency = await unit(db(), `${p}-CQ`, 'Đảng bộ các cơ quan Đảng tỉnh', 'agency', province);
		const grassroots = await unit(
			db(),
			`${p}-CQ-01`,
			'Đảng bộ Ban Tuyên giáo',
			'grassroots',
			agency
		);
		const agencyCell = await unit(db(), `${p}-CQ-01-1`, 'Chi bộ Phòng Lý luận', 'cell', grassroots);
		const atCell = await candidateIn(db(), agencyCell.id, 'Ngô Văn Cơ');
		const atVillage = await candidateIn(db(), tl1.id, 'Đinh Thị Làng');
		const wholeLevel = await addLevel(db(), world.organizer, world.contestId, {
			name: 'Cấp tỉnh',
			unitKind: null
		});
		if (!wholeLevel.ok) throw new Error(wholeLevel.error);

		const register = (levelId: number) =>
			insertRegistrations(db(), {
				contestId: world.contestId,
				levelId,
				source: 'list',
				byUserId: world.organizer.id,
				candidates: [atCell, atVillage].map((c, i) => ({
					userId: c.userId,
					personId: c.personId,
					orgUnitId: i === 0 ? agencyCell.id : tl1.id,
					position: 'secretary' as const
				}))
			});
		await register(world.levelId);
		await register(wholeLevel.id);

		const groups = async (levelId: number) => {
			const byRegistration = await groupingUnits(db(), levelId, province);
			const info = await candidateInfo(db(), [...byRegistration.keys()], province);
			return Object.fromEntries(
				[...byRegistration].map(([id, group]) => {
					expect(info.get(id)!.groupId).toBe(group);
					return [info.get(id)!.name, info.get(id)!.groupName];
				})
			);
		};
		// The fixture's level is run per commune or ward.
		expect(await groups(world.levelId)).toEqual({
			'Ngô Văn Cơ': 'Đảng bộ Ban Tuyên giáo',
			'Đinh Thị Làng': 'Đảng bộ xã Tân Lập'
		});
		// A level for the whole province counts by the province's direct sub-units.
		expect(await groups(wholeLevel.id)).toEqual({
			'Ngô Văn Cơ': 'Đảng bộ các cơ quan Đảng tỉnh',
			'Đinh Thị Làng': 'Đảng bộ xã Tân Lập'
		});
		// The live monitor counts by the same units.
		const snapshot = await monitorSnapshot(db(), {
			roundId: world.roundId,
			levelId: world.levelId,
			contestUnit: province
		});
		expect(snapshot.units.map((u) => [u.unitName, u.registered]).sort()).toEqual([
			['Đảng bộ Ban Tuyên giáo', 1],
			['Đảng bộ xã Tân Lập', 1]
		]);
	});
});
