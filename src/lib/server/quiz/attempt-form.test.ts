import { describe, expect, it } from 'vitest';
import { appendPendingSaves } from '$lib/quiz/submit-carry';
import { ESSAY_MAX_CHARS } from '$lib/quiz/essay';
import { answersFromForm, pageAfter } from './attempt-form';

const formOf = (fields: [string, string][]) => {
	const form = new FormData();
	for (const [k, v] of fields) form.append(k, v);
	return form;
};

describe('answersFromForm (the no-JavaScript save)', () => {
	it('reads each question on the page', () => {
		const form = formOf([
			['pos', '1'],
			['seq-1', '3'],
			['answer-1', '2'],
			['pos', '2'],
			['seq-2', '1'],
			['answer-2', '0'],
			['answer-2', '1'],
			['flag-2', 'on']
		]);
		expect(answersFromForm(form)).toEqual({
			saves: [
				{ position: 1, seq: 3, selected: [2], flagged: false },
				{ position: 2, seq: 1, selected: [0, 1], flagged: true }
			],
			malformed: 0,
			tooLong: 0
		});
	});

	it('counts what it cannot save instead of dropping it silently', () => {
		const form = formOf([
			['pos', '1'],
			['seq-1', '2000000001'],
			['answer-1', '1'],
			['pos', '2'],
			['seq-2', 'x'],
			['pos', '3'],
			['seq-3', '1'],
			['answer-3', '0']
		]);
		expect(answersFromForm(form)).toEqual({
			saves: [{ position: 3, seq: 1, selected: [0], flagged: false }],
			malformed: 2,
			tooLong: 0
		});
	});
});

describe('appendPendingSaves (the submit carries answers not acknowledged yet)', () => {
	it('writes them so that the submit action reads back exactly the same answers', () => {
		const pending = [
			{ position: 4, seq: 7, selected: [1, 3], flagged: true },
			{ position: 9, seq: 2, selected: [], flagged: false }
		];
		const form = formOf([['confirmed', '1']]);
		appendPendingSaves(form, pending);
		expect(answersFromForm(form)).toEqual({ saves: pending, malformed: 0, tooLong: 0 });
	});

	it('carries an essay’s text, which the submit reads back (line breaks as typed)', () => {
		const pending = [
			{ position: 1, seq: 5, selected: [], flagged: false, text: 'Dòng một\nDòng hai' }
		];
		const form = formOf([['confirmed', '1']]);
		appendPendingSaves(form, pending);
		expect(answersFromForm(form)).toEqual({ saves: pending, malformed: 0, tooLong: 0 });
	});
});

describe('an essay in the no-JavaScript form', () => {
	it('saves the text field with its sequence number; CRLF from the form counts as one break', () => {
		const form = formOf([
			['pos', '1'],
			['seq-1', '2'],
			['text-1', 'Mở bài\r\nThân bài']
		]);
		expect(answersFromForm(form)).toEqual({
			saves: [{ position: 1, seq: 2, selected: [], flagged: false, text: 'Mở bài\nThân bài' }],
			malformed: 0,
			tooLong: 0
		});
	});

	it('takes exactly the limit, and says when a text is over it instead of cutting it', () => {
		const at = formOf([
			['pos', '1'],
			['seq-1', '1'],
			['text-1', 'ệ'.repeat(ESSAY_MAX_CHARS)]
		]);
		expect(answersFromForm(at).saves[0].text).toHaveLength(ESSAY_MAX_CHARS);
		const over = formOf([
			['pos', '1'],
			['seq-1', '1'],
			['text-1', 'a'.repeat(ESSAY_MAX_CHARS - 1) + '\r\nb']
		]);
		expect(answersFromForm(over)).toEqual({ saves: [], malformed: 1, tooLong: 1 });
		expect(pageAfter(over, { refused: true, tooLong: true })).toBe('?refused&too_long');
	});
});
