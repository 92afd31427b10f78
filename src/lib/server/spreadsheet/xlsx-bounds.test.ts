import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable, XLSX_MAX_UNPACKED_BYTES, type ColumnSpec } from './read';
import { xlsxBomb, xlsxGrid } from './testing/zip-bomb';
import { checkXlsxBounds } from './xlsx-bounds';

const columns: ColumnSpec[] = [
	{ key: 'fullName', headers: ['Họ và tên', 'Full name'], required: true },
	{ key: 'unitCode', headers: ['Mã đơn vị', 'Unit code'], required: true }
];
const opts = { maxBytes: 5 * 1024 * 1024, maxRows: 5000, columns };
const bounds = {
	maxUnpackedBytes: 20 * 1024 * 1024,
	maxCells: 100_000,
	maxRows: 10_000,
	maxEntries: 100
};
const MB = 1024 * 1024;

describe('XLSX bounds before parsing', () => {
	it('refuses a bomb from its declared sizes: 400 MB packed in a few hundred KB', async () => {
		const bomb = await xlsxBomb(400 * MB);
		expect(bomb.byteLength).toBeLessThan(500 * 1024);
		expect(await checkXlsxBounds(bomb, bounds)).toEqual({
			ok: false,
			error: 'too_large_unpacked',
			maxBytes: bounds.maxUnpackedBytes
		});
		expect(await readTable({ name: 'bom.xlsx', bytes: bomb }, opts)).toEqual({
			ok: false,
			error: { code: 'too_large_unpacked', maxBytes: XLSX_MAX_UNPACKED_BYTES }
		});
	});

	it('refuses a bomb whose directory lies about its size, while inflating it', async () => {
		const bomb = await xlsxBomb(60 * MB, { lie: true });
		expect(await checkXlsxBounds(bomb, bounds)).toMatchObject({ error: 'too_large_unpacked' });
		expect(await readTable({ name: 'bom.xlsx', bytes: bomb }, opts)).toMatchObject({
			ok: false,
			error: { code: 'too_large_unpacked' }
		});
	});

	it('counts cells and rows exactly, across inflate chunks, and refuses past the bounds', async () => {
		const grid = xlsxGrid(3000, 20);
		expect(await checkXlsxBounds(grid, bounds)).toMatchObject({ ok: true, cells: 3000 * 20 + 2 });
		expect(await checkXlsxBounds(grid, { ...bounds, maxCells: 50_000 })).toEqual({
			ok: false,
			error: 'too_many_cells',
			maxCells: 50_000
		});
		expect(await checkXlsxBounds(grid, { ...bounds, maxRows: 2000 })).toEqual({
			ok: false,
			error: 'too_many_rows',
			rows: 3001
		});
		// readTable: (5000 + 1) rows × 32 columns at most.
		expect(await readTable({ name: 'wide.xlsx', bytes: xlsxGrid(200, 1000) }, opts)).toEqual({
			ok: false,
			error: { code: 'too_many_cells', maxCells: 5001 * 32 }
		});
	});

	it('refuses what is not a zip, and passes a workbook written by a spreadsheet program', async () => {
		expect(await checkXlsxBounds(Buffer.from('PK not really'), bounds)).toEqual({
			ok: false,
			error: 'unreadable'
		});
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Danh sách');
		sheet.addRow(['Họ và tên', 'Mã đơn vị']);
		for (let i = 0; i < 500; i++) sheet.addRow([`Nguyễn Văn ${i}`, 'SH-TL-01']);
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(await checkXlsxBounds(bytes, bounds)).toMatchObject({ ok: true, cells: 1002 });
		const read = await readTable({ name: 'ds.xlsx', bytes }, opts);
		expect(read.ok && read.rows.length).toBe(500);
	});
});

describe('a file with a header and no rows', () => {
	it('says so, for XLSX and CSV alike', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Danh sách').addRow(['Họ và tên', 'Mã đơn vị']);
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(await readTable({ name: 'ds.xlsx', bytes }, opts)).toEqual({
			ok: false,
			error: { code: 'no_rows' }
		});
		const csv = new TextEncoder().encode('Họ và tên,Mã đơn vị\n,\n');
		expect(await readTable({ name: 'ds.csv', bytes: csv }, opts)).toEqual({
			ok: false,
			error: { code: 'no_rows' }
		});
	});
});
