import { extname } from 'node:path';
import { parseAiken } from './aiken';
import { parseGift } from './gift';
import { parseQuestionTable } from './table';
import type { ImportResult } from './types';

export type ImportFormat = 'gift' | 'aiken' | 'table';

/** The format of a trainer's file: by extension, and for .txt by what its lines look like. */
export function detectFormat(name: string, text: string | null): ImportFormat | null {
	const ext = extname(name).toLowerCase();
	if (ext === '.gift') return 'gift';
	if (ext === '.xlsx' || ext === '.csv') return 'table';
	if (ext === '.aiken') return 'aiken';
	if (ext === '.txt' && text !== null) {
		if (/^\s*ANSWER\s*:/im.test(text)) return 'aiken';
		if (/\{[\s\S]*\}/.test(text)) return 'gift';
	}
	return null;
}

/**
 * Reads a question file. Never throws on bad input: every question that converts is in
 * `questions`, everything that does not is in `problems` with its line (or spreadsheet row).
 * A caller that stores a bank must treat any problem as a reason not to store it silently.
 */
export async function importQuestions(
	file: { name: string; bytes: Uint8Array },
	format: ImportFormat,
	options: { lang?: 'vi' | 'en' } = {}
): Promise<ImportResult> {
	if (format === 'table') return parseQuestionTable(file);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
	} catch {
		return { questions: [], problems: [{ at: 1, message: 'the file is not UTF-8 text' }], unit: 'line' };
	}
	return format === 'gift' ? parseGift(text, options) : parseAiken(text);
}
