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
	code_unknown: m.organize_error_code_unknown,
	code_unranked: m.organize_error_code_unranked,
	reason_required: m.organize_error_reason_required,
	unknown_band: m.organize_error_unknown_band,
	bands_invalid: m.organize_error_bands_invalid,
	already_closed: m.organize_close_already,
	confirm_required: m.organize_error_confirm_required,
	closed: m.organize_round_edit_closed,
	not_open: m.organize_round_extend_not_open
};

export const actionErrorText = (code: string | undefined) =>
	code ? (actionErrors[code]?.() ?? m.organize_error_generic()) : '';

const formErrors: Record<string, () => string> = {
	required: m.organize_error_required,
	too_long: m.organize_error_too_long,
	year: m.organize_error_year,
	unit: m.organize_error_unit,
	invalid: m.organize_error_invalid,
	not_found: m.organize_error_invalid,
	window: m.organize_error_window,
	duration: m.organize_error_duration,
	attempts: m.organize_error_attempts,
	question_count: m.organize_error_question_count,
	draw: m.organize_error_draw,
	review: m.organize_error_review,
	weight: m.organize_error_weight,
	rank_order: m.organize_error_rank_order,
	essay_prompt: m.organize_error_too_long,
	max_score: m.organize_error_max_score,
	date: m.organize_error_date,
	in_use: m.organize_error_round_opened,
	bad_transition: m.organize_error_bad_transition
};

export const formErrorText = (code: string | undefined) =>
	code ? (formErrors[code]?.() ?? m.organize_error_generic()) : '';
