import { m } from '$lib/paraglide/messages.js';
import { formatNumber } from '$lib/i18n';

const kinds: Record<string, () => string> = {
	hoi_thi: m.organize_kind_hoi_thi,
	open: m.organize_kind_open
};
const statuses: Record<string, () => string> = {
	draft: m.organize_status_draft,
	open: m.organize_status_open,
	finished: m.organize_status_finished,
	archived: m.organize_status_archived
};
const roundStatuses: Record<string, () => string> = {
	draft: m.organize_round_status_draft,
	scheduled: m.organize_round_status_scheduled,
	closed: m.organize_round_status_closed
};
const roundKinds: Record<string, () => string> = {
	online: m.organize_round_kind_online,
	essay: m.organize_round_kind_essay,
	situation: m.organize_round_kind_situation,
	presentation: m.organize_round_kind_presentation
};
const incidents: Record<string, () => string> = {
	autosave_failed: m.organize_incident_autosave_failed,
	disconnected: m.organize_incident_disconnected,
	reconnected: m.organize_incident_reconnected,
	time_extended: m.organize_incident_time_extended,
	candidate_report: m.organize_incident_candidate_report,
	other: m.organize_incident_other
};

const problems: Record<string, () => string> = {
	connection: m.organize_incident_problem_connection,
	device: m.organize_incident_problem_device,
	question: m.organize_incident_problem_question,
	other: m.organize_incident_problem_other
};

const text = (table: Record<string, () => string>) => (key: string) => table[key]?.() ?? key;

export const contestKindText = text(kinds);
export const contestStatusText = text(statuses);
export const roundStatusText = text(roundStatuses);
export const roundKindText = text(roundKinds);
export const incidentText = text(incidents);
export const problemText = text(problems);

type LevelRule =
	| { mode: 'top_overall'; count: number }
	| { mode: 'top_per_unit'; count: number }
	| { mode: 'threshold'; minScore: number };

/**
 * How a level chooses who goes on. At a level run per unit, "the top N" is taken in each unit
 * (`ruleForLevel` in contests/advancement.ts), and says so.
 */
export function advancementRuleText(rule: LevelRule | null, runPerUnit: boolean): string {
	if (!rule) return m.organize_rule_none();
	if (rule.mode === 'top_overall' && !runPerUnit) return m.organize_rule_top({ count: rule.count });
	if (rule.mode !== 'threshold') return m.organize_rule_quota({ count: rule.count });
	return m.organize_rule_threshold({ score: formatNumber(rule.minScore) });
}
