import { isoDate, type DateInput } from '../../datetime';

/**
 * Qualification works in Vietnamese calendar days (`YYYY-MM-DD`, Asia/Ho_Chi_Minh): a pass at
 * 23:30 on 28/02 UTC is a pass on 01/03 in Hà Nội. ISO day strings compare as text.
 */
export type Day = string;

export const vietnamDay = (instant: DateInput): Day => isoDate(instant);

const toUtc = (day: Day) => {
	const [y, m, d] = day.split('-').map(Number);
	return { y, m, d };
};

const fromUtc = (date: Date): Day => date.toISOString().slice(0, 10);

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * 29/02 plus one year is 01/03, as a certificate "valid for one year" would read. Plain string
 * work (no Date): the dashboards call it for every requirement of every person.
 */
export function addYears(day: Day, years: number): Day {
	const y = Number(day.slice(0, 4)) + years;
	const rest = day.slice(4);
	if (rest === '-02-29' && !isLeap(y)) return `${String(y).padStart(4, '0')}-03-01`;
	return String(y).padStart(4, '0') + rest;
}

export function addDays(day: Day, days: number): Day {
	const { y, m, d } = toUtc(day);
	return fromUtc(new Date(Date.UTC(y, m - 1, d + days)));
}

export function isDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	return addDays(value, 0) === value;
}
