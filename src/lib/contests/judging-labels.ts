import { m } from '$lib/paraglide/messages.js';

const aggregations: Record<string, () => string> = {
	mean: m.judging_aggregation_mean,
	trimmed: m.judging_aggregation_trimmed
};
const projectorScores: Record<string, () => string> = {
	all_in: m.judging_projector_all_in,
	live: m.judging_projector_live
};
const kinds: Record<string, () => string> = {
	essay: m.judging_kind_essay,
	situation: m.judging_kind_situation,
	presentation: m.judging_kind_presentation
};
const phases: Record<string, () => string> = {
	idle: m.judging_phase_idle,
	presenting: m.judging_phase_presenting,
	drawn: m.judging_phase_drawn,
	scoring: m.judging_phase_scoring,
	revealed: m.judging_phase_revealed
};
const timers: Record<string, () => string> = {
	prep: m.judging_timer_prep_label,
	answer: m.judging_timer_answer_label,
	slot: m.judging_timer_slot
};
const errors: Record<string, () => string> = {
	title_required: m.judging_error_title_required,
	title_too_long: m.judging_error_too_long,
	body_required: m.judging_error_body_required,
	too_long: m.judging_error_too_long,
	descriptors_too_long: m.judging_error_too_long,
	name_too_long: m.judging_error_too_long,
	invalid: m.judging_error_invalid_rubric,
	empty: m.judging_error_empty,
	too_many: m.judging_error_too_many,
	duplicate_name: m.judging_error_duplicate_name,
	name_required: m.judging_error_name_required,
	max_invalid: m.judging_error_max_invalid,
	scored: m.judging_error_scored,
	locked: m.judging_error_locked,
	already_locked: m.judging_error_locked,
	not_a_judge: m.judging_error_not_a_judge,
	already_on_panel: m.judging_error_already_on_panel,
	reason_required: m.judging_error_reason_required,
	conflict: m.judging_error_conflict,
	missing_points: m.judging_error_points,
	points_out_of_range: m.judging_error_points,
	unknown_criterion: m.judging_error_points,
	no_finalist: m.judging_error_no_finalist,
	no_cards: m.judging_error_no_cards,
	no_next: m.judging_error_no_next,
	confirm_required: m.judging_error_confirm_required,
	not_locked: m.judging_error_not_locked,
	not_computed: m.judging_error_not_locked
};
const pick = (table: Record<string, () => string>, key: string, fallback: () => string) =>
	(table[key] ?? fallback)();

export const aggregationText = (a: string) => pick(aggregations, a, m.judging_aggregation_mean);
export const projectorScoresText = (p: string) =>
	pick(projectorScores, p, m.judging_projector_all_in);
export const judgedKindText = (k: string) => pick(kinds, k, m.judging_kind_presentation);
export const phaseText = (p: string) => pick(phases, p, m.judging_phase_idle);
export const timerText = (t: string) => pick(timers, t, m.judging_timer_slot);
export const judgingErrorText = (e: string) => pick(errors, e, m.judging_error_generic);
