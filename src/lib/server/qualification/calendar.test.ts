import { describe, expect, it } from 'vitest';
import { addDays, addYears } from './calendar';

/** What a calendar does: the same month and day, 29/02 into a common year is 01/03. */
const byDate = (day: string, years: number) => {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
};

describe('addYears', () => {
	it('keeps the day, and moves 29/02 to 01/03 in a common year', () => {
		expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
		expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
		expect(addYears('2096-02-29', 4)).toBe('2100-03-01');
		expect(addYears('2025-12-31', 2)).toBe('2027-12-31');
	});

	it('agrees with the calendar on every day of 2023–2025 for 1 to 5 years', () => {
		for (let day = '2023-01-01'; day < '2026-01-01'; day = addDays(day, 1)) {
			for (const years of [1, 2, 3, 5]) expect(addYears(day, years)).toBe(byDate(day, years));
		}
	});
});
