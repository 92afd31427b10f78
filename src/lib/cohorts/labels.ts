import { m } from '$lib/paraglide/messages.js';

/** Visible names of the statuses, kinds and flags the cohort and analysis pages receive. */
export const statusLabel: Record<string, () => string> = {
	not_started: m.cohorts_status_not_started,
	started: m.cohorts_status_started,
	read: m.cohorts_status_read,
	passed: m.cohorts_status_passed,
	overdue: m.cohorts_status_overdue
};

export const kindLabel: Record<string, () => string> = {
	read: m.cohorts_kind_read,
	pass: m.cohorts_kind_pass
};

export const flagLabel: Record<string, (p: { option: string }) => string> = {
	too_easy: () => m.analysis_flag_too_easy(),
	too_hard: () => m.analysis_flag_too_hard(),
	negative_discrimination: () => m.analysis_flag_negative_discrimination(),
	low_discrimination: () => m.analysis_flag_low_discrimination(),
	unused_distractor: (p) => m.analysis_flag_unused_distractor(p),
	likely_wrong_key: (p) => m.analysis_flag_likely_wrong_key(p)
};

export const decimal = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
export const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
