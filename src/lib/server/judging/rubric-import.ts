import type { Db } from '../db/client';
import type { ContestRound } from '../db/schema';
import { readTable, type ColumnSpec, type TableReadError } from '../spreadsheet/read';
import { saveRubric } from './rubric';
import { RUBRIC_MAX_CRITERIA, rubricProblems, type CriterionInput } from './scoring-rules';

/*
 * A rubric imported from a spreadsheet (CSV or XLSX, first sheet): one criterion a row, with the
 * columns below. All or nothing: a file with any bad row saves nothing and each problem names its
 * spreadsheet row; a good file replaces the rubric as the form does (saveRubric: refused once
 * scored or locked, logged).
 */

export const RUBRIC_IMPORT_MAX_BYTES = 1024 * 1024;

export const RUBRIC_COLUMNS: ColumnSpec[] = [
	{ key: 'name', headers: ['Tiêu chí', 'Criterion', 'Tên tiêu chí'], required: true },
	{ key: 'max', headers: ['Điểm tối đa', 'Max points', 'Tối đa', 'Maximum'], required: true },
	{ key: 'descriptors', headers: ['Mô tả', 'Descriptor', 'Descriptors', 'Yêu cầu'] }
];

export type RubricRowError = {
	/** The spreadsheet row (header = 1); null for the file as a whole (no criteria, too many). */
	rowNumber: number | null;
	error: string;
};

export type RubricImportResult =
	| { ok: true; maxScore: number; criteria: number }
	| { ok: false; error: 'file'; file: TableReadError }
	| { ok: false; error: 'invalid'; rows: RubricRowError[] }
	| { ok: false; error: 'scored' | 'locked' };

/** A maximum as a spreadsheet holds it: "40", "12.5", "12,5" (decimal comma). */
const points = (text: string) => {
	const t = text.trim().replace(',', '.');
	return /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
};

export async function importRubric(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	file: { name: string; bytes: Uint8Array }
): Promise<RubricImportResult> {
	const read = await readTable(file, {
		maxBytes: RUBRIC_IMPORT_MAX_BYTES,
		maxRows: RUBRIC_MAX_CRITERIA,
		columns: RUBRIC_COLUMNS
	});
	if (!read.ok) return { ok: false, error: 'file', file: read.error };
	const criteria: CriterionInput[] = read.rows.map((r) => ({
		name: (r.values.name ?? '').trim(),
		maxPoints: points(r.values.max ?? ''),
		descriptors: (r.values.descriptors ?? '').trim()
	}));
	const rowOf = (i: number) => read.rows[i].rowNumber;
	const rows: RubricRowError[] = [];
	for (const p of rubricProblems(criteria)) {
		if (p.at > 0) rows.push({ rowNumber: rowOf(p.at - 1), error: p.error });
		else if (p.error !== 'duplicate_name') rows.push({ rowNumber: null, error: p.error });
	}
	// A repeated criterion: named on the row that repeats it.
	const seen = new Set<string>();
	criteria.forEach((c, i) => {
		const key = c.name.toLocaleLowerCase('vi');
		if (c.name && seen.has(key)) rows.push({ rowNumber: rowOf(i), error: 'duplicate_name' });
		seen.add(key);
	});
	if (rows.length) {
		rows.sort((a, b) => (a.rowNumber ?? 0) - (b.rowNumber ?? 0));
		return { ok: false, error: 'invalid', rows };
	}
	const saved = await saveRubric(db, actorUserId, round, criteria);
	if (!saved.ok) {
		// The rows were checked above with the same rules; only the round's state can refuse.
		if (saved.error === 'invalid') return { ok: false, error: 'invalid', rows: [] };
		return { ok: false, error: saved.error };
	}
	return { ok: true, maxScore: saved.maxScore, criteria: criteria.length };
}
