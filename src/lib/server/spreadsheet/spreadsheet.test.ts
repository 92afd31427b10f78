import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable, type ColumnSpec } from './read';
import { escapeSpreadsheetText, toCsv, toXlsx } from './write';

const columns: ColumnSpec[] = [
	{ key: 'name', headers: ['Họ và tên', 'Full name'], required: true },
	{ key: 'unit', headers: ['Mã đơn vị', 'Unit code'], required: true },
	{ key: 'year', headers: ['Năm sinh', 'Birth year'] }
];
const opts = { maxBytes: 1_000_000, maxRows: 100, columns };
const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('readTable (CSV)', () => {
	it('reads UTF-8 with BOM and semicolons, matches headers without diacritics, keeps row numbers', async () => {
		const csv =
			'\uFEFFHo va ten;Ma don vi;Nam sinh\r\nNguyễn Văn Đức;SH-TL-01;1975\r\n;;\r\nTrần Thị Hà;SH-TL-02;\r\n';
		const r = await readTable(file('a.csv', csv), opts);
		expect(r).toEqual({
			ok: true,
			format: 'csv',
			rows: [
				{ rowNumber: 2, values: { name: 'Nguyễn Văn Đức', unit: 'SH-TL-01', year: '1975' } },
				{ rowNumber: 4, values: { name: 'Trần Thị Hà', unit: 'SH-TL-02', year: '' } }
			]
		});
	});
	it('normalizes decomposed Vietnamese to NFC', async () => {
		const r = await readTable(file('a.csv', 'Full name,Unit code\nNguye\u0302\u0303n,X\n'), opts);
		expect(r.ok && r.rows[0].values.name).toBe('Nguyễn');
	});
	it('refuses files that are not UTF-8, too big, too long, or lack a required column', async () => {
		const latin1 = { name: 'a.csv', bytes: new Uint8Array([0x48, 0x6f, 0x20, 0xe0, 0x0a]) };
		expect(await readTable(latin1, opts)).toEqual({ ok: false, error: { code: 'not_utf8' } });
		expect(await readTable(file('a.csv', 'x'.repeat(50)), { ...opts, maxBytes: 10 })).toEqual({
			ok: false,
			error: { code: 'too_large', maxBytes: 10 }
		});
		const long = 'Full name,Unit code\n' + 'A,B\n'.repeat(3);
		expect(await readTable(file('a.csv', long), { ...opts, maxRows: 2 })).toEqual({
			ok: false,
			error: { code: 'too_many_rows', maxRows: 2, rows: 3 }
		});
		expect(await readTable(file('a.csv', 'Full name\nA\n'), opts)).toEqual({
			ok: false,
			error: { code: 'missing_columns', columns: ['Mã đơn vị'] }
		});
		expect(await readTable(file('a.pdf', 'x'), opts)).toEqual({
			ok: false,
			error: { code: 'unsupported_type' }
		});
	});
});

describe('readTable (XLSX)', () => {
	it('reads the first sheet with numbers, rich text and row numbers', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Danh sách');
		ws.addRow(['Họ và tên', 'Mã đơn vị', 'Năm sinh']);
		ws.addRow([{ richText: [{ text: 'Lê ' }, { text: 'Văn Bắc' }] }, 'SH-YT-01', 1980]);
		ws.addRow([]);
		ws.addRow(['Phạm Thị Lan', 'SH-YT-02', null]);
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const r = await readTable({ name: 'ds.XLSX', bytes }, opts);
		expect(r).toEqual({
			ok: true,
			format: 'xlsx',
			rows: [
				{ rowNumber: 2, values: { name: 'Lê Văn Bắc', unit: 'SH-YT-01', year: '1980' } },
				{ rowNumber: 4, values: { name: 'Phạm Thị Lan', unit: 'SH-YT-02', year: '' } }
			]
		});
	});
	it('reports a corrupt file as unreadable', async () => {
		expect(await readTable(file('x.xlsx', 'not a zip'), opts)).toEqual({
			ok: false,
			error: { code: 'unreadable' }
		});
	});
});

describe('exports', () => {
	type R = { name: string; n: number };
	const cols = [
		{ header: 'Họ và tên', value: (r: R) => r.name },
		{ header: 'Số', value: (r: R) => r.n }
	];
	it('escapes formula-like text in CSV and keeps numbers', () => {
		const csv = toCsv(cols, [
			{ name: '=HYPERLINK("http://x")', n: -5 },
			{ name: '@SUM(A1)', n: 1 },
			{ name: '+84 912', n: 2 },
			{ name: '-x', n: 3 },
			{ name: 'Đỗ Thu Hà', n: 4 }
		]);
		expect(csv.startsWith('\uFEFFHọ và tên,Số\r\n')).toBe(true);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")",-5`);
		expect(csv).toContain(`'@SUM(A1),1`);
		expect(csv).toContain(`'+84 912,2`);
		expect(csv).toContain(`'-x,3`);
		expect(csv).toContain('Đỗ Thu Hà,4');
	});
	it('writes XLSX whose formula-like cells are plain escaped text', async () => {
		const bytes = await toXlsx(cols, [{ name: '=1+1', n: 7 }], 'Đảng viên');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(bytes.buffer as ArrayBuffer);
		const ws = wb.worksheets[0];
		expect(ws.name).toBe('Đảng viên');
		expect(ws.getCell('A2').value).toBe("'=1+1");
		expect(ws.getCell('B2').value).toBe(7);
	});
	it('writes dates one way: Vietnam’s day as dd/MM/yyyy text in CSV, a date cell in XLSX', async () => {
		type D = { at: Date | null };
		const dateCols = [
			{ header: 'Ngày', value: (r: D) => r.at },
			{ header: 'Lúc', value: (r: D) => r.at, time: true }
		];
		// 17:30 UTC on New Year's Eve is 00:30 on New Year's Day in Vietnam.
		const rows = [{ at: new Date('2026-12-31T17:30:00Z') }, { at: null }];
		expect(toCsv(dateCols, rows)).toBe('\uFEFFNgày,Lúc\r\n01/01/2027,01/01/2027 00:30\r\n,');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsx(dateCols, rows, 'Ngày')).buffer as ArrayBuffer);
		const ws = wb.worksheets[0];
		expect(ws.getCell('A2').value).toEqual(new Date('2027-01-01T00:30:00Z'));
		expect(ws.getCell('A2').numFmt).toBe('dd/mm/yyyy');
		expect(ws.getCell('B2').numFmt).toBe('dd/mm/yyyy hh:mm');
		expect(ws.getCell('A3').value).toBe('');
		// The import reads such a cell back as the same day.
		const read = await readTable(
			{ name: 'a.xlsx', bytes: await toXlsx(dateCols, rows, 'Ngày') },
			{ ...opts, columns: [{ key: 'day', headers: ['Ngày', 'Date'], required: true }] }
		);
		expect(read.ok && read.rows[0].values.day).toBe('2027-01-01');
	});
	it('escapeSpreadsheetText leaves ordinary text alone', () => {
		expect(escapeSpreadsheetText('Nguyễn')).toBe('Nguyễn');
		expect(escapeSpreadsheetText('\t=x')).toBe("'\t=x");
	});
});
