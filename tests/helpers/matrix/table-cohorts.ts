import { MATRIX_COHORT, QUALIFICATION_RULE } from '../../fixtures/e2e-data';
import type { MatrixContext } from './context';
import { covers, NOT_FOUND, OK, type Actor, type Outcome, type Probe, type Rule } from './model';
import { action, endpoint, page, REFUSED_FORM } from './probes';

const LIST = '/(train)/cohorts';
const COHORT = '/(train)/cohorts/[id]';
const MODULE = '/(train)/analysis/modules/[id]';
const ROUND = '/(train)/analysis/rounds/[id]';
const trainer: Rule = { role: 'trainer' };

/**
 * Cohorts (issue 16): a cohort is seen by the trainers who run it and by administrators over its
 * unit; any other trainer (or administrator elsewhere) gets 404 and non-trainers 403.
 */
const runs =
	(allowed: Outcome) =>
	(actor: Actor): Outcome =>
		actor.name === MATRIX_COHORT.trainer ||
		actor.grants.some((g) => g.role === 'admin' && covers(g.unit, MATRIX_COHORT.unit))
			? allowed
			: NOT_FOUND;

export function cohortProbes(ctx: MatrixContext): Probe[] {
	const base = `/cohorts/${MATRIX_COHORT.id}`;
	const label = "the demo trainer's cohort of SH-TL";
	const extra = { label };
	const real = (form: Record<string, string>) => ({ deniedBody: { form } });
	const moduleId = QUALIFICATION_RULE.modules[0];
	return [
		page(LIST, '/cohorts', trainer),
		action(LIST, 'create', '/cohorts', trainer, REFUSED_FORM, {
			...real({
				name: 'Lớp không được mở',
				unit: String(ctx.units['SH-TL']),
				startsOn: '2026-01-01',
				endsOn: '2026-02-01'
			})
		}),
		page(COHORT, base, trainer, runs(OK), extra),
		page(COHORT, '/cohorts/999999', trainer, NOT_FOUND, { label: 'a cohort that does not exist' }),
		action(COHORT, 'addMembers', base, trainer, runs(REFUSED_FORM), {
			...extra,
			...real({ unit: String(ctx.units['SH-TL']), positions: 'secretaries' })
		}),
		action(COHORT, 'importMembers', base, trainer, runs(REFUSED_FORM), extra),
		action(COHORT, 'removeMember', base, trainer, runs({ status: 404 }), extra),
		action(COHORT, 'assign', base, trainer, runs(REFUSED_FORM), {
			...extra,
			...real({ moduleId, kind: 'read', dueOn: '2099-01-01' })
		}),
		action(COHORT, 'unassign', base, trainer, runs({ status: 404 }), extra),
		action(COHORT, 'addTrainer', base, trainer, runs(REFUSED_FORM), extra),
		action(COHORT, 'removeTrainer', base, trainer, runs(REFUSED_FORM), {
			...extra,
			...real({ trainer: '1' })
		}),
		action(COHORT, 'edit', base, trainer, runs(REFUSED_FORM), {
			...extra,
			...real({ name: 'Lớp bị đổi tên', startsOn: '2026-01-01', endsOn: '2026-02-01' })
		}),
		endpoint(`${COHORT}/export/[format]`, 'GET', `${base}/export/csv`, trainer, runs(OK), extra),
		endpoint(`${COHORT}/export/[format]`, 'GET', `${base}/export/pdf`, trainer, NOT_FOUND, {
			label: 'an unknown format'
		}),
		page(`${COHORT}/reminders`, `${base}/reminders`, trainer, runs(OK), extra),
		page(MODULE, `/analysis/modules/${moduleId}`, trainer, OK, { label: 'a module with a quiz' }),
		page(MODULE, `/analysis/modules/${moduleId}?cohort=${MATRIX_COHORT.id}`, trainer, runs(OK), {
			label: "restricted to the demo trainer's cohort"
		}),
		page(MODULE, '/analysis/modules/no-such-module', trainer, NOT_FOUND, {
			label: 'an unknown module'
		}),
		page(ROUND, `/analysis/rounds/${ctx.contests.SH.round}`, { role: 'organizer', at: 'SH' }, OK, {
			label: "the demo province's online round"
		}),
		page(ROUND, `/analysis/rounds/${ctx.contests.LG.round}`, { role: 'organizer', at: 'LG' }, OK, {
			label: "another province's online round"
		})
	];
}
