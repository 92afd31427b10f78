import { createHash } from 'node:crypto';
import type { IssueList } from './issues';
import type { ParsedQuestion } from './question-bank';
import {
	QUESTION_TESTS,
	type PlacedCitation,
	type QuestionEntry,
	type QuestionKind,
	type QuestionTests,
	type SourceEntry,
	type TopicEntry
} from './types';

/**
 * A question without `tests=` is a warning while the banks are being tagged; set this to true to
 * make it an error (one line, when every bank is tagged).
 */
export const MISSING_TESTS_IS_ERROR = false;

const ATTRIBUTES = ['topic', 'difficulty', 'historical', 'tests', 'repeat-of'];

const TRUE_FALSE = { vi: ['đúng', 'sai'], en: ['true', 'false'] };
const HISTORICAL_WORDING = {
	vi: ['trước đây', 'đã được thay thế'],
	en: ['previously', 'formerly', 'replaced']
};

/** Option ids follow position, so they stay stable across versions while the order is unchanged. */
export const optionId = (index: number) => String.fromCharCode(97 + index);

function kindOf(q: ParsedQuestion): QuestionKind {
	const texts = q.options.map((o) => o.text.trim().toLowerCase().replace(/[.。]$/, ''));
	if (texts.length === 2 && texts[0] === TRUE_FALSE.vi[0] && texts[1] === TRUE_FALSE.vi[1]) {
		return 'true_false';
	}
	return q.options.filter((o) => o.checked).length > 1 ? 'multiple' : 'single';
}

export type BankFiles = { vi: string; en: string | null };

/**
 * Joins the Vietnamese and English banks of a module into questions and applies the rules that
 * need more than one file: same questions in both languages, topics, and the source registry.
 */
export function buildQuestions(
	moduleId: string,
	topics: TopicEntry[],
	files: BankFiles,
	vi: ParsedQuestion[],
	en: ParsedQuestion[] | null,
	registry: Map<string, SourceEntry>,
	issues: IssueList
): QuestionEntry[] {
	const enByKey = new Map((en ?? []).map((q, i) => [q.key, { q, index: i }]));
	if (en && files.en) {
		const viKeys = new Set(vi.map((q) => q.key));
		for (const q of en) {
			if (!viKeys.has(q.key)) issues.error(files.en, q.line, `${q.key} is not in ${files.vi}`);
		}
	}
	const topicIds = new Set(topics.map((t) => t.id));
	const result: QuestionEntry[] = [];
	vi.forEach((q, index) => {
		const english = enByKey.get(q.key);
		if (en && files.en && !english) {
			issues.error(files.vi, q.line, `${q.key} is missing from ${files.en}`);
		}
		if (english && files.en) compareTranslation(q, english.q, english.index, index, files.en, issues);

		const topic = q.attributes.topic;
		if (!topic) issues.error(files.vi, q.line, `${q.key}: missing topic= attribute`);
		else if (!topicIds.has(topic)) {
			issues.error(files.vi, q.line, `${q.key}: topic "${topic}" is not one of the module's topics (${[...topicIds].join(', ')})`);
		}
		const difficulty = Number(q.attributes.difficulty);
		if (!q.attributes.difficulty) issues.error(files.vi, q.line, `${q.key}: missing difficulty= attribute (1, 2 or 3)`);
		else if (![1, 2, 3].includes(difficulty)) {
			issues.error(files.vi, q.line, `${q.key}: difficulty must be 1, 2 or 3`);
		}
		const historicalAttr = q.attributes.historical;
		if (historicalAttr !== undefined && historicalAttr !== 'true' && historicalAttr !== 'false') {
			issues.error(files.vi, q.line, `${q.key}: historical must be true or false`);
		}
		for (const name of Object.keys(q.attributes)) {
			if (!ATTRIBUTES.includes(name)) {
				issues.error(files.vi, q.line, `${q.key}: unknown attribute "${name}"`);
			}
		}
		const tests = testsAttribute(q, files.vi, issues);
		const repeatOf = q.attributes['repeat-of'] ?? null;
		if (repeatOf !== null && (!/^[a-z0-9][a-z0-9-]*$/.test(repeatOf) || repeatOf === q.key)) {
			issues.error(files.vi, q.line, `${q.key}: repeat-of must name another question's key`);
		}
		const historical = historicalAttr === 'true';
		const kind = kindOf(q);
		const checked = q.options.filter((o) => o.checked).length;
		if (kind === 'single' && checked !== 1 && checked > 0) {
			issues.error(files.vi, q.line, `${q.key}: single choice must have exactly one checked option`);
		}
		if (kind === 'true_false' && checked !== 1) {
			issues.error(files.vi, q.line, `${q.key}: a true/false question has exactly one checked option`);
		}

		const citations: PlacedCitation[] = (q.sources ?? []).map((c) => ({
			...c,
			file: files.vi,
			line: q.sourcesLine
		}));
		checkQuestionSources(q, citations, historical, english?.q ?? null, files, registry, issues);

		const stem = { vi: q.stem, ...(english ? { en: english.q.stem } : {}) };
		const explanation = {
			vi: q.explanation,
			...(english?.q.explanation ? { en: english.q.explanation } : {})
		};
		const options = q.options.map((o, i) => ({
			id: optionId(i),
			text: {
				vi: o.text,
				...(english?.q.options[i]?.text ? { en: english.q.options[i].text } : {})
			}
		}));
		const correct = q.options.flatMap((o, i) => (o.checked ? [optionId(i)] : []));
		const entry = {
			key: q.key,
			moduleId,
			kind,
			topic: topic ?? '',
			difficulty: Number.isFinite(difficulty) ? difficulty : 0,
			historical,
			tests,
			repeatOf,
			stem,
			options,
			correct,
			explanation,
			citations,
			file: files.vi,
			line: q.line
		};
		result.push({ ...entry, hash: questionHash(entry) });
	});
	return result;
}

