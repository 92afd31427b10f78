import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAiken } from './aiken';
import { parseGift } from './gift';
import type { ImportResult } from './types';

/** What every importer promises, whatever the input: nothing thrown, no question without a key. */
function expectSound(result: ImportResult, source: string) {
	const lines = source.split(/\r\n?|\n/).length;
	for (const q of result.questions) {
		expect(q.stem.trim()).not.toBe('');
		expect(q.options.length).toBeGreaterThanOrEqual(2);
		expect(q.options.some((o) => o.checked)).toBe(true);
		for (const o of q.options) expect(o.text.trim()).not.toBe('');
		expect(q.at).toBeGreaterThanOrEqual(1);
		expect(q.at).toBeLessThanOrEqual(lines);
	}
	for (const p of result.problems) {
		expect(p.at).toBeGreaterThanOrEqual(1);
		expect(p.at).toBeLessThanOrEqual(lines);
	}
}

/** Text made of the characters that matter to the formats, so random files hit the edge cases. */
const giftish = fc.string({
	unit: fc.constantFrom(
		...'{}~=#:\\%->\n\n \tTFabcĐđế.)ANSWER/$[]'.split(''),
		'::',
		'####',
		'\r\n',
		'ANSWER: ',
		'A. ',
		'B) ',
		'$CATEGORY:',
		'//'
	),
	maxLength: 400
});

const word = fc.string({
	unit: fc.constantFrom(...'abcdeđêôơưăâgiklmnoqrstuvxy0123456789'.split('')),
	minLength: 1,
	maxLength: 8
});
/** Words with GIFT's special characters in them, which the writer below must escape. */
const giftWord = fc.oneof(word, word.map((w) => `${w}:`), word.map((w) => `{${w}}`), word.map((w) => `${w}=~#`));
const phrase = (w: fc.Arbitrary<string>) =>
	fc.array(w, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));

const question = (w: fc.Arbitrary<string>) =>
	fc.record({
		title: fc.option(phrase(word), { nil: undefined }),
		stem: phrase(w),
		options: fc
			.array(fc.record({ text: phrase(w), checked: fc.boolean(), feedback: fc.option(phrase(w), { nil: undefined }) }), {
				minLength: 2,
				maxLength: 6
			})
			.filter((os) => os.some((o) => o.checked) && os.some((o) => !o.checked)),
		oneLine: fc.boolean()
	});

const escapeGift = (text: string) => text.replace(/[~=#{}:\\]/g, (c) => `\\${c}`);

type Q = {
	title?: string;
	stem: string;
	options: { text: string; checked: boolean; feedback?: string }[];
	oneLine: boolean;
};

/** Writes questions as GIFT; returns the text and the line of each question's `{`. */
function writeGift(questions: Q[], unclosed: number | null) {
	const lines: string[] = [];
	const openLines: number[] = [];
	questions.forEach((q, i) => {
		if (i > 0) lines.push('');
		const head = `${q.title ? `::${escapeGift(q.title)}::` : ''}${escapeGift(q.stem)}`;
		const answers = q.options.map(
			(o) => `${o.checked ? '=' : '~'}${escapeGift(o.text)}${o.feedback ? `#${escapeGift(o.feedback)}` : ''}`
		);
		openLines.push(lines.length + 1);
		if (q.oneLine) {
			lines.push(`${head} {${answers.join(' ')}${i === unclosed ? '' : '}'}`);
		} else {
			lines.push(`${head} {`, ...answers.map((a) => `\t${a}`));
			if (i !== unclosed) lines.push('}');
		}
	});
	return { text: lines.join('\n'), openLines };
}

describe('fuzzing the importers', () => {
	it('GIFT: random files never crash and never yield a question without a right answer', () => {
		fc.assert(fc.property(giftish, (source) => expectSound(parseGift(source), source)), { numRuns: 500 });
	});

	it('Aiken: random files never crash and never yield a question without a right answer', () => {
		fc.assert(fc.property(giftish, (source) => expectSound(parseAiken(source), source)), { numRuns: 500 });
	});

	it('GIFT: questions written out read back the same; a missing } costs that question only, reported at its line', () => {
		fc.assert(
			fc.property(
				fc.array(question(giftWord), { minLength: 1, maxLength: 6 }),
				fc.nat(),
				fc.boolean(),
				(questions, pick, breakOne) => {
					const broken = breakOne ? pick % questions.length : null;
					const { text, openLines } = writeGift(questions, broken);
					const result = parseGift(text);
					expectSound(result, text);
					const kept = questions.filter((_, i) => i !== broken);
					expect(result.questions.map((q) => ({ stem: q.stem, options: q.options }))).toEqual(
						kept.map((q) => ({ stem: q.stem, options: q.options.map(({ text, checked }) => ({ text, checked })) }))
					);
					for (const [i, q] of result.questions.entries()) {
						for (const o of kept[i].options.filter((o) => o.feedback)) {
							expect(q.explanation).toContain(`“${o.text}”: ${o.feedback}`);
						}
					}
					expect(result.problems.map((p) => p.at)).toEqual(broken === null ? [] : [openLines[broken]]);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('Aiken: questions written out read back the same; a missing ANSWER costs that question only', () => {
		fc.assert(
			fc.property(fc.array(question(word), { minLength: 1, maxLength: 6 }), fc.nat(), fc.boolean(), (questions, pick, breakOne) => {
				const broken = breakOne ? pick % questions.length : null;
				const lines: string[] = [];
				for (const [i, q] of questions.entries()) {
					if (i > 0) lines.push('');
					lines.push(`Câu ${q.stem}`, ...q.options.map((o, j) => `${String.fromCharCode(65 + j)}. ${o.text}`));
					const letters = q.options.flatMap((o, j) => (o.checked ? [String.fromCharCode(65 + j)] : []));
					if (i !== broken) lines.push(`ANSWER: ${letters.join(', ')}`);
				}
				const text = lines.join('\n');
				const result = parseAiken(text);
				expectSound(result, text);
				const kept = questions.filter((_, i) => i !== broken);
				expect(result.questions.map((q) => q.options)).toEqual(
					kept.map((q) => q.options.map(({ text, checked }) => ({ text, checked })))
				);
				expect(result.problems).toHaveLength(broken === null ? 0 : 1);
			}),
			{ numRuns: 300 }
		);
	});
});
