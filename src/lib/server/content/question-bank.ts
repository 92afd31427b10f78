import type { IssueList } from './issues';
import type { ContentLanguage, SourceCitation } from './types';

export type ParsedOption = { text: string; checked: boolean; line: number };

/** One `##` block of a question bank file, as written (checked against the rules later). */
export type ParsedQuestion = {
	key: string;
	line: number;
	attributes: Record<string, string>;
	stem: string;
	options: ParsedOption[];
	explanation: string;
	sources: SourceCitation[] | null;
	sourcesLine: number;
};

const HEADING = /^##\s+(\S+)(?:\s+\{([^}]*)\})?\s*$/;
const OPTION = /^\s{0,3}[-*+]\s+\[([ xX])\]\s*(.*)$/;
const ATTRIBUTE = /([A-Za-z][\w-]*)\s*=\s*("[^"]*"|[^\s"]+)/g;
const EXPLANATION = /^(Giải thích|Explanation)\s*:\s*(.*)$/i;
const SOURCES = /^(Nguồn|Source|Sources)\s*:\s*(.*)$/i;
const KEY = /^[a-z0-9][a-z0-9-]*$/;

/** Splits `id (locator); id2` into citations, respecting parentheses inside locators. */
export function parseSourceLine(
	text: string
): { citations: SourceCitation[]; bad: string[] } {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const ch of text) {
		if (ch === '(') depth++;
		if (ch === ')') depth = Math.max(0, depth - 1);
		if (ch === ';' && depth === 0) {
			parts.push(current);
			current = '';
		} else current += ch;
	}
	parts.push(current);
	const citations: SourceCitation[] = [];
	const bad: string[] = [];
	for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
		const match = /^([a-z0-9][a-z0-9-]*)\s*(?:\((.*)\))?$/.exec(part);
		if (!match) bad.push(part);
		else citations.push(match[2]?.trim() ? { source: match[1], locator: match[2].trim() } : { source: match[1] });
	}
	return { citations, bad };
}

const normalizeNewlines = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

const joinParagraphs = (lines: string[]) =>
	lines
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();

/**
 * Reads a question bank: `## key {topic=… difficulty=…}`, stem, task-list options with the key
 * checked, `Giải thích:` and `Nguồn:`. Every problem is reported with its line.
 */
export function parseQuestionBank(
	source: string,
	file: string,
	lang: ContentLanguage,
	issues: IssueList
): ParsedQuestion[] {
	const lines = normalizeNewlines(source).split('\n');
	const questions: ParsedQuestion[] = [];
	let current: ParsedQuestion | null = null;
	let stage: 'stem' | 'options' | 'explanation' | 'done' = 'stem';
	let stemLines: string[] = [];
	let explanationLines: string[] = [];
	let previousBlank = false;
	let inFence = false;

	const finish = () => {
		if (!current) return;
		current.stem = joinParagraphs(stemLines);
		current.explanation = joinParagraphs(explanationLines);
		validateShape(current, file, lang, issues);
		questions.push(current);
		current = null;
	};

	lines.forEach((text, index) => {
		const lineNo = index + 1;
		if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
		const heading = inFence ? null : HEADING.exec(text);
		if (heading) {
			finish();
			const attributes: Record<string, string> = {};
			const attrText = heading[2] ?? '';
			const leftover = attrText.replace(ATTRIBUTE, (_, name: string, value: string) => {
				attributes[name] = value.replace(/^"|"$/g, '');
				return '';
			});
			if (leftover.trim()) issues.error(file, lineNo, `cannot read attributes "${leftover.trim()}" (write {name=value …})`);
			if (!KEY.test(heading[1])) {
				issues.error(file, lineNo, `question key "${heading[1]}" must use lower-case letters, digits and hyphens`);
			}
			current = {
				key: heading[1],
				line: lineNo,
				attributes,
				stem: '',
				options: [],
				explanation: '',
				sources: null,
				sourcesLine: lineNo
			};
			stage = 'stem';
			stemLines = [];
			explanationLines = [];
			previousBlank = false;
			return;
		}
		if (!current) {
			if (/^##\s/.test(text)) issues.error(file, lineNo, 'a question heading is "## <key> {topic=… difficulty=…}"');
			return;
		}
		const q: ParsedQuestion = current;
		const blank = text.trim() === '';
		const option = inFence ? null : OPTION.exec(text);
		const explanation = inFence ? null : EXPLANATION.exec(text.trim());
		const sources = inFence ? null : SOURCES.exec(text.trim());

		if (sources && stage !== 'stem') {
			if (q.sources) issues.error(file, lineNo, 'a second sources line');
			const parsed = parseSourceLine(sources[2]);
			for (const bad of parsed.bad) issues.error(file, lineNo, `cannot read source "${bad}" (write id or id (locator), separated by ;)`);
			q.sources = parsed.citations;
			q.sourcesLine = lineNo;
			stage = 'done';
		} else if (stage === 'stem') {
			if (option) {
				stage = 'options';
				q.options.push({ text: option[2].trim(), checked: option[1] !== ' ', line: lineNo });
			} else if (explanation || sources) {
				issues.error(file, lineNo, 'the options (- [ ] … / - [x] …) must come before this line');
				stage = sources ? 'done' : 'explanation';
				if (explanation) explanationLines.push(explanation[2]);
			} else stemLines.push(text);
		} else if (stage === 'options') {
			if (option) {
				q.options.push({ text: option[2].trim(), checked: option[1] !== ' ', line: lineNo });
			} else if (explanation) {
				stage = 'explanation';
				explanationLines.push(explanation[2]);
			} else if (!blank && /^\s{2,}\S/.test(text) && !previousBlank) {
				const last = q.options[q.options.length - 1];
				last.text = `${last.text} ${text.trim()}`;
			} else if (!blank) {
				const label = lang === 'vi' ? 'Giải thích:' : 'Explanation:';
				issues.error(file, lineNo, `unexpected text after the options (expected "${label}")`);
			}
		} else if (stage === 'explanation') {
			if (option) issues.error(file, lineNo, 'an option after the explanation');
			else explanationLines.push(text);
		} else if (!blank) {
			issues.error(file, lineNo, 'unexpected text after the sources line');
		}
		previousBlank = blank;
	});
	finish();
	return questions;
}

function validateShape(q: ParsedQuestion, file: string, lang: ContentLanguage, issues: IssueList) {
	if (!q.stem) issues.error(file, q.line, `${q.key}: the question has no text`);
	if (q.options.length < 2) issues.error(file, q.line, `${q.key}: needs at least two options`);
	const seen = new Map<string, number>();
	for (const option of q.options) {
		if (!option.text) {
			issues.error(file, option.line, `${q.key}: empty option`);
			continue;
		}
		const normalized = option.text.toLowerCase().replace(/\s+/g, ' ');
		if (seen.has(normalized)) {
			issues.error(file, option.line, `${q.key}: duplicate option (same as line ${seen.get(normalized)})`);
		} else seen.set(normalized, option.line);
	}
	if (q.options.length >= 2 && !q.options.some((o) => o.checked)) {
		issues.error(file, q.line, `${q.key}: no option is checked as the answer (- [x] …)`);
	}
	if (!q.explanation) {
		const label = lang === 'vi' ? 'Giải thích:' : 'Explanation:';
		issues.error(file, q.line, `${q.key}: missing the explanation ("${label} …")`);
	}
}
