import type { ImportProblem, ImportResult, ImportedQuestion } from './types';

const OPTION = /^([A-Z])\s*[.)]\s*(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

/**
 * Reads the Aiken format: a question, options "A." / "A)" in order, then "ANSWER: B".
 * (Several letters, "ANSWER: A, C", are accepted as a multiple-answer question.)
 */
export function parseAiken(source: string): ImportResult {
	const questions: ImportedQuestion[] = [];
	const problems: ImportProblem[] = [];
	let current: { at: number; stem: string[]; options: { letter: string; text: string }[] } | null = null;
	// After a broken question, skip to its ANSWER line so one mistake is reported once.
	let skipping = false;
	const fail = (message: string, skipToAnswer = false) => {
		if (current) problems.push({ at: current.at, message });
		current = null;
		skipping = skipToAnswer;
	};
	const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
	lines.forEach((raw, i) => {
		const line = raw.trim();
		if (line === '') return;
		const answer = ANSWER.exec(line);
		const option = OPTION.exec(line);
		if (skipping) {
			if (answer) skipping = false;
			return;
		}
		if (answer) {
			if (!current) {
				problems.push({ at: i + 1, message: 'ANSWER without a question' });
				return;
			}
			const q = current;
			if (q.options.length < 2) return fail('fewer than two options before ANSWER');
			const letters = answer[1].toUpperCase().split(/[\s,;]+/).filter(Boolean);
			const known = new Set(q.options.map((o) => o.letter));
			const unknown = letters.filter((l) => !known.has(l));
			if (letters.length === 0) return fail('ANSWER names no option');
			if (unknown.length > 0) return fail(`ANSWER ${unknown.join(', ')} is not one of the options`);
			const stem = q.stem.join('\n').trim();
			if (!stem) return fail('the question has no text');
			questions.push({
				at: q.at,
				stem,
				options: q.options.map((o) => ({ text: o.text, checked: letters.includes(o.letter) }))
			});
			current = null;
		} else if (current && option && (current.options.length > 0 || current.stem.length > 0)) {
			const expected = String.fromCharCode(65 + current.options.length);
			if (option[1] !== expected) return fail(`option ${option[1]} where ${expected} was expected (line ${i + 1})`, true);
			if (!option[2].trim()) return fail(`option ${option[1]} is empty (line ${i + 1})`, true);
			current.options.push({ letter: option[1], text: option[2].trim() });
		} else if (current && current.options.length > 0) {
			fail(`no ANSWER line after the options (line ${i + 1})`);
			current = { at: i + 1, stem: [line], options: [] };
		} else if (current) {
			current.stem.push(line);
		} else {
			current = { at: i + 1, stem: [line], options: [] };
		}
	});
	if (current) fail('no ANSWER line at the end of the file');
	return { questions, problems, unit: 'line' };
}
