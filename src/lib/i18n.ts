import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import {
	DEFAULT_TIME_ZONE,
	formatDate as formatDateIn,
	formatDateTime as formatDateTimeIn,
	type DateLocale
} from '$lib/datetime';

const intlLocale = () => (getLocale() === 'en' ? 'en-GB' : 'vi-VN');
const dateLocale = (): DateLocale => (getLocale() === 'en' ? 'en' : 'vi');

type DateValue = Date | string | number | null | undefined;

/** 03/12/2026 in the reader's language and Vietnam's time zone (see `$lib/datetime`). */
export function formatDate(value: DateValue, timeZone = DEFAULT_TIME_ZONE): string {
	return value || value === 0 ? formatDateIn(value, dateLocale(), timeZone) : '';
}

/** 03/12/2026 08:05 (English: 03/12/2026, 08:05) in Vietnam's time zone. */
export function formatDateTime(value: DateValue, timeZone = DEFAULT_TIME_ZONE): string {
	return value || value === 0 ? formatDateTimeIn(value, dateLocale(), timeZone) : '';
}

/** 1.234,5 in Vietnamese, 1,234.5 in English. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
	return new Intl.NumberFormat(intlLocale(), options).format(value);
}

const errorMessages: Record<string, () => string> = {
	not_found: m.error_not_found,
	'Not Found': m.error_not_found,
	forbidden: m.error_forbidden,
	internal_error: m.error_internal,
	'Internal Error': m.error_internal,
	cross_site: m.error_cross_site
};

/** Error codes thrown with error() become sentences in the reader's language. */
export function errorText(code: string | undefined): string {
	return (code && errorMessages[code]?.()) || m.error_generic();
}

export const roleLabel: Record<string, () => string> = {
	admin: m.role_admin,
	manager: m.role_manager,
	organizer: m.role_organizer,
	judge: m.role_judge,
	trainer: m.role_trainer,
	secretary: m.role_secretary
};
