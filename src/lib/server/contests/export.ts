import ExcelJS from 'exceljs';
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { contestRoundResults } from '../db/schema';
import {
	downloadResponse,
	escapeSpreadsheetText,
	toCsv,
	type ExportColumn,
	type ExportValue
} from '../spreadsheet/write';
import { formatDateTime } from '../../datetime';
import { candidateInfo, type CandidateInfo } from './candidates';

/**
 * A round's results as the organizer sees them (every candidate ranked, names in full) and their
 * exports: CSV (UTF-8 with BOM, formula-looking text escaped, as the people export), XLSX with one
 * sheet per unit plus one for everyone, and the printable list (a page).
 */

export type ResultRow = {
	rank: number | null;
	code: string;
	name: string;
	unitName: string;
	groupId: number;
	groupName: string;
	score: number | null;
	maxScore: number | null;
	timeTakenMs: number | null;
	prediction: number | null;
	submittedAt: Date | null;
};

export async function roundResultRows(
	db: DbOrTx,
	roundId: number,
	contestUnit: { id: number; path: string }
): Promise<ResultRow[]> {
	const results = await db
		.select()
		.from(contestRoundResults)
		.where(eq(contestRoundResults.roundId, roundId))
		.orderBy(asc(contestRoundResults.rank), asc(contestRoundResults.registrationId));
	const info = await candidateInfo(
		db,
		results.map((r) => r.registrationId),
		contestUnit
	);
	const unknown: CandidateInfo = {
		registrationId: 0,
		code: '',
		name: '',
		unitName: '',
		groupId: 0,
		groupName: ''
	};
	return results.map((r) => {
		const c = info.get(r.registrationId) ?? unknown;
		return {
			rank: r.rank,
			code: c.code,
			name: c.name,
			unitName: c.unitName,
			groupId: c.groupId,
			groupName: c.groupName,
			score: r.score,
			maxScore: r.maxScore,
			timeTakenMs: r.timeTakenMs,
			prediction: r.prediction,
			submittedAt: r.submittedAt
		};
	});
}

/** "12:05.347": minutes, seconds and milliseconds, as the tiebreak compares them. */
export function formatDuration(ms: number | null): string {
	if (ms === null) return '';
	const minutes = Math.floor(ms / 60_000);
	const seconds = Math.floor((ms % 60_000) / 1000);
	return `${minutes}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

type Locale = 'vi' | 'en';

const HEADERS: Record<Locale, string[]> = {
	vi: [
		'Hạng',
		'Số báo danh',
		'Họ và tên',
		'Đơn vị',
		'Đơn vị cấp trên',
		'Điểm',
		'Thời gian làm bài',
		'Dự đoán',
		'Nộp bài lúc'
	],
	en: [
		'Rank',
		'Candidate code',
		'Full name',
		'Unit',
		'Parent unit',
		'Score',
		'Time taken',
		'Prediction',
		'Submitted at'
	]
};

export function resultColumns(locale: Locale): ExportColumn<ResultRow>[] {
	const h = HEADERS[locale];
	const values: ((r: ResultRow) => string | number | null)[] = [
		(r) => r.rank,
		(r) => r.code,
		(r) => r.name,
		(r) => r.unitName,
		(r) => r.groupName,
		(r) => r.score,
		(r) => formatDuration(r.timeTakenMs),
		(r) => r.prediction,
		// Server time in UTC with milliseconds: the tiebreak's own precision.
		(r) => r.submittedAt?.toISOString().replace('T', ' ').replace('Z', ' UTC') ?? null
	];
	return h.map((header, i) => ({ header, value: values[i] }));
}

const sheetName = (name: string, used: Set<string>) => {
	const base =
		name
			.replace(/[[\]*?/\\:]/g, ' ')
			.slice(0, 28)
			.trim() || 'Sheet';
	let candidate = base;
	for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base} ${n}`;
	used.add(candidate.toLowerCase());
	return candidate;
};

/** One sheet for everyone, then one per unit (in the order of the units' names). */
export async function resultsWorkbook(rows: ResultRow[], locale: Locale, allTitle: string) {
	const columns = resultColumns(locale);
	const workbook = new ExcelJS.Workbook();
	const used = new Set<string>();
	const cell = (v: ExportValue) =>
		v === null
			? ''
			: typeof v === 'number'
				? v
				: v instanceof Date
					? formatDateTime(v, 'vi')
					: escapeSpreadsheetText(v);
	const addSheet = (title: string, list: ResultRow[]) => {
		const sheet = workbook.addWorksheet(sheetName(title, used));
		sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
		for (const row of list) sheet.addRow(columns.map((c) => cell(c.value(row))));
		sheet.columns.forEach((column, i) => {
			column.width = [7, 14, 28, 32, 32, 8, 14, 10, 28][i] ?? 12;
		});
		sheet.views = [{ state: 'frozen', ySplit: 1 }];
	};
	addSheet(allTitle, rows);
	const groups = new Map<number, { name: string; rows: ResultRow[] }>();
	for (const row of rows) {
		const g = groups.get(row.groupId) ?? { name: row.groupName, rows: [] };
		g.rows.push(row);
		groups.set(row.groupId, g);
	}
	const ordered = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
	for (const g of ordered) addSheet(g.name, g.rows);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function exportRoundResults(
	rows: ResultRow[],
	input: { format: 'csv' | 'xlsx'; locale: Locale; title: string }
): Promise<Response> {
	const date = new Date().toISOString().slice(0, 10);
	const fileName = `${input.title} ${date}.${input.format}`;
	const body =
		input.format === 'csv'
			? toCsv(resultColumns(input.locale), rows)
			: await resultsWorkbook(rows, input.locale, input.locale === 'vi' ? 'Tất cả' : 'All');
	return downloadResponse(body, fileName, input.format);
}
