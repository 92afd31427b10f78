import { createHash } from 'node:crypto';
import { IssueList } from '../content/issues';
import { importQuestions, type ImportFormat } from '../content/import';
import { parseQuestionBank } from '../content/question-bank';
import type { ImportedQuestion } from '../content/import/types';
import type { BankImportProblem, BankImportQuestion } from '../db/schema';

export type BankFormat = 'markdown' | ImportFormat;

export const BANK_MAX_BYTES = 5 * 1024 * 1024;
export const BANK_MAX_QUESTIONS = 5000;
const DEFAULT_TOPIC = 'chung';
const KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;
const TRUE_FALSE = ['đúng', 'sai'];

export type ParsedBank = {
	questions: BankImportQuestion[];
	problems: BankImportProblem[];
	unit: 'line' | 'row';
};

function kindOf(options: { text: string; checked: boolean }[]): BankImportQuestion['kind'] {
	const texts = options.map((o) =>
		o.text
			.trim()
			.toLowerCase()
			.replace(/[.。]$/, '')
	);
	if (texts.length === 2 && texts[0] === TRUE_FALSE[0] && texts[1] === TRUE_FALSE[1])
		return 'true_false';
	return options.filter((o) => o.checked).length > 1 ? 'multiple' : 'single';
}

/**
 * A key that stays the same when the file is imported again, so a changed question becomes a new
 * version of the same question: the author's key when given, else one derived from the stem.
 */
function keyFor(q: ImportedQuestion): string {
	const given = q.key
		?.trim()
		.toLowerCase()
		.replace(/[^a-z0-9-]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (given && KEY.test(given)) return given;
	return 'q-' + createHash('sha256').update(q.stem.trim()).digest('hex').slice(0, 12);
}

/** Normalizes questions read by any importer; questions that cannot be used become problems. */
export function normalizeBank(imported: ImportedQuestion[]): {
	questions: BankImportQuestion[];
	problems: BankImportProblem[];
} {
	const questions: BankImportQuestion[] = [];
	const problems: BankImportProblem[] = [];
	const seen = new Map<string, number>();
	for (const q of imported) {
		const options = q.options.map((o) => ({ text: o.text.trim(), checked: o.checked }));
		const problem = (message: string) => problems.push({ at: q.at, message });
		if (!q.stem.trim()) {
			problem('the question has no text');
			continue;
		}
		if (options.length < 2) {
			problem('needs at least two options');
			continue;
		}
		if (options.some((o) => !o.text)) {
			problem('empty option');
			continue;
		}
		if (!options.some((o) => o.checked)) {
			problem('no option is marked as the answer');
			continue;
		}
		const difficulty = q.difficulty === undefined || q.difficulty === '' ? 1 : Number(q.difficulty);
		if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 5) {
			problem(`difficulty "${q.difficulty}" is not 1–5`);
			continue;
		}
		const key = keyFor(q);
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			problem(`the same question (key ${key}) as at ${earlier}`);
			continue;
		}
		seen.set(key, q.at);
		questions.push({
			at: q.at,
			key,
			kind: kindOf(options),
			topic: q.topic?.trim() || DEFAULT_TOPIC,
			difficulty,
			stem: q.stem.trim(),
			options,
			explanation: q.explanation?.trim() ?? ''
		});
	}
	return { questions, problems };
}

/** The Markdown bank format of content/ (`## key {topic=… difficulty=…}`, task-list options). */
function parseMarkdownBank(text: string): {
	questions: ImportedQuestion[];
	problems: BankImportProblem[];
} {
	const issues = new IssueList();
	const parsed = parseQuestionBank(text, 'bank.md', 'vi', issues);
	return {
		questions: parsed.map((q) => ({
			at: q.line,
			key: q.key,
			stem: q.stem,
			options: q.options.map((o) => ({ text: o.text, checked: o.checked })),
			explanation: q.explanation,
			topic: q.attributes.topic,
			difficulty: q.attributes.difficulty
		})),
		problems: issues.errors.map((i) => ({ at: i.line, message: i.message }))
	};
}

/** Reads an organizer's bank file with the existing importers; nothing is stored. */
export async function parseBankFile(
	file: { name: string; bytes: Uint8Array },
	format: BankFormat
): Promise<ParsedBank> {
	if (file.bytes.length > BANK_MAX_BYTES) {
		return {
			questions: [],
			problems: [{ at: 0, message: 'the file is larger than 5 MB' }],
			unit: 'line'
		};
	}
	let read: { questions: ImportedQuestion[]; problems: BankImportProblem[]; unit: 'line' | 'row' };
	if (format === 'markdown') {
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
		} catch {
			return {
				questions: [],
				problems: [{ at: 1, message: 'the file is not UTF-8 text' }],
				unit: 'line'
			};
		}
		read = { ...parseMarkdownBank(text), unit: 'line' };
	} else {
		read = await importQuestions(file, format);
	}
	if (read.questions.length > BANK_MAX_QUESTIONS) {
		return {
			questions: [],
			problems: [{ at: 0, message: `more than ${BANK_MAX_QUESTIONS} questions` }],
			unit: read.unit
		};
	}
	const normalized = normalizeBank(read.questions);
	// A question the reader already reported is not reported twice.
	const reported = new Set(read.problems.map((p) => p.at));
	return {
		questions: normalized.questions,
		problems: [...read.problems, ...normalized.problems.filter((p) => !reported.has(p.at))].sort(
			(a, b) => a.at - b.at
		),
		unit: read.unit
	};
}
