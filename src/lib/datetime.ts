/**
 * The one way the app writes dates and times, on pages, in exports and on printouts (client-safe).
 *
 * Vietnamese: `dd/MM/yyyy` and `HH:mm` (03/12/2026 08:05), always zero-padded with the year in
 * full, assembled from `formatToParts` rather than trusting `vi-VN`'s defaults (its short date
 * style is 3/12/26). English: the app's English locale (`en-GB`, day-first like Vietnamese) as
 * Intl writes it, with a four-digit year. Instants are shown in `Asia/Ho_Chi_Minh` unless a time
 * zone is passed (users have no time-zone setting yet; the parameter is where one would go).
 */
export type DateLocale = 'vi' | 'en';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type DateInput = Date | string | number;

/** The calendar date and time a wall clock in `timeZone` shows at an instant. */
export type WallClock = {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
	const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
		formatters.set(key, f);
	}
	return f;
}

function toDate(value: DateInput): Date {
	const d = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
	return d;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const WALL_OPTIONS: Intl.DateTimeFormatOptions = {
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	hourCycle: 'h23'
};

export function wallClock(value: DateInput, timeZone = DEFAULT_TIME_ZONE): WallClock {
	const parts = formatter('en-US', timeZone, WALL_OPTIONS).formatToParts(toDate(value));
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((p) => p.type === type)?.value);
	return {
		year: part('year'),
		month: part('month'),
		day: part('day'),
		// Some engines still write midnight as 24 under h23.
		hour: part('hour') % 24,
		minute: part('minute')
	};
}

const EN = 'en-GB';
const EN_DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
const EN_TIME: Intl.DateTimeFormatOptions = {
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
};

const viDate = (w: WallClock) => `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)}`;
const viTime = (w: WallClock) => `${pad(w.hour)}:${pad(w.minute)}`;

/** 03/12/2026 (both languages). */
export function formatDate(value: DateInput, locale: DateLocale, timeZone = DEFAULT_TIME_ZONE) {
	if (locale === 'en') return formatter(EN, timeZone, EN_DATE).format(toDate(value));
	return viDate(wallClock(value, timeZone));
}

/** 08:05 (24-hour in both languages). */
export function formatTime(value: DateInput, locale: DateLocale, timeZone = DEFAULT_TIME_ZONE) {
	if (locale === 'en') return formatter(EN, timeZone, EN_TIME).format(toDate(value));
	return viTime(wallClock(value, timeZone));
}

/** 03/12/2026 08:05 in Vietnamese, 03/12/2026, 08:05 in English. */
export function formatDateTime(value: DateInput, locale: DateLocale, timeZone = DEFAULT_TIME_ZONE) {
	if (locale === 'en') {
		return formatter(EN, timeZone, { ...EN_DATE, ...EN_TIME }).format(toDate(value));
	}
	const w = wallClock(value, timeZone);
	return `${viDate(w)} ${viTime(w)}`;
}

/**
 * A calendar date as written in the registry or frontmatter (`2025-08-30`, `2025-08` or `2025`):
 * a day with no time zone, so it is never shifted. 30/08/2025, 08/2025, 2025.
 */
export function formatCalendarDate(iso: string, locale: DateLocale): string {
	const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
	if (!match) throw new RangeError(`Not a calendar date: ${iso}`);
	const [, y, m, d] = match;
	if (locale === 'en' && m) {
		const options = d ? EN_DATE : { month: '2-digit', year: 'numeric' as const };
		const utc = new Date(Date.UTC(Number(y), Number(m) - 1, d ? Number(d) : 1));
		return formatter(EN, 'UTC', options as Intl.DateTimeFormatOptions).format(utc);
	}
	if (d) return `${d}/${m}/${y}`;
	if (m) return `${m}/${y}`;
	return y;
}

/** 2026-12-03: the date in file names (sortable, and file names cannot hold a slash). */
export function isoDate(value: DateInput, timeZone = DEFAULT_TIME_ZONE): string {
	const w = wallClock(value, timeZone);
	return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}
