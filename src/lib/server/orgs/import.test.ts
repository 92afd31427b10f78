import ExcelJS from 'exceljs';
import { and, count, eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, orgUnits } from '../db/schema';
import { toCsv } from '../spreadsheet/write';
import { describeEachDatabase } from '../testing/databases';
import { treeExportRows } from './export';
import {
	commitImportBatch,
	createImportBatch,
	IMPORT_BATCH_TTL_MS,
	previewImportBatch,
	readTreeFile,
	TREE_IMPORT_LIMITS
} from './import-batches';
import { mergeUnits } from './merge';
import { actorWith, buildProvince } from './test-fixtures';
import { getOrgUnitByCode } from './units';

const csv = (text: string) => ({ name: 'cay-don-vi.csv', bytes: new TextEncoder().encode(text) });
const HEADER = 'Mã,Tên,Loại,Mã đơn vị cấp trên\n';

describeEachDatabase('importing a tree', ({ db }) => {
	const unitCount = async (prefix: string) =>
		Number(
			(
				await db()
					.select({ n: count() })
					.from(orgUnits)
					.where(like(orgUnits.code, prefix + '%'))
			)[0].n
		);

	async function upload(actor: Awaited<ReturnType<typeof actorWith>>, text: string) {
		const read = await readTreeFile(csv(text));
		if (!read.ok) throw new Error(`unreadable: ${read.error.code}`);
		return createImportBatch(db(), actor, 'cay-don-vi.csv', read.rows);
	}

	it('previews then creates, renames and moves units, parents allowed after their children', async () => {
		const t = await buildProvince(db());
		const p = t.prefix;
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const file =
			HEADER +
			`${p}-YT-01,Chi bộ thôn Yên Bình,Chi bộ,${p}-YT\n` +
			`${p}-yt,"Đảng bộ xã Yên Thịnh",Xã,${p}\n` +
			`${p}-TL-01,Chi bộ thôn Đồng Chùa (mới),chi bo,${p}-TL\n` +
			`${p}-TL-02,Chi bộ thôn Ấp Bắc,Chi bộ,${p}-YT\n` +
			`${p}-HP,Đảng bộ xã Hòa Phú,Xã,\n`;
		const id = await upload(actor, file);
		const preview = (await previewImportBatch(db(), actor, id))!;
		expect(preview.plan.errors).toEqual([]);
		expect(preview.plan.counts).toEqual({ create: 2, update: 2, unchanged: 1 });
		expect(preview.plan.rows.map((r) => [r.rowNumber, r.action, r.changes])).toEqual([
			[2, 'create', []],
			[3, 'create', []],
			[4, 'update', ['name']],
			[5, 'update', ['parent']],
			[6, 'unchanged', []]
		]);
		expect(await unitCount(`${p}-YT`)).toBe(0);

		const done = await commitImportBatch(db(), actor, id);
		expect(done).toEqual({ ok: true, created: 2, updated: 2, moved: 1, unchanged: 1 });
		const yt = (await getOrgUnitByCode(db(), `${p}-YT`))!;
		const yt1 = (await getOrgUnitByCode(db(), `${p}-YT-01`))!;
		const tl2 = (await getOrgUnitByCode(db(), `${p}-TL-02`))!;
		expect(yt).toMatchObject({
			kind: 'commune',
			parentId: t.province.id,
			searchText: 'dang bo xa yen thinh'
		});
		expect(yt1).toMatchObject({
			kind: 'cell',
			parentId: yt.id,
			path: `${yt.path}${yt1.id}/`,
			depth: 2
		});
		expect(tl2).toMatchObject({ parentId: yt.id, path: `${yt.path}${tl2.id}/` });
		expect((await getOrgUnitByCode(db(), `${p}-TL-01`))!.name).toBe('Chi bộ thôn Đồng Chùa (mới)');
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'orgs.import'), eq(auditLog.targetId, id)));
		expect(audit[0].details).toMatchObject({ created: 2, updated: 2, moved: 1, rows: 5 });
		// A committed batch cannot be committed twice.
		expect(await commitImportBatch(db(), actor, id)).toEqual({
			ok: false,
			error: 'batch_not_found'
		});
	});

	it('reads XLSX with English headers and kinds', async () => {
		const t = await buildProvince(db());
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.tanLap }]);
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Units');
		ws.addRow(['Code', 'Name', 'Kind', 'Parent code']);
		ws.addRow([`${t.prefix}-TL-09`, 'Chi bộ Trạm Y tế xã', 'Party cell', t.tanLap.code]);
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const read = await readTreeFile({ name: 'units.xlsx', bytes });
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		const id = await createImportBatch(db(), actor, 'units.xlsx', read.rows);
		expect(await commitImportBatch(db(), actor, id)).toMatchObject({ ok: true, created: 1 });
		expect((await getOrgUnitByCode(db(), `${t.prefix}-TL-09`))!.kind).toBe('cell');
	});

	it('reports every kind of row error with its row number and imports nothing', async () => {
		const t = await buildProvince(db());
		const p = t.prefix;
		const other = await buildProvince(db());
		const admin = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		await mergeUnits(db(), admin, t.hoaPhu.id, [t.ward.id]);
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const long = 'Đ'.repeat(201);
		const rows = [
			`${p}-N1,Chi bộ mới 1,Chi bộ,${p}-TL`, // 2 fine
			`,Không có mã,Chi bộ,${p}-TL`, // 3 empty_code
			`${p} N3,Mã có dấu cách,Chi bộ,${p}-TL`, // 4 invalid_code
			`${p}-N4,,Chi bộ,${p}-TL`, // 5 empty_name
			`${p}-N5,${long},Chi bộ,${p}-TL`, // 6 name_too_long
			`${p}-N6,Loại lạ,Thôn,${p}-TL`, // 7 unknown_kind
			`${p}-N7,Thiếu loại,,${p}-TL`, // 8 empty_kind
			`${p}-N1,Trùng mã,Chi bộ,${p}-TL`, // 9 duplicate_code (row 2)
			`${p}-MK,Phường đã sáp nhập,Phường,${p}`, // 10 code_merged
			`${other.prefix}-TL,Ngoài phạm vi,Xã,${p}`, // 11 code_out_of_scope
			`${p}-N12,Không có cấp trên,Chi bộ,`, // 12 parent_required
			`${p}-N13,Tự làm cấp trên,Chi bộ,${p}-N13`, // 13 parent_is_self
			`${p}-N14,Cấp trên không có,Chi bộ,${p}-KHONG-CO`, // 14 unknown_parent
			`${p}-N15,Cấp trên đã sáp nhập,Chi bộ,${p}-MK`, // 15 parent_merged
			`${p}-N16,Cấp trên ngoài phạm vi,Chi bộ,${other.prefix}-TL`, // 16 parent_out_of_scope
			`${p}-C1,Vòng A,Chi bộ,${p}-C2`, // 17 cycle
			`${p}-C2,Vòng B,Chi bộ,${p}-C1`, // 18 cycle
			`${p}-TL,Đảng bộ xã Tân Lập,Xã,${p}-TL-01` // 19 cycle (under its own cell)
		];
		const id = await upload(actor, HEADER + rows.join('\n') + '\n');
		const { plan } = (await previewImportBatch(db(), actor, id))!;
		expect(plan.errors.map((e) => [e.rowNumber, e.error])).toEqual([
			[3, 'empty_code'],
			[4, 'invalid_code'],
			[5, 'empty_name'],
			[6, 'name_too_long'],
			[7, 'unknown_kind'],
			[8, 'empty_kind'],
			[9, 'duplicate_code'],
			[10, 'code_merged'],
			[11, 'code_out_of_scope'],
			[12, 'parent_required'],
			[13, 'parent_is_self'],
			[14, 'unknown_parent'],
			[15, 'parent_merged'],
			[16, 'parent_out_of_scope'],
			[17, 'cycle'],
			[18, 'cycle'],
			[19, 'cycle']
		]);
		expect(plan.errors.find((e) => e.rowNumber === 9)).toMatchObject({ otherRow: 2 });
		expect(plan.errors.find((e) => e.rowNumber === 19)?.codes).toEqual([
			`${p}-TL`,
			`${p}-TL-01`,
			`${p}-TL`
		]);
		const before = await unitCount(p);
		const r = await commitImportBatch(db(), actor, id);
		expect(r.ok).toBe(false);
		if (!r.ok && r.error === 'rows_invalid') expect(r.errors).toHaveLength(17);
		expect(await unitCount(p)).toBe(before);
		expect(await getOrgUnitByCode(db(), `${p}-N1`)).toBeNull();
	});

	it('imports nothing when one row of many is bad', async () => {
		const t = await buildProvince(db());
		const p = t.prefix;
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const good = Array.from({ length: 50 }, (_, i) => `${p}-G${i},Chi bộ ${i},Chi bộ,${p}-HP`);
		const id = await upload(
			actor,
			HEADER + [...good, `${p}-BAD,Chi bộ lỗi,Chi bộ,${p}-NOPE`].join('\n')
		);
		const before = await unitCount(p);
		const r = await commitImportBatch(db(), actor, id);
		expect(r).toMatchObject({ ok: false, error: 'rows_invalid' });
		expect(await unitCount(p)).toBe(before);
	});

	it('checks owner, expiry and the committer’s current scope at commit time', async () => {
		const t = await buildProvince(db());
		const p = t.prefix;
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const id = await upload(actor, HEADER + `${p}-HP-09,Chi bộ mới,Chi bộ,${p}-HP\n`);
		const stranger = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		expect(await previewImportBatch(db(), stranger, id)).toBeNull();
		expect(await commitImportBatch(db(), stranger, id)).toEqual({
			ok: false,
			error: 'batch_not_found'
		});
		const later = new Date(Date.now() + IMPORT_BATCH_TTL_MS + 1000);
		expect(await commitImportBatch(db(), actor, id, later)).toEqual({
			ok: false,
			error: 'batch_not_found'
		});
		// The actor's grant shrank to Tân Lập after the preview: the commit is refused.
		const narrowed = {
			...actor,
			grants: [{ role: 'manager' as const, orgUnitId: t.tanLap.id, path: t.tanLap.path }]
		};
		const r = await commitImportBatch(db(), narrowed, id);
		expect(r).toMatchObject({
			ok: false,
			error: 'rows_invalid',
			errors: [{ rowNumber: 2, error: 'parent_out_of_scope' }]
		});
		expect(await getOrgUnitByCode(db(), `${p}-HP-09`)).toBeNull();
		expect(await commitImportBatch(db(), actor, id)).toMatchObject({ ok: true, created: 1 });
	});

	it('reads back its own export as "nothing to change", for a commune manager too', async () => {
		const t = await buildProvince(db());
		for (const root of [t.province, t.tanLap]) {
			const actor = await actorWith(db(), [{ role: 'manager', unit: root }]);
			const rows = await treeExportRows(db(), [root.path]);
			const text = toCsv(
				[
					{ header: 'Mã', value: (r: (typeof rows)[number]) => r.code },
					{ header: 'Tên', value: (r) => r.name },
					{ header: 'Loại', value: (r) => r.kind },
					{ header: 'Mã đơn vị cấp trên', value: (r) => r.parentCode }
				],
				rows
			);
			const id = await upload(actor, text);
			const { plan } = (await previewImportBatch(db(), actor, id))!;
			expect(plan.errors).toEqual([]);
			expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: rows.length });
		}
		// Naming the commune's real parent (outside the manager's scope) is "no change" too.
		const commune = await actorWith(db(), [{ role: 'manager', unit: t.tanLap }]);
		const id = await upload(
			commune,
			HEADER + `${t.tanLap.code},${t.tanLap.name},Xã,${t.province.code}\n`
		);
		const { plan } = (await previewImportBatch(db(), commune, id))!;
		expect(plan.errors).toEqual([]);
		expect(plan.rows.map((r) => [r.action, r.parentCode])).toEqual([['unchanged', null]]);
	});

	it('refuses files over the row cap and creates thousands of units quickly', async () => {
		const t = await buildProvince(db());
		const p = t.prefix;
		const tooMany = HEADER + `${p}-X,X,Xã,${p}\n`.repeat(TREE_IMPORT_LIMITS.maxRows + 1);
		expect(await readTreeFile(csv(tooMany))).toEqual({
			ok: false,
			error: {
				code: 'too_many_rows',
				maxRows: TREE_IMPORT_LIMITS.maxRows,
				rows: TREE_IMPORT_LIMITS.maxRows + 1
			}
		});
		const actor = await actorWith(db(), [{ role: 'manager', unit: t.province }]);
		const lines: string[] = [];
		for (let c = 0; c < 40; c++) {
			// Cells first, their commune after them.
			for (let k = 0; k < 49; k++) lines.push(`${p}-B${c}-${k},Chi bộ ${k},Chi bộ,${p}-B${c}`);
			lines.push(`${p}-B${c},Xã ${c},Xã,${p}`);
		}
		const id = await upload(actor, HEADER + lines.join('\n'));
		expect(await commitImportBatch(db(), actor, id)).toMatchObject({ ok: true, created: 2000 });
		const cell = (await getOrgUnitByCode(db(), `${p}-B39-48`))!;
		const commune = (await getOrgUnitByCode(db(), `${p}-B39`))!;
		expect(cell.path).toBe(`${commune.path}${cell.id}/`);
		expect(cell.depth).toBe(2);
	});
});
