import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

const intlLocale = () => (getLocale() === 'en' ? 'en-GB' : 'vi-VN');

/** 25/11/2026 in Vietnamese, 25/11/2026 in British English: both read day-first. */
export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '';
	const d = typeof value === 'string' ? new Date(value) : value;
	return new Intl.DateTimeFormat(intlLocale(), {
		dateStyle: 'short',
		timeZone: 'Asia/Ho_Chi_Minh'
	}).format(d);
}

export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '';
	const d = typeof value === 'string' ? new Date(value) : value;
	return new Intl.DateTimeFormat(intlLocale(), {
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Asia/Ho_Chi_Minh'
	}).format(d);
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
