import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, orgUnits } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { createChildUnit, moveUnit, updateUnit } from './manage';
import { actorWith, buildProvince, unit } from './test-fixtures';
import { getOrgUnit } from './units';

describeEachDatabase('managing units', ({ db }) => {
	it('creates a child unit with a normalized code, refusing taken codes and bad input', async () => {
		const t = await buildProvince(db());
		const manager = await actorWith(db(), [{ role: 'manager', unit: t.tanLap }]);
		const created = await createChildUnit(db(), manager, {
			parentId: t.tanLap.id,
			code: ` ${t.prefix}-tl-03 `,
			name: '  Chi bộ   thôn Nà Cọ ',
			kind: 'cell'
		});
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		expect(created.value).toMatchObject({
			code: `${t.prefix}-TL-03`,
			name: 'Chi bộ thôn Nà Cọ',
			searchText: 'chi bo thon na co',
			path: `${t.tanLap.path}${created.value.id}/`,
			depth: t.tanLap.depth + 1
		});
		const again = await createChildUnit(db(), manager, {
			parentId: t.tanLap.id,
			code: `${t.prefix}-TL-03`,
			name: 'Khác',
			kind: 'cell'
		});
		expect(again).toEqual({ ok: false, errors: { code: 'code_taken' } });
		const bad = await createChildUnit(db(), manager, {
			parentId: t.tanLap.id,
			code: 'có dấu',
			name: ' ',
			kind: 'village'
		});
		expect(bad).toEqual({
			ok: false,
			errors: { code: 'invalid_code', name: 'empty_name', kind: 'unknown_kind' }
		});
		const outside = await createChildUnit(db(), manager, {
			parentId: t.hoaPhu.id,
			code: `${t.prefix}-HP-09`,
			name: 'Chi bộ mới',
			kind: 'cell'
		});
		expect(outside).toEqual({ ok: false, errors: { parent: 'not_found' } });
	});

	it('renames a unit, keeps its search text in step and records it', async () => {
		const t = await buildProvince(db());
		const manager = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const r = await updateUnit(db(), manager, {
			id: t.tl1.id,
			code: t.tl1.code,
			name: 'Chi bộ thôn Đồng Chùa Mới',
			kind: 'cell'
		});
		expect(r.ok && r.value.searchText).toBe('chi bo thon dong chua moi');
		const taken = await updateUnit(db(), manager, {
			id: t.tl1.id,
			code: t.tl2.code,
			name: 'X',
			kind: 'cell'
		});
		expect(taken).toEqual({ ok: false, errors: { code: 'code_taken' } });
		const audit = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, String(t.tl1.id)));
		expect(audit.map((a) => a.action)).toContain('orgs.update');
	});

	it('moves a unit with its whole subtree, rewriting every descendant path and depth', async () => {
		const t = await buildProvince(db());
		const deep = await unit(db(), `${t.prefix}-TL-01-A`, 'Tổ đảng A', 'cell', t.tl1);
		const manager = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const r = await moveUnit(db(), manager, { id: t.tanLap.id, parentCode: t.ward.code });
		expect(r).toEqual({ ok: true, moved: 4 });
		const tl = (await getOrgUnit(db(), t.tanLap.id))!;
		const tl1 = (await getOrgUnit(db(), t.tl1.id))!;
		const d = (await getOrgUnit(db(), deep.id))!;
		expect(tl.parentId).toBe(t.ward.id);
		expect(tl.path).toBe(`${t.ward.path}${t.tanLap.id}/`);
		expect(tl1.path).toBe(`${tl.path}${t.tl1.id}/`);
		expect(tl1.parentId).toBe(t.tanLap.id);
		expect(d.path).toBe(`${tl1.path}${deep.id}/`);
		expect([tl.depth, tl1.depth, d.depth]).toEqual([2, 3, 4]);
		// Every path still names the unit's real ancestors.
		const all = await db().select().from(orgUnits);
		const byId = new Map(all.map((u) => [u.id, u]));
		for (const u of all) {
			if (u.parentId) expect(u.path).toBe(`${byId.get(u.parentId)!.path}${u.id}/`);
		}
	});

	it('refuses moves under itself, its descendants, the same parent, or outside the mover’s scope', async () => {
		const t = await buildProvince(db());
		const province = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		expect(await moveUnit(db(), province, { id: t.tanLap.id, parentCode: t.tanLap.code })).toEqual({
			ok: false,
			error: 'into_own_subtree'
		});
		expect(await moveUnit(db(), province, { id: t.tanLap.id, parentCode: t.tl1.code })).toEqual({
			ok: false,
			error: 'into_own_subtree'
		});
		expect(
			await moveUnit(db(), province, { id: t.tanLap.id, parentCode: t.province.code })
		).toEqual({ ok: false, error: 'same_parent' });
		const commune = await actorWith(db(), [{ role: 'manager', unit: t.tanLap }]);
		expect(await moveUnit(db(), commune, { id: t.tl1.id, parentCode: t.hoaPhu.code })).toEqual({
			ok: false,
			error: 'parent_not_found'
		});
		expect(await moveUnit(db(), commune, { id: t.hp1.id, parentCode: t.tanLap.code })).toEqual({
			ok: false,
			error: 'not_found'
		});
		const trainer = await actorWith(db(), [{ role: 'trainer', unit: t.province }]);
		expect(await moveUnit(db(), trainer, { id: t.tl1.id, parentCode: t.tl2.code })).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect((await getOrgUnit(db(), t.tl1.id))!.parentId).toBe(t.tanLap.id);
	});

	it('never builds a cycle from two opposite moves at the same time', async () => {
		const t = await buildProvince(db());
		const manager = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const results = await Promise.all([
			moveUnit(db(), manager, { id: t.tanLap.id, parentCode: t.hoaPhu.code }),
			moveUnit(db(), manager, { id: t.hoaPhu.id, parentCode: t.tanLap.code })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'into_own_subtree' }]);
		const tl = (await getOrgUnit(db(), t.tanLap.id))!;
		const hp = (await getOrgUnit(db(), t.hoaPhu.id))!;
		expect(tl.path.startsWith(hp.path) !== hp.path.startsWith(tl.path)).toBe(true);
	});
});
