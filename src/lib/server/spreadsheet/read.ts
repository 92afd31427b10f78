import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { foldVietnamese } from '../text/fold';
import { checkXlsxBounds } from './xlsx-bounds';

export type TableRow = { rowNumber: number; values: Record<string, string> };

export type TableReadError =
	| { code: 'too_large'; maxBytes: number }
	| { code: 'too_many_rows'; maxRows: number; rows: number }
	| { code: 'too_large_unpacked'; maxBytes: number }
	| { code: 'too_many_cells'; maxCells: number }
	| { code: 'no_rows' }
	| { code: 'unsupported_type' }
	| { code: 'empty' }
	| { code: 'not_utf8' }
	| { code: 'unreadable' }
	| { code: 'missing_columns'; columns: string[] }
	| { code: 'duplicate_column'; column: string };

export type TableReadResult =
	{ ok: true; rows: TableRow[]; format: 'csv' | 'xlsx' } | { ok: false; error: TableReadError };

export type ColumnSpec = {
	/** Canonical key used in `values`. */
	key: string;
	/** Header texts accepted for it (compared without diacritics, case or punctuation). */
	headers: string[];
	required?: boolean;
};

export type ReadOptions = {
	maxBytes: number;
	maxRows: number;
	columns: ColumnSpec[];
	/** What an XLSX may unpack to (default `XLSX_MAX_UNPACKED_BYTES`). */
	maxUnpackedBytes?: number;
};

/**
 * An XLSX of `maxRows` rows of text unpacks to a few MB: 5,000 people with ten columns is
 * about 4 MB of XML. Beyond these it is refused before it is parsed.
 */
export const XLSX_MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
/** Columns a row may fill on average (people have 10, questions 15). */
export const XLSX_MAX_COLUMNS = 32;

const headerKey = (text: string) => foldVietnamese(text).replace(/[^a-z0-9]/g, '');

/**
 * Reads an uploaded CSV (UTF-8, with or without BOM, comma/semicolon/tab) or XLSX (first sheet)
 * into rows keyed by canonical column, each with its spreadsheet row number (header = row 1).
 * Blank rows are skipped but keep the numbering, so error messages point at the right line.
 */
export async function readTable(
	file: { name: string; bytes: Uint8Array },
	options: ReadOptions
): Promise<TableReadResult> {
	if (file.bytes.byteLength > options.maxBytes) {
		return { ok: false, error: { code: 'too_large', maxBytes: options.maxBytes } };
	}
	if (file.bytes.byteLength === 0) return { ok: false, error: { code: 'empty' } };
	const name = file.name.toLowerCase();
	let grid: { rowNumber: number; cells: string[] }[];
	let format: 'csv' | 'xlsx';
	if (name.endsWith('.xlsx')) {
		format = 'xlsx';
		const parsed = await readXlsxGrid(file.bytes, options);
		if (!parsed.ok) return parsed;
		grid = parsed.grid;
	} else if (name.endsWith('.csv') || name.endsWith('.txt')) {
		format = 'csv';
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
		} catch {
			return { ok: false, error: { code: 'not_utf8' } };
		}
		const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
			header: false,
			skipEmptyLines: false
		});
		grid = parsed.data.map((cells, i) => ({ rowNumber: i + 1, cells }));
	} else {
		return { ok: false, error: { code: 'unsupported_type' } };
	}

	const nonBlank = grid.filter((r) => r.cells.some((c) => String(c ?? '').trim() !== ''));
	if (nonBlank.length === 0) return { ok: false, error: { code: 'empty' } };
	const [header, ...data] = nonBlank;
	if (data.length > options.maxRows) {
		return {
			ok: false,
			error: { code: 'too_many_rows', maxRows: options.maxRows, rows: data.length }
		};
	}

	const indexByKey = new Map<string, number>();
	header.cells.forEach((text, index) => {
		const k = headerKey(String(text ?? ''));
		const spec = options.columns.find((c) => c.headers.some((h) => headerKey(h) === k));
		if (!spec) return;
		if (indexByKey.has(spec.key)) indexByKey.set(`__dup__${spec.key}`, index);
		else indexByKey.set(spec.key, index);
	});
	const dup = [...indexByKey.keys()].find((k) => k.startsWith('__dup__'));
	if (dup) return { ok: false, error: { code: 'duplicate_column', column: dup.slice(7) } };
	const missing = options.columns.filter((c) => c.required && !indexByKey.has(c.key));
	if (missing.length > 0) {
		return {
			ok: false,
			error: { code: 'missing_columns', columns: missing.map((c) => c.headers[0]) }
		};
	}

	// Checked after the columns, so that a file that is not the template says so first.
	if (data.length === 0) return { ok: false, error: { code: 'no_rows' } };

	const rows = data.map(({ rowNumber, cells }) => {
		const values: Record<string, string> = {};
		for (const [key, index] of indexByKey) {
			values[key] = String(cells[index] ?? '')
				.normalize('NFC')
				.trim();
		}
		return { rowNumber, values };
	});
	return { ok: true, rows, format };
}

async function readXlsxGrid(
	bytes: Uint8Array,
	options: ReadOptions
): Promise<
	| { ok: true; grid: { rowNumber: number; cells: string[] }[] }
	| { ok: false; error: TableReadError }
> {
	const maxRows = options.maxRows;
	// A zip bomb is refused from its table of contents, or while being counted, never parsed.
	const maxUnpackedBytes = options.maxUnpackedBytes ?? XLSX_MAX_UNPACKED_BYTES;
	const bounds = await checkXlsxBounds(bytes, {
		maxUnpackedBytes,
		maxCells: (maxRows + 1) * XLSX_MAX_COLUMNS,
		// Rows with only formatted empty cells count here but not below: allow for them.
		maxRows: 2 * (maxRows + 1),
		maxEntries: 1000
	});
	if (!bounds.ok) {
		switch (bounds.error) {
			case 'unreadable':
				return { ok: false, error: { code: 'unreadable' } };
			case 'too_large_unpacked':
				return { ok: false, error: { code: 'too_large_unpacked', maxBytes: bounds.maxBytes } };
			case 'too_many_cells':
				return { ok: false, error: { code: 'too_many_cells', maxCells: bounds.maxCells } };
			case 'too_many_rows':
				return { ok: false, error: { code: 'too_many_rows', maxRows, rows: bounds.rows - 1 } };
		}
	}
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(
			bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
		);
	} catch {
		return { ok: false, error: { code: 'unreadable' } };
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return { ok: false, error: { code: 'empty' } };
	if (sheet.actualRowCount > maxRows + 1) {
		return {
			ok: false,
			error: { code: 'too_many_rows', maxRows, rows: sheet.actualRowCount - 1 }
		};
	}
	const grid: { rowNumber: number; cells: string[] }[] = [];
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell, col) => {
			cells[col - 1] = cellText(cell.value);
		});
		grid.push({ rowNumber: row.number, cells: Array.from(cells, (c) => c ?? '') });
	});
	return { ok: true, grid };
}

function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value && typeof value.text === 'string') return value.text;
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('error' in value) return '';
		return '';
	}
	return String(value);
}
