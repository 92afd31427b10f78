import { composeExplanation, type FeedbackLang } from './feedback';
import type { ImportProblem, ImportResult, ImportedQuestion } from './types';

const ESCAPABLE = '~=#{}:\\';

/** Splits at unescaped occurrences of any of `separators` (single characters). */
function splitUnescaped(text: string, separators: string): { sep: string; part: string }[] {
	const parts: { sep: string; part: string }[] = [];
	let current = '';
	let sep = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '\\' && i + 1 < text.length) {
			current += ch + text[i + 1];
			i++;
		} else if (separators.includes(ch)) {
			parts.push({ sep, part: current });
			current = '';
			sep = ch;
		} else current += ch;
	}
	parts.push({ sep, part: current });
	return parts;
}

/** Index of the first unescaped `needle` in `text`, or -1. */
function indexUnescaped(text: string, needle: string, from = 0): number {
	for (let i = from; i < text.length; i++) {
		if (text[i] === '\\') {
			i++;
			continue;
		}
		if (text.startsWith(needle, i)) return i;
	}
	return -1;
}

/** GIFT escapes (\~ \= \# \{ \} \: \\) and \n become plain text. */
export function unescapeGift(text: string): string {
	return text.replace(/\\(.)/g, (all, ch: string) =>
		ch === 'n' ? '\n' : ESCAPABLE.includes(ch) ? ch : all
	);
}

function cleanText(text: string): string {
	return unescapeGift(text.replace(/^\[(html|moodle|plain|markdown)\]/i, ''))
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<\/?(p|div)[^>]*>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/[ \t]+/g, ' ')
		.replace(/\n\s*\n+/g, '\n\n')
		.trim();
}

/** A question's lines as they stand in the file (comments left out), with their numbers. */
type Block = { lines: { n: number; text: string }[] };

const isComment = (line: string) => /^\s*\/\//.test(line);
/** Lines that can only start a new question: a title or a category. */
const startsQuestion = (line: string) => /^\s*(::|\$CATEGORY:)/i.test(line);
/** What a line inside `{…}` starts with: an answer, its feedback, a weight, or the closing brace. */
const continuesAnswers = (line: string) => /^\s*[~=#}%]/.test(line);

/** Net count of unescaped braces on a line. */
function braceDelta(line: string): number {
	let delta = 0;
	for (let j = 0; j < line.length; j++) {
		if (line[j] === '\\') j++;
		else if (line[j] === '{') delta++;
		else if (line[j] === '}') delta--;
	}
	return delta;
}

/**
 * Questions are separated by blank lines. A blank line inside `{…}` is tolerated only when the
 * next line carries on the answers; a title line always starts a new question. So a missing `}`
 * costs one question (reported), never the ones after it.
 */
function blocks(source: string): Block[] {
	const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
	const result: Block[] = [];
	let current: Block | null = null;
	let depth = 0;
	const end = () => {
		if (current) result.push(current);
		current = null;
		depth = 0;
	};
	const nextContent = (from: number) => {
		for (let k = from; k < lines.length; k++) {
			if (lines[k].trim() !== '' && !isComment(lines[k])) return lines[k];
		}
		return null;
	};
	lines.forEach((line, i) => {
		if (isComment(line)) return;
		if (line.trim() === '') {
			if (depth > 0) {
				const next = nextContent(i + 1);
				if (next !== null && continuesAnswers(next)) {
					current!.lines.push({ n: i + 1, text: line });
					return;
				}
			}
			end();
			return;
		}
		if (current && depth > 0 && startsQuestion(line)) end();
		if (!current) current = { lines: [] };
		current.lines.push({ n: i + 1, text: line });
		depth = Math.max(0, depth + braceDelta(line));
	});
	end();
	return result;
}

/** The block's text and a way back from an offset in it to a line of the file. */
function blockText(block: Block) {
	const starts: number[] = [];
	let text = '';
	for (const line of block.lines) {
		starts.push(text.length);
		text += (text ? '\n' : '') + line.text;
		if (starts.length > 1) starts[starts.length - 1] += 1;
	}
	const lineAt = (offset: number) => {
		let k = 0;
		while (k + 1 < starts.length && starts[k + 1] <= offset) k++;
		return block.lines[k].n;
	};
	return { text, lineAt };
}

/** Unescaped braces of a text, in order. */
function braces(text: string): { ch: '{' | '}'; at: number }[] {
	const found: { ch: '{' | '}'; at: number }[] = [];
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '\\') i++;
		else if (text[i] === '{' || text[i] === '}') found.push({ ch: text[i] as '{' | '}', at: i });
	}
	return found;
}

export type GiftOptions = {
	/** Language of the words the importer adds around per-answer feedback (default vi). */
	lang?: FeedbackLang;
};

/**
 * Reads Moodle GIFT. Multiple choice (one or several right answers, weights), true/false and the
 * "missing word" form convert; short answer, matching, numerical, essay and descriptions are
 * reported with their line, as are malformed questions (a `{` never closed, a stray `}`, two
 * answer sets in one question, no right answer). General feedback (`####`) becomes the
 * explanation; per-answer feedback (`#`) is added to it, naming the option it belongs to.
 */
