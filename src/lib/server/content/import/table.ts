import { readTable, type ColumnSpec, type TableReadError } from '../../spreadsheet/read';
import type { ImportProblem, ImportResult, ImportedQuestion } from './types';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

export const QUESTION_COLUMNS: ColumnSpec[] = [
	{ key: 'key', headers: ['Mã câu hỏi', 'Mã', 'Key'] },
	{ key: 'stem', headers: ['Câu hỏi', 'Nội dung câu hỏi', 'Question', 'Stem'], required: true },
	...LETTERS.map((l) => ({
		key: l,
		headers: [l, `Phương án ${l}`, `Đáp án ${l}`, `Lựa chọn ${l}`, `Option ${l}`]
	})),
	{ key: 'answer', headers: ['Đáp án đúng', 'Đáp án', 'Answer', 'Correct'], required: true },
	{ key: 'explanation', headers: ['Giải thích', 'Explanation'] },
	{ key: 'sources', headers: ['Nguồn', 'Căn cứ', 'Source', 'Sources'] },
	{ key: 'topic', headers: ['Chủ đề', 'Topic'] },
	{ key: 'difficulty', headers: ['Độ khó', 'Mức độ', 'Difficulty'] }
];

const READ_ERRORS: Record<TableReadError['code'], string> = {
	too_large: 'the file is too large',
	too_many_rows: 'the file has too many rows',
	too_large_unpacked: 'the XLSX file unpacks to more than 20 MB: save only the question sheet',
	too_many_cells: 'the file has too many cells',
	no_rows: 'the file has a header row but no questions',
	unsupported_type: 'use an .xlsx or .csv file',
	empty: 'the file is empty',
	not_utf8: 'the CSV file is not UTF-8',
	unreadable: 'the file cannot be read as XLSX',
	missing_columns: 'missing columns',
	duplicate_column: 'a column appears twice'
};

const TRUE_WORDS = ['đúng', 'true', 't', 'đ'];
const FALSE_WORDS = ['sai', 'false', 'f', 's'];

/**
 * Reads a spreadsheet, one question a row: question, options A…H, the right letter(s)
 * ("B" or "A, C"; "Đúng"/"Sai" for true/false), and optional explanation, sources, topic,
 * difficulty, key. Problems carry the spreadsheet row number.
 */
export async function parseQuestionTable(file: { name: string; bytes: Uint8Array }): Promise<ImportResult> {
	const read = await readTable(file, { maxBytes: 5 * 1024 * 1024, maxRows: 5000, columns: QUESTION_COLUMNS });
	if (!read.ok) {
		const detail = read.error.code === 'missing_columns' ? `: ${read.error.columns.join(', ')}` : '';
		return { questions: [], problems: [{ at: 1, message: READ_ERRORS[read.error.code] + detail }], unit: 'row' };
	}
	const questions: ImportedQuestion[] = [];
	const problems: ImportProblem[] = [];
	for (const { rowNumber, values } of read.rows) {
		const fail = (message: string) => problems.push({ at: rowNumber, message });
		if (!values.stem) {
			fail('no question text');
			continue;
		}
		const answer = values.answer.trim();
		const filled = LETTERS.filter((l) => values[l]);
		let options: ImportedQuestion['options'];
		const word = answer.toLowerCase();
		if (filled.length === 0 && (TRUE_WORDS.includes(word) || FALSE_WORDS.includes(word))) {
			const isTrue = TRUE_WORDS.includes(word);
			options = [
				{ text: 'Đúng', checked: isTrue },
				{ text: 'Sai', checked: !isTrue }
			];
		} else {
			const lastFilled = LETTERS.indexOf(filled[filled.length - 1] ?? 'A');
			const gap = LETTERS.slice(0, lastFilled + 1).find((l) => !values[l]);
			if (filled.length < 2) {
				fail('fewer than two options');
				continue;
			}
			if (gap) {
				fail(`option ${gap} is empty but later options are filled`);
				continue;
			}
			const letters = answer.toUpperCase().split(/[\s,;]+/).filter(Boolean);
			if (letters.length === 0) {
				fail('no right answer in the answer column');
				continue;
			}
			const unknown = letters.filter((l) => !filled.includes(l));
			if (unknown.length > 0) {
				fail(`answer ${unknown.join(', ')} is not one of the filled options`);
				continue;
			}
			options = filled.map((l) => ({ text: values[l], checked: letters.includes(l) }));
		}
		questions.push({
			at: rowNumber,
			key: values.key || undefined,
			stem: values.stem,
			options,
			explanation: values.explanation || undefined,
			sources: values.sources || undefined,
			topic: values.topic || undefined,
			difficulty: values.difficulty || undefined
		});
	}
	return { questions, problems, unit: 'row' };
}
