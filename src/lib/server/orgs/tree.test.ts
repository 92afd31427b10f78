import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { getUnitOverview } from './overview';
import { actorWith, buildProvince, unit } from './test-fixtures';
import { listScopeTree, searchUnits, type TreeNode } from './tree';

const names = (nodes: TreeNode[]) => nodes.map((n) => n.name);

describeEachDatabase('org tree', ({ db }) => {
	it('shows a commune manager only their subtree, with people counted per unit and subtree', async () => {
		const t = await buildProvince(db());
		const tree = await listScopeTree(db(), [t.tanLap.path]);
		expect(tree.roots.map((r) => r.code)).toEqual([t.tanLap.code]);
		const [root] = tree.roots;
		// "Ấp Bắc" sorts before "Đồng Chùa" in Vietnamese order (Ấ after A, Đ after D).
		expect(names(root.children)).toEqual(['Chi bộ thôn Ấp Bắc', 'Chi bộ thôn Đồng Chùa']);
		expect(root.peopleDirect).toBe(1);
		expect(root.peopleTotal).toBe(4);
		expect(root.children.find((c) => c.code === t.tl1.code)?.peopleTotal).toBe(2);
		expect(tree.unitCount).toBe(3);
		const whole = await listScopeTree(db(), [t.province.path]);
		expect(whole.unitCount).toBe(8);
		expect(whole.roots[0].peopleTotal).toBe(6);
	});

	it('sorts siblings in Vietnamese order with numbers in numeric order', async () => {
		const t = await buildProvince(db());
		for (const [i, name] of [
			'Chi bộ tổ 10',
			'Chi bộ tổ 2',
			'Chi bộ Dương Xá',
			'Chi bộ Đông Anh',
			'Chi bộ Ánh Dương'
		].entries()) {
			await unit(db(), `${t.prefix}-MK-${i}`, name, 'cell', t.ward);
		}
		const tree = await listScopeTree(db(), [t.ward.path]);
		expect(names(tree.roots[0].children)).toEqual([
			'Chi bộ Ánh Dương',
			'Chi bộ Dương Xá',
			'Chi bộ Đông Anh',
			'Chi bộ tổ 2',
			'Chi bộ tổ 10'
		]);
	});

	it('cuts a tree too large for one page at a depth and says where', async () => {
		const t = await buildProvince(db());
		const tree = await listScopeTree(db(), [t.province.path], { maxNodes: 5 });
		expect(tree.shownDepth).toBe(1);
		expect(tree.roots[0].children).toHaveLength(3);
		expect(tree.roots[0].children.every((c) => c.children.length === 0)).toBe(true);
		expect(tree.roots[0].children.find((c) => c.code === t.tanLap.code)?.childCount).toBe(2);
	});

	it('finds units by name without diacritics or by code, only within scope', async () => {
		const t = await buildProvince(db());
		const byName = await searchUnits(db(), [t.province.path], 'tan lap');
		expect(byName.matches.map((m) => m.code)).toEqual([t.tanLap.code]);
		const byAccent = await searchUnits(db(), [t.province.path], 'ĐÔNG');
		expect(byAccent.matches.map((m) => m.name)).toEqual([
			'Chi bộ thôn Đông',
			'Chi bộ thôn Đồng Chùa'
		]);
		const byCode = await searchUnits(db(), [t.province.path], `${t.prefix}-hp-0`.toLowerCase());
		expect(byCode.matches.map((m) => m.code).sort()).toEqual([t.hp1.code, t.hp2.code]);
		expect(byCode.matches[0].parentName).toBe('Đảng bộ xã Hòa Phú');
		const outside = await searchUnits(db(), [t.tanLap.path], 'hoa phu');
		expect(outside.matches).toEqual([]);
		const wildcard = await searchUnits(db(), [t.province.path], '%');
		expect(wildcard.matches).toEqual([]);
	});

	it('gives a unit page its children, counts, people and only the ancestors the viewer manages', async () => {
		const t = await buildProvince(db());
		const commune = await actorWith(db(), [{ role: 'manager', unit: t.tanLap }]);
		const o = (await getUnitOverview(db(), commune, t.tl1.id))!;
		expect(o.ancestors.map((a) => a.code)).toEqual([t.tanLap.code]);
		expect(o.counts).toEqual({ children: 0, descendants: 0, peopleDirect: 2, peopleTotal: 2 });
		expect(o.people.map((p) => p.fullName)).toEqual(['Lê Văn Bắc', 'Trần Thị Hà']);
		const top = (await getUnitOverview(db(), commune, t.tanLap.id))!;
		expect(top.children.map((c) => [c.code, c.peopleTotal])).toEqual([
			[t.tl2.code, 1],
			[t.tl1.code, 2]
		]);
		expect(top.counts).toEqual({ children: 2, descendants: 2, peopleDirect: 1, peopleTotal: 4 });
		expect(JSON.stringify(top)).not.toContain(t.province.name);
	});
});
