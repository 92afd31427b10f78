import { m } from '$lib/paraglide/messages.js';

const extendErrors: Record<string, () => string> = {
	candidate_required: m.organize_error_candidate_required,
	not_registered: m.organize_error_not_registered,
	no_open_attempt: m.organize_error_no_open_attempt,
	minutes_invalid: m.organize_error_minutes_invalid,
	reason_required: m.organize_error_reason_required,
	reason_too_long: m.organize_error_reason_too_long
};

export const extendErrorText = (code: string | undefined) =>
	code ? (extendErrors[code]?.() ?? m.organize_error_generic()) : '';

const actionErrors: Record<string, () => string> = {
	not_online: m.organize_error_not_online,
	still_open: m.organize_error_still_open,
	in_progress: m.organize_error_in_progress,
	not_computed: m.organize_error_not_computed,
	published: m.organize_error_published,
	no_rule: m.organize_error_no_rule,
	no_results: m.organize_error_no_results,
	no_bands: m.organize_error_no_bands,
	not_found: m.organize_error_not_found_candidate,
	reason_required: m.organize_error_reason_required,
	unknown_band: m.organize_error_unknown_band,
	bands_invalid: m.organize_error_bands_invalid,
	already_closed: m.organize_close_already,
	confirm_required: m.organize_error_confirm_required
};

export const actionErrorText = (code: string | undefined) =>
	code ? (actionErrors[code]?.() ?? m.organize_error_generic()) : '';
