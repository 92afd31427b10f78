import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { formatDate, formatDateTime, wallClock } from '../../datetime';

export type ExportValue = string | number | Date | null;

/**
 * A column of an export. Dates (a `Date` value) are written one way in every export, in Vietnam's
 * time zone: CSV holds the app's text (`dd/MM/yyyy`, or `dd/MM/yyyy HH:mm` with `time`), XLSX a
 * real date cell (sortable, filterable) holding the same wall-clock day and time, displayed with
 * that same explicit format whatever the spreadsheet program's locale.
 */
export type ExportColumn<T> = { header: string; value: (row: T) => ExportValue; time?: boolean };

const xlsxDateFormat = (time?: boolean) => (time ? 'dd/mm/yyyy hh:mm' : 'dd/mm/yyyy');

/** Spreadsheet dates have no time zone: the cell holds Vietnam's wall clock (as if it were UTC). */
function xlsxDate(value: Date): Date {
	const w = wallClock(value);
	return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute));
}

const dateText = (value: Date, time?: boolean) =>
	time ? formatDateTime(value, 'vi') : formatDate(value, 'vi');

/**
 * Text that a spreadsheet would run as a formula (= + - @, or a leading tab/CR) gets a leading
 * apostrophe (OWASP "CSV injection"). Numbers stay numbers.
 */
export function escapeSpreadsheetText(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cellText<T>(column: ExportColumn<T>, row: T): string | number {
	const value = column.value(row);
	if (value === null) return '';
	if (value instanceof Date) return dateText(value, column.time);
	return typeof value === 'number' ? value : escapeSpreadsheetText(value);
}

/** CSV in UTF-8 with a BOM (so Excel shows Vietnamese correctly) and CRLF line ends. */
export function toCsv<T>(columns: ExportColumn<T>[], rows: T[]): string {
	const data = [columns.map((c) => escapeSpreadsheetText(c.header))].concat(
		rows.map((row) => columns.map((c) => String(cellText(c, row))))
	);
	return '\uFEFF' + Papa.unparse(data, { newline: '\r\n' });
}

export async function toXlsx<T>(
	columns: ExportColumn<T>[],
	rows: T[],
	sheetName: string
): Promise<Uint8Array> {
	return toXlsxWorkbook([{ name: sheetName, columns, rows }]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sheet has its own row type
export type XlsxSheet<T = any> = { name: string; columns: ExportColumn<T>[]; rows: T[] };

/** A workbook of several sheets (e.g. one per level of a report), each written like `toXlsx`. */
export async function toXlsxWorkbook(sheets: XlsxSheet[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	for (const { name, columns, rows } of sheets) addSheet(workbook, columns, rows, name);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addSheet<T>(
	workbook: ExcelJS.Workbook,
	columns: ExportColumn<T>[],
	rows: T[],
	sheetName: string
) {
	const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[[\]*?/\\:]/g, ' '));
	sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
	for (const row of rows) {
		const added = sheet.addRow(
			columns.map((c) => {
				const value = c.value(row);
				return value instanceof Date ? xlsxDate(value) : cellText(c, row);
			})
		);
		columns.forEach((c, i) => {
			if (c.value(row) instanceof Date) added.getCell(i + 1).numFmt = xlsxDateFormat(c.time);
		});
	}
	sheet.columns.forEach((column, i) => {
		const longest = Math.max(
			columns[i].header.length,
			...rows.slice(0, 500).map((r) => String(cellText(columns[i], r)).length)
		);
		column.width = Math.min(60, Math.max(8, longest + 2));
	});
	sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** A file download response; the Vietnamese file name survives via RFC 5987 `filename*`. */
export function downloadResponse(
	body: string | Uint8Array,
	fileName: string,
	type: 'csv' | 'xlsx'
) {
	const contentType =
		type === 'csv'
			? 'text/csv; charset=utf-8'
			: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
	// Old clients read only `filename`: Vietnamese letters lose their marks, and đ becomes d.
	const ascii = fileName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^\x20-\x7e]/g, '')
		.replace(/["\\]/g, '');
	return new Response(body as BodyInit, {
		headers: {
			'Content-Type': contentType,
			'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
			'Cache-Control': 'no-store'
		}
	});
}