export function parseGift(source: string, options: GiftOptions = {}): ImportResult {
	const lang = options.lang ?? 'vi';
	const questions: ImportedQuestion[] = [];
	const problems: ImportProblem[] = [];
	for (const block of blocks(source)) {
		if (/^\s*\$CATEGORY:/i.test(block.lines[0].text)) block.lines.shift();
		if (block.lines.length === 0) continue;
		const { text: raw, lineAt } = blockText(block);
		const at = block.lines[0].n;
		const lead = raw.length - raw.trimStart().length;
		let text = raw.trim();
		let offset = lead;
		let title: string | undefined;
		const titleMatch = /^::((?:\\.|[^:\\]|:(?!:))*)::/.exec(text);
		if (titleMatch) {
			title = unescapeGift(titleMatch[1]).trim();
			offset += titleMatch[0].length;
			text = text.slice(titleMatch[0].length);
		}
		const label = title ? `"${title}"` : 'the question';
		const report = (message: string, line = at) =>
			problems.push({ at: line, message: title ? `${label}: ${message}` : message });

		const found = braces(text);
		const line = (i: number) => lineAt(offset + i);
		if (found.length === 0) {
			problems.push({ at, message: 'a description without answers (nothing to convert)' });
			continue;
		}
		if (found[0].ch === '}') {
			report(`a } without an opening { (line ${line(found[0].at)}; write \\} for a brace in the text)`);
			continue;
		}
		const open = found[0].at;
		if (found.length === 1 || found[1].ch === '{') {
			const where = line(open);
			const more = found.length > 1 ? ` (another { follows on line ${line(found[1].at)})` : '';
			report(`the { on line ${where} is never closed: a } is missing${more}`, where);
			continue;
		}
		const close = found[1].at;
		if (found.length > 2) {
			const extra = found[2];
			report(
				extra.ch === '{'
					? `a second answer set {…} on line ${line(extra.at)}: one question a block (is a blank line missing before it?)`
					: `a } without an opening { (line ${line(extra.at)}; write \\} for a brace in the text)`,
				line(extra.at)
			);
			continue;
		}
		const before = text.slice(0, open).trim();
		const after = text.slice(close + 1).trim();
		const stem = cleanText(after ? `${before} _____ ${after}` : before);
		if (!stem) {
			problems.push({ at, message: `${label} has no text` });
			continue;
		}
		const converted = convertAnswers(text.slice(open + 1, close).trim(), lang);
		if ('error' in converted) {
			problems.push({ at, message: `${label}: ${converted.error}` });
			continue;
		}
		questions.push({ at, stem, ...converted });
	}
	return { questions, problems, unit: 'line' };
}

const TRUE_FALSE = { vi: ['Đúng', 'Sai'], en: ['True', 'False'] } as const;

function convertAnswers(
	raw: string,
	lang: FeedbackLang
): { options: ImportedQuestion['options']; explanation?: string } | { error: string } {
	let answers = raw;
	let general = '';
	const generalAt = indexUnescaped(answers, '####');
	if (generalAt >= 0) {
		general = cleanText(answers.slice(generalAt + 4));
		answers = answers.slice(0, generalAt).trim();
	}
	if (answers === '') return { error: 'an essay question (not supported)' };
	if (answers.startsWith('#')) return { error: 'a numerical question (not supported)' };
	const tf = /^(T|TRUE|F|FALSE)\s*(#[\s\S]*)?$/i.exec(answers);
	if (tf) {
		const isTrue = tf[1].toUpperCase().startsWith('T');
		// Moodle: the first feedback is shown for the wrong answer, the second for the right one.
		const [, wrong = '', right = ''] = splitUnescaped(tf[2] ?? '', '#').map((p) => p.part);
		const [trueWord, falseWord] = TRUE_FALSE[lang];
		const feedback = [
			{ text: isTrue ? falseWord : trueWord, checked: false, feedback: cleanText(wrong) },
			{ text: isTrue ? trueWord : falseWord, checked: true, feedback: cleanText(right) }
		];
		return {
			options: [
				{ text: 'Đúng', checked: isTrue },
				{ text: 'Sai', checked: !isTrue }
			],
			explanation: composeExplanation(general, feedback, lang)
		};
	}
	const parts = splitUnescaped(answers, '~=').filter((p) => p.sep !== '' || p.part.trim() !== '');
	if (parts.some((p) => p.sep === '')) {
		return { error: 'text before the first answer (answers start with = or ~)' };
	}
	if (parts.some((p) => indexUnescaped(p.part, '->') >= 0)) {
		return { error: 'a matching question (not supported)' };
	}
	if (!parts.some((p) => p.sep === '~')) return { error: 'a short-answer question (not supported)' };
	const options: (ImportedQuestion['options'][number] & { feedback: string })[] = [];
	for (const { sep, part } of parts) {
		const feedbackAt = indexUnescaped(part, '#');
		let body = (feedbackAt >= 0 ? part.slice(0, feedbackAt) : part).trim();
		const feedback = feedbackAt >= 0 ? cleanText(part.slice(feedbackAt + 1)) : '';
		let weight = sep === '=' ? 100 : 0;
		const weighted = /^%(-?\d+(?:\.\d+)?)%/.exec(body);
		if (weighted) {
			weight = Number(weighted[1]);
			body = body.slice(weighted[0].length).trim();
		}
		const text = cleanText(body);
		if (!text) return { error: 'an empty answer' };
		options.push({ text, checked: weight > 0, feedback });
	}
	if (options.length < 2) return { error: 'fewer than two answers' };
	if (!options.some((o) => o.checked)) {
		return { error: 'no right answer (= or a positive %weight%)' };
	}
	return {
		options: options.map(({ text, checked }) => ({ text, checked })),
		explanation: composeExplanation(general, options, lang)
	};
}
