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

/** 29/02 plus one year is 01/03, as a certificate "valid for one year" would read. */
export function addYears(day: Day, years: number): Day {
	const { y, m, d } = toUtc(day);
	return fromUtc(new Date(Date.UTC(y + years, m - 1, d)));
}

export function addDays(day: Day, days: number): Day {
	const { y, m, d } = toUtc(day);
	return fromUtc(new Date(Date.UTC(y, m - 1, d + days)));
}

export function isDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	return addDays(value, 0) === value;
}
