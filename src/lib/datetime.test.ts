import { describe, expect, it } from 'vitest';
import {
	formatCalendarDate,
	formatDate,
	formatDateTime,
	formatTime,
	isoDate,
	wallClock
} from './datetime';

// Vietnam is UTC+7 all year: from 17:00 UTC on, it is already the next day there.
const cases = [
	{
		at: '2026-01-03T02:05:00Z',
		why: 'day and month below 10',
		vi: '03/01/2026 09:05',
		en: '03/01/2026, 09:05',
		file: '2026-01-03'
	},
	{
		at: '2026-03-08T16:59:00Z',
		why: 'UTC 16:59: the last minute of the same day in Vietnam',
		vi: '08/03/2026 23:59',
		en: '08/03/2026, 23:59',
		file: '2026-03-08'
	},
	{
		at: '2026-03-08T17:00:00Z',
		why: 'UTC 17:00: midnight, the next day in Vietnam',
		vi: '09/03/2026 00:00',
		en: '09/03/2026, 00:00',
		file: '2026-03-09'
	},
	{
		at: '2026-03-08T23:59:00Z',
		why: 'UTC 23:59: still the next day in Vietnam',
		vi: '09/03/2026 06:59',
		en: '09/03/2026, 06:59',
		file: '2026-03-09'
	},
	{
		at: '2026-12-31T17:30:00Z',
		why: 'New Year’s Eve in UTC, New Year’s Day in Vietnam',
		vi: '01/01/2027 00:30',
		en: '01/01/2027, 00:30',
		file: '2027-01-01'
	},
	{
		at: '2026-11-25T14:45:00Z',
		why: 'two-digit day and month',
		vi: '25/11/2026 21:45',
		en: '25/11/2026, 21:45',
		file: '2026-11-25'
	}
];

describe('the app’s date and time formatter (Asia/Ho_Chi_Minh)', () => {
	for (const c of cases) {
		it(`${c.at} (${c.why}) → ${c.vi}`, () => {
			expect(formatDateTime(c.at, 'vi')).toBe(c.vi);
			expect(formatDateTime(c.at, 'en')).toBe(c.en);
			const [date, time] = c.vi.split(' ');
			expect(formatDate(c.at, 'vi')).toBe(date);
			expect(formatDate(c.at, 'en')).toBe(date);
			expect(formatTime(c.at, 'vi')).toBe(time);
			expect(formatTime(c.at, 'en')).toBe(time);
			expect(isoDate(c.at)).toBe(c.file);
		});
	}

	it('takes a Date, an ISO string or a timestamp alike, and refuses garbage', () => {
		const at = '2026-12-02T18:00:00Z';
		expect(formatDate(new Date(at), 'vi')).toBe('03/12/2026');
		expect(formatDate(Date.parse(at), 'vi')).toBe('03/12/2026');
		expect(() => formatDate('not a date', 'vi')).toThrow(RangeError);
	});

	it('shows another time zone when one is given', () => {
		expect(formatDateTime('2026-12-31T17:30:00Z', 'vi', 'UTC')).toBe('31/12/2026 17:30');
		expect(formatDateTime('2026-12-31T17:30:00Z', 'en', 'Europe/London')).toBe('31/12/2026, 17:30');
		expect(wallClock('2026-07-01T00:00:00Z', 'Europe/Paris')).toEqual({
			year: 2026,
			month: 7,
			day: 1,
			hour: 2,
			minute: 0
		});
	});

	it('writes calendar dates (no time zone) zero-padded with the year in full', () => {
		expect(formatCalendarDate('2025-08-30', 'vi')).toBe('30/08/2025');
		expect(formatCalendarDate('2025-08-30', 'en')).toBe('30/08/2025');
		expect(formatCalendarDate('2026-01-03', 'vi')).toBe('03/01/2026');
		expect(formatCalendarDate('2007-05', 'vi')).toBe('05/2007');
		expect(formatCalendarDate('2007-05', 'en')).toBe('05/2007');
		expect(formatCalendarDate('2007', 'en')).toBe('2007');
		expect(() => formatCalendarDate('30/8/2025', 'vi')).toThrow(RangeError);
	});
});
