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
	return text.replace(/\\(.)/g, (all, ch: string) => (ch === 'n' ? '\n' : ESCAPABLE.includes(ch) ? ch : all));
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

type Block = { line: number; text: string };

/** Questions are separated by blank lines; `//` comment lines are dropped. */
function blocks(source: string): Block[] {
	const result: Block[] = [];
	let current: Block | null = null;
	let depth = 0;
	source
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.forEach((line, i) => {
			if (/^\s*\/\//.test(line)) return;
			if (line.trim() === '' && depth === 0) {
				if (current) result.push(current);
				current = null;
				return;
			}
			if (!current) current = { line: i + 1, text: line };
			else current.text += '\n' + line;
			for (let j = 0; j < line.length; j++) {
				if (line[j] === '\\') j++;
				else if (line[j] === '{') depth++;
				else if (line[j] === '}') depth = Math.max(0, depth - 1);
			}
		});
	if (current) result.push(current);
	return result;
}

/**
 * Reads Moodle GIFT. Multiple choice (one or several right answers, weights), true/false and the
 * "missing word" form convert; short answer, matching, numerical, essay and descriptions are
 * reported with their line, as are malformed questions.
 */
export function parseGift(source: string): ImportResult {
	const questions: ImportedQuestion[] = [];
	const problems: ImportProblem[] = [];
	for (const block of blocks(source)) {
		let text = block.text.trim();
		if (/^\$CATEGORY:/i.test(text)) continue;
		let title: string | undefined;
		const titleMatch = /^::((?:\\.|[^:\\]|:(?!:))*)::/.exec(text);
		if (titleMatch) {
			title = unescapeGift(titleMatch[1]).trim();
			text = text.slice(titleMatch[0].length).trim();
		}
		const open = indexUnescaped(text, '{');
		if (open < 0) {
			problems.push({ at: block.line, message: 'a description without answers (nothing to convert)' });
			continue;
		}
		const close = indexUnescaped(text, '}', open);
		if (close < 0) {
			problems.push({ at: block.line, message: 'the answers have no closing }' });
			continue;
		}
		const before = text.slice(0, open).trim();
		const after = text.slice(close + 1).trim();
		const answers = text.slice(open + 1, close).trim();
		const stem = cleanText(after ? `${before} _____ ${after}` : before);
		const label = title ? `"${title}"` : 'the question';
		if (!stem) {
			problems.push({ at: block.line, message: `${label} has no text` });
			continue;
		}
		const converted = convertAnswers(answers);
		if ('error' in converted) {
			problems.push({ at: block.line, message: `${label}: ${converted.error}` });
			continue;
		}
		questions.push({ at: block.line, stem, ...converted });
	}
	return { questions, problems, unit: 'line' };
}

function convertAnswers(
	raw: string
): { options: ImportedQuestion['options']; explanation?: string } | { error: string } {
	let answers = raw;
	let explanation: string | undefined;
	const general = indexUnescaped(answers, '####');
	if (general >= 0) {
		explanation = cleanText(answers.slice(general + 4)) || undefined;
		answers = answers.slice(0, general).trim();
	}
	if (answers === '') return { error: 'an essay question (not supported)' };
	if (answers.startsWith('#')) return { error: 'a numerical question (not supported)' };
	const tf = /^(T|TRUE|F|FALSE)\s*(#.*)?$/is.exec(answers);
	if (tf) {
		const isTrue = tf[1].toUpperCase().startsWith('T');
		return {
			options: [
				{ text: 'Đúng', checked: isTrue },
				{ text: 'Sai', checked: !isTrue }
			],
			explanation
		};
	}
	const parts = splitUnescaped(answers, '~=').filter((p) => p.sep !== '' || p.part.trim() !== '');
	if (parts.some((p) => p.sep === '')) return { error: 'text before the first answer (answers start with = or ~)' };
	if (parts.some((p) => indexUnescaped(p.part, '->') >= 0)) return { error: 'a matching question (not supported)' };
	if (!parts.some((p) => p.sep === '~')) return { error: 'a short-answer question (not supported)' };
	const options: ImportedQuestion['options'] = [];
	for (const { sep, part } of parts) {
		const feedbackAt = indexUnescaped(part, '#');
		let body = (feedbackAt >= 0 ? part.slice(0, feedbackAt) : part).trim();
		let weight = sep === '=' ? 100 : 0;
		const weighted = /^%(-?\d+(?:\.\d+)?)%/.exec(body);
		if (weighted) {
			weight = Number(weighted[1]);
			body = body.slice(weighted[0].length).trim();
		}
		const text = cleanText(body);
		if (!text) return { error: 'an empty answer' };
		options.push({ text, checked: weight > 0 });
	}
	if (options.length < 2) return { error: 'fewer than two answers' };
	if (!options.some((o) => o.checked)) return { error: 'no right answer (= or a positive %weight%)' };
	return { options, explanation };
}
