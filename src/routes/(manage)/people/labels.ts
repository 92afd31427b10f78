import { m } from '$lib/paraglide/messages.js';

/** Page labels of the profile values; the spreadsheet names in lib/server/people/values.ts match. */
export const positionLabel: Record<string, () => string> = {
	secretary: m.people_position_secretary,
	deputy_secretary: m.people_position_deputy_secretary,
	committee_member: m.people_position_committee_member,
	member: m.people_position_member
};

export const genderLabel: Record<string, () => string> = {
	male: m.people_gender_male,
	female: m.people_gender_female
};

export const educationLabel: Record<string, () => string> = {
	lower_secondary: m.people_education_lower_secondary,
	upper_secondary: m.people_education_upper_secondary,
	vocational: m.people_education_vocational,
	college: m.people_education_college,
	university: m.people_education_university,
	postgraduate: m.people_education_postgraduate
};

export const theoryLabel: Record<string, () => string> = {
	none: m.people_theory_none,
	elementary: m.people_theory_elementary,
	intermediate: m.people_theory_intermediate,
	advanced: m.people_theory_advanced
};

export const classificationLabel: Record<string, () => string> = {
	excellent: m.people_classification_excellent,
	good: m.people_classification_good,
	completed: m.people_classification_completed,
	not_completed: m.people_classification_not_completed
};

export const accountLabel: Record<string, () => string> = {
	active: m.people_account_active,
	pending: m.people_account_pending,
	disabled: m.people_account_disabled,
	none: m.people_account_none
};

/** "—" style fallback for empty values, in words for screen readers. */
export const valueOr = (labels: Record<string, () => string>, value: string | null | undefined) =>
	value ? (labels[value]?.() ?? value) : m.people_not_set();
