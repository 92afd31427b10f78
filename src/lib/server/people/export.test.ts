import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { readTable } from '../spreadsheet/read';
import { exportPeople, importTemplate } from './export';
import { IMPORT_COLUMNS, checkImportRows } from './import-rows';
import { createPersonWithAccount } from './people';
import { buildTree } from './test-fixtures';

/** The body as sent, byte order mark included (Response.text() drops it). */
const body = async (r: Response) =>
	new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());

const noFilters = { q: '', unitId: null, position: null, page: 1 };

describeEachDatabase('people export', ({ db }) => {
	let tree: Awaited<ReturnType<typeof buildTree>>;

	it('sets up', async () => {
		tree = await buildTree(db(), 'E');
		await createPersonWithAccount(
			db(),
			{
				fullName: '=HYPERLINK("http://evil.example","Bấm") Nguyễn',
				orgUnitId: tree.a1.id,
				position: 'secretary',
				phone: '+84912345678',
				theoryLevel: 'elementary',
				birthYear: 1970
			},
			null
		);
		await createPersonWithAccount(db(), { fullName: 'Đào Thị Ánh', orgUnitId: tree.a2.id }, null);
		await createPersonWithAccount(db(), { fullName: 'Phí Văn Bình', orgUnitId: tree.b1.id }, null);
	});

	it('exports the filtered list to CSV with formula-like cells escaped and a Vietnamese file name', async () => {
		const response = await exportPeople(
			db(),
			{ scope: [tree.a.path], filters: noFilters, format: 'csv', locale: 'vi' },
			// 01:00 on 5 March in Vietnam, still 4 March in UTC: the file is named by Vietnam's date.
			new Date('2026-03-04T18:00:00Z')
		);
		expect(response!.headers.get('content-disposition')).toContain(
			`filename*=UTF-8''${encodeURIComponent('Danh sách đảng viên 2026-03-05.csv')}`
		);
		const text = await body(response!);
		expect(text.startsWith('\uFEFFHọ và tên,Mã đơn vị,Tên đơn vị,Chức vụ')).toBe(true);
		expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm"") Nguyễn",EA-01`);
		expect(text).toContain(",'+84912345678,");
		expect(text).toContain('Đào Thị Ánh,EA-02');
		// Out of scope: not in the file.
		expect(text).not.toContain('Phí Văn Bình');
		const filtered = await exportPeople(db(), {
			scope: [tree.a.path],
			filters: { ...noFilters, unitId: tree.a2.id },
			format: 'csv',
			locale: 'en'
		});
		const filteredText = await body(filtered!);
		expect(filteredText).toContain('Full name,Unit code,Unit name,Position');
		expect(filteredText).not.toContain('HYPERLINK');
		expect(
			await exportPeople(db(), {
				scope: [tree.a.path],
				filters: { ...noFilters, unitId: tree.b.id },
				format: 'csv',
				locale: 'vi'
			})
		).toBeNull();
	});

	it('exports XLSX with text cells escaped, and the export can be imported again', async () => {
		const response = await exportPeople(db(), {
			scope: [tree.a.path],
			filters: noFilters,
			format: 'xlsx',
			locale: 'vi'
		});
		const bytes = new Uint8Array(await response!.arrayBuffer());
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(bytes.buffer as ArrayBuffer);
		const sheet = wb.worksheets[0];
		const names = [2, 3].map((r) => String(sheet.getRow(r).getCell(1).value));
		expect(names).toContain(`'=HYPERLINK("http://evil.example","Bấm") Nguyễn`);
		const hyperlinkRow = names.findIndex((n) => n.includes('HYPERLINK')) + 2;
		expect(sheet.getRow(hyperlinkRow).getCell(1).formula).toBeUndefined();

		const table = await readTable(
			{ name: 'export.xlsx', bytes },
			{ maxBytes: 5_000_000, maxRows: 100, columns: IMPORT_COLUMNS }
		);
		if (!table.ok) throw new Error(table.error.code);
		const units = new Map([tree.a1, tree.a2].map((u) => [u.code, { ...u, mergedIntoCode: null }]));
		const rows = checkImportRows(table.rows, units, [tree.a.path]);
		expect(rows.flatMap((r) => r.errors)).toEqual([]);
		expect(rows.find((r) => r.fullName.includes('HYPERLINK'))).toEqual(
			expect.objectContaining({
				fullName: '=HYPERLINK("http://evil.example","Bấm") Nguyễn',
				position: 'secretary',
				theoryLevel: 'elementary',
				phone: '+84912345678',
				birthYear: 1970
			})
		);
	});

	it('offers an empty template with the import headers in both languages', async () => {
		const vi = await body(await importTemplate('csv', 'vi'));
		expect(vi).toBe(
			'\uFEFFHọ và tên,Mã đơn vị,Chức vụ,Năm sinh,Giới tính,Trình độ học vấn,Lý luận chính trị,Số điện thoại,Số thẻ đảng viên'
		);
		const en = await importTemplate('xlsx', 'en');
		expect(en.headers.get('content-type')).toContain('spreadsheetml');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await en.arrayBuffer());
		expect(wb.worksheets[0].getRow(1).values).toEqual([
			undefined,
			'Full name',
			'Unit code',
			'Position',
			'Birth year',
			'Gender',
			'Education level',
			'Political theory',
			'Phone',
			'Party card number'
		]);
	});
});