function testsAttribute(q: ParsedQuestion, file: string, issues: IssueList): QuestionTests | null {
	const value = q.attributes.tests;
	if (value === undefined) {
		const message = `${q.key}: missing tests= attribute (recall, apply or analyse)`;
		if (MISSING_TESTS_IS_ERROR) issues.error(file, q.line, message);
		else issues.warn(file, q.line, message);
		return null;
	}
	if (!(QUESTION_TESTS as readonly string[]).includes(value)) {
		issues.error(file, q.line, `${q.key}: tests must be recall, apply or analyse`);
		return null;
	}
	return value as QuestionTests;
}

/**
 * The version identity of a question: anything a learner sees or is scored on, and its `tests`
 * tag (added only when set, so untagged questions keep the hashes they had before tags existed).
 */
export function questionHash(q: Omit<QuestionEntry, 'hash' | 'file' | 'line' | 'repeatOf'>): string {
	const canonical = JSON.stringify([
		q.moduleId,
		q.kind,
		q.topic,
		q.difficulty,
		q.historical,
		q.stem,
		q.options,
		q.correct,
		q.explanation,
		q.citations.map((c) => [c.source, c.locator ?? null]),
		...(q.tests ? [q.tests] : [])
	]);
	return createHash('sha256').update(canonical).digest('hex');
}

function compareTranslation(
	vi: ParsedQuestion,
	en: ParsedQuestion,
	enIndex: number,
	viIndex: number,
	enFile: string,
	issues: IssueList
) {
	if (enIndex !== viIndex) {
		issues.error(enFile, en.line, `${en.key} is in position ${enIndex + 1} but ${viIndex + 1} in Vietnamese (keep the same order)`);
	}
	if (en.options.length !== vi.options.length) {
		issues.error(enFile, en.line, `${en.key}: ${en.options.length} options, but ${vi.options.length} in Vietnamese`);
	} else if (en.options.some((o, i) => o.checked !== vi.options[i].checked)) {
		issues.error(enFile, en.line, `${en.key}: the checked options differ from the Vietnamese file`);
	}
	for (const name of ATTRIBUTES) {
		const value = en.attributes[name];
		if (value !== undefined && value !== vi.attributes[name]) {
			issues.error(enFile, en.line, `${en.key}: ${name}=${value} differs from the Vietnamese file`);
		}
	}
	const viKind = kindOf(vi);
	const enTexts = en.options.map((o) => o.text.trim().toLowerCase().replace(/\.$/, ''));
	if (viKind === 'true_false' && !(enTexts[0] === TRUE_FALSE.en[0] && enTexts[1] === TRUE_FALSE.en[1])) {
		issues.error(enFile, en.line, `${en.key}: a true/false question's English options are "True" and "False"`);
	}
	if (en.sources) {
		const viIds = (vi.sources ?? []).map((c) => c.source).sort().join(';');
		const enIds = en.sources.map((c) => c.source).sort().join(';');
		if (viIds !== enIds) issues.error(enFile, en.sourcesLine, `${en.key}: the sources differ from the Vietnamese file`);
	}
}

function checkQuestionSources(
	q: ParsedQuestion,
	citations: PlacedCitation[],
	historical: boolean,
	en: ParsedQuestion | null,
	files: BankFiles,
	registry: Map<string, SourceEntry>,
	issues: IssueList
) {
	const line = q.sources ? q.sourcesLine : q.line;
	if (citations.length === 0) {
		issues.error(files.vi, line, `${q.key}: cites no source (add "Nguồn: <registry id>")`);
		return;
	}
	const known = citations.flatMap((c) => {
		const source = registry.get(c.source);
		if (!source) issues.error(files.vi, line, `${q.key}: unknown source "${c.source}" (not in sources.yml)`);
		return source ? [source] : [];
	});
	if (known.length < citations.length) return;
	const superseded = known.filter((s) => s.status === 'superseded');
	if (superseded.length > 0 && !historical) {
		const names = superseded
			.map((s) => `${s.id}${s.supersededBy ? ` (replaced by ${s.supersededBy})` : ''}`)
			.join(', ');
		issues.error(files.vi, line, `${q.key}: cites superseded ${names}; update it or mark it {historical=true}`);
	}
	if (historical) {
		const says = (text: string, words: string[]) => words.some((w) => text.toLowerCase().includes(w));
		if (!says(q.stem, HISTORICAL_WORDING.vi)) {
			issues.error(files.vi, q.line, `${q.key}: a historical question's stem must say so ("trước đây" or "đã được thay thế")`);
		}
		if (en && files.en && !says(en.stem, HISTORICAL_WORDING.en)) {
			issues.error(files.en, en.line, `${q.key}: a historical question's stem must say so ("previously", "formerly" or "replaced")`);
		}
	}
	if (known.every((s) => s.status === 'unverified')) {
		issues.error(files.vi, line, `${q.key}: its key rests only on unverified documents (${known.map((s) => s.id).join(', ')}); cite a document in force`);
	}
}
