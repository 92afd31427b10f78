import { describe, expect, it } from 'vitest';
import { attemptMessages } from './messages';
import { fill, questionLabel, saveStatusText } from './text';

describe('the attempt script’s texts', () => {
	// Rendered on the server with placeholders the script fills: they must survive the messages.
	const t = attemptMessages(5);

	it('fills placeholders and leaves unknown ones alone', () => {
		expect(fill('{count} of {total}', { count: 3 })).toBe('3 of {total}');
		expect(fill(t.answeredOf, { count: 2 })).toBe('Đã trả lời 2/5 câu');
		expect(fill(t.confirmFlagged, { list: '2, 4' })).toBe('Các câu đánh dấu xem lại: 2, 4.');
	});

	it('labels a navigator cell as the server-rendered page does', () => {
		expect(questionLabel(t, 2, { answered: true, flagged: true })).toBe(
			'Câu 2, đã trả lời, đánh dấu xem lại'
		);
		expect(questionLabel(t, 5, { answered: false, flagged: false })).toBe('Câu 5, chưa trả lời');
	});

	it('announces problems only, with the number of answers not saved', () => {
		expect(saveStatusText(t, 'saved', 0)).toEqual({ text: 'Đã lưu', problem: '' });
		expect(saveStatusText(t, 'saving', 1).problem).toBe('');
		const noReply = saveStatusText(t, 'no_reply', 2);
		expect(noReply.text).toContain('Chưa lưu được 2 câu: máy chủ chưa trả lời');
		expect(noReply.problem).toBe(noReply.text);
		expect(saveStatusText(t, 'offline', 3).problem).toContain('3');
		expect(saveStatusText(t, 'signed_out', 1).problem).not.toBe('');
	});
});
