import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages.js';
import { ROW_ERROR_CODES } from '$lib/server/people/import-rows';
import { rowProblemText } from './row-problems';

const limits = { nameMax: 120, minYear: 1900, maxYear: 2008 };

describe('import row problems', () => {
	it('has its own sentence for every problem the import can report', () => {
		const texts = ROW_ERROR_CODES.map((code) =>
			rowProblemText({ code, value: 'X-99', row: 7 }, limits)
		);
		expect(new Set(texts).size).toBe(ROW_ERROR_CODES.length);
		expect(texts).not.toContain(m.people_error_invalid());
		expect(rowProblemText({ code: 'duplicate_row', row: 7 }, limits)).toContain('7');
		expect(rowProblemText({ code: 'unit_unknown', value: 'X-99' }, limits)).toContain('X-99');
	});
});
