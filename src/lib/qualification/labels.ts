import { formatCalendarDate } from '$lib/datetime';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

export type StatusKey = 'not_started' | 'in_progress' | 'qualified' | 'expiring' | 'expired';

export const statusLabel: Record<StatusKey, () => string> = {
	not_started: m.qualification_status_not_started,
	in_progress: m.qualification_status_in_progress,
	qualified: m.qualification_status_qualified,
	expiring: m.qualification_status_expiring,
	expired: m.qualification_status_expired
};

export const STATUS_ORDER: StatusKey[] = [
	'qualified',
	'expiring',
	'expired',
	'in_progress',
	'not_started'
];

const theoryLevelLabel: Record<string, () => string> = {
	elementary: m.people_theory_elementary,
	intermediate: m.people_theory_intermediate,
	advanced: m.people_theory_advanced
};

export const theoryName = (level: string) => (theoryLevelLabel[level]?.() ?? level).toLowerCase();

/** A calendar day (`2027-03-01`) as the reader writes dates. */
export const dayText = (day: string) => formatCalendarDate(day, getLocale() === 'en' ? 'en' : 'vi');

export type ModuleLabel = { slug: string; title: { vi: string; en?: string } } | undefined;

export const moduleTitle = (module: ModuleLabel, id: string) =>
	module ? (getLocale() === 'en' && module.title.en) || module.title.vi : id;

export type ReasonView =
	| { requirement: 'reading'; moduleId: string }
	| { requirement: 'practice'; moduleId: string; lapsedOn: string | null }
	| { requirement: 'theory'; min: string }
	| { requirement: 'training'; withinYears: number; lapsedOn: string | null };

export function reasonText(reason: ReasonView, modules: Record<string, ModuleLabel>): string {
	if (reason.requirement === 'theory')
		return m.qualification_reason_theory({ level: theoryName(reason.min) });
	if (reason.requirement === 'training')
		return reason.lapsedOn
			? m.qualification_reason_training_lapsed({
					years: reason.withinYears,
					date: dayText(reason.lapsedOn)
				})
			: m.qualification_reason_training({ years: reason.withinYears });
	const module = moduleTitle(modules[reason.moduleId], reason.moduleId);
	if (reason.requirement === 'reading') return m.qualification_reason_reading({ module });
	return reason.lapsedOn
		? m.qualification_reason_practice_lapsed({ module, date: dayText(reason.lapsedOn) })
		: m.qualification_reason_practice({ module });
}

/** 0.4567 → "45,7 %" / "45.7%" */
export const percentText = (share: number | null) =>
	share === null
		? '—'
		: new Intl.NumberFormat(getLocale() === 'en' ? 'en-GB' : 'vi-VN', {
				style: 'percent',
				maximumFractionDigits: 1
			}).format(share);

export const INDICATOR_ORDER = [
	'qualified',
	'ratedWell',
	'university',
	'theory',
	'under40',
	'trained',
	'contestants',
	'prizeWinners'
] as const;
export type IndicatorKey = (typeof INDICATOR_ORDER)[number];

export const indicatorLabel: Record<IndicatorKey, () => string> = {
	qualified: m.qualification_indicator_qualified,
	ratedWell: m.qualification_indicator_rated_well,
	university: m.qualification_indicator_university,
	theory: m.qualification_indicator_theory,
	under40: m.qualification_indicator_under40,
	trained: m.qualification_indicator_trained,
	contestants: m.qualification_indicator_contestants,
	prizeWinners: m.qualification_indicator_prize_winners
};

/** 45.25 → "45,3" / "45.3" */
export const numberText = (value: number | null) =>
	value === null
		? '—'
		: new Intl.NumberFormat(getLocale() === 'en' ? 'en-GB' : 'vi-VN', {
				maximumFractionDigits: 1
			}).format(value);
