import type { MatrixContext, UnitCode } from './context';
import { OK, type Probe, type Rule } from './model';
import { action, endpoint, managerAt, memberCases, page, REFUSED_FORM, UNIT_CASES } from './probes';

const PROGRESS = '/(learn)/progress';
const DASHBOARD = '/(manage)/qualification';
const LAGGARDS = `${DASHBOARD}/laggards`;
const EXPORT = `${DASHBOARD}/export/[format]`;
const IMPORT = `${DASHBOARD}/training/import`;
const TEMPLATE = `${IMPORT}/template/[format]`;
const PERSON = '/(manage)/people/[id]';
const RULES = '/(admin)/admin/qualification';
const adminAt = (code: UnitCode): Rule => ({ role: 'admin', at: code });
/** The dashboard, its laggards list and exports: managers and trainers (read only). */
const viewer: Rule = { role: 'manager', also: ['trainer'] };
const viewerAt = (code: UnitCode): Rule => ({ ...viewer, at: code });
const manager: Rule = { role: 'manager' };

/**
 * Qualification: own progress, the dashboard per unit (with its laggards list and exports), the
 * training-course import, the person page's course actions and the province rule form.
 */
export function qualificationProbes(ctx: MatrixContext): Probe[] {
	const id = ctx.units;
	const provinces: { code: UnitCode; label: string }[] = [
		{ code: 'SH', label: 'province SH' },
		{ code: 'LG', label: 'another province LG' }
	];
	return [
		page(PROGRESS, '/progress', { user: true }),
		page(DASHBOARD, '/qualification', viewer),
		...UNIT_CASES.map(({ code, label }) =>
			page(DASHBOARD, `/qualification?unit=${id[code]}`, viewerAt(code), OK, { label })
		),
		page(LAGGARDS, '/qualification/laggards', viewer),
		...UNIT_CASES.map(({ code, label }) =>
			page(LAGGARDS, `/qualification/laggards?unit=${id[code]}`, viewerAt(code), OK, { label })
		),
		endpoint(EXPORT, 'GET', '/qualification/export/xlsx', viewer, OK),
		// Each export rolls a whole unit up: the commune cases only, to keep the run short.
		...UNIT_CASES.filter(({ code }) => code !== 'SH' && code !== 'SH-TL-01').map(
			({ code, label }) =>
				endpoint(EXPORT, 'GET', `/qualification/export/csv?unit=${id[code]}`, viewerAt(code), OK, {
					label
				})
		),
		page(IMPORT, '/qualification/training/import', manager),
		action(IMPORT, 'default', '/qualification/training/import', manager, REFUSED_FORM, {
			label: 'no file'
		}),
		endpoint(TEMPLATE, 'GET', '/qualification/training/import/template/csv', manager, OK),
		endpoint(TEMPLATE, 'GET', '/qualification/training/import/template/xlsx', manager, OK),
		...memberCases(ctx).flatMap(({ member: m, label }) => [
			// Allowed: an empty form (400); refused: a complete course, which must not be written.
			action(PERSON, 'addTraining', `/people/${m.id}`, managerAt(m.unit), REFUSED_FORM, {
				label,
				deniedBody: {
					form: {
						name: 'Lớp trái phép',
						organizer: 'Không ai',
						startOn: '2025-01-02',
						endOn: '2025-01-03',
						hours: '8',
						certificateNumber: ''
					}
				}
			}),
			// Allowed: an incomplete course (400); refused: a complete one, which must change nothing.
			action(PERSON, 'editTraining', `/people/${m.id}`, managerAt(m.unit), REFUSED_FORM, {
				label,
				body: { form: { recordId: '0' } },
				deniedBody: {
					form: {
						recordId: '0',
						name: 'Sửa trái phép',
						organizer: 'Không ai',
						startOn: '2025-01-02',
						endOn: '2025-01-03',
						hours: '8',
						certificateNumber: ''
					}
				}
			}),
			// No such record: 404 for the allowed too, after the scope check.
			action(
				PERSON,
				'deleteTraining',
				`/people/${m.id}`,
				managerAt(m.unit),
				{ status: 404 },
				{
					label,
					body: { form: { recordId: '0' } }
				}
			)
		]),
		// Any administrator may open the page (an administrator of a commune sets no rule).
		page(RULES, '/admin/qualification', { role: 'admin' }),
		...provinces.flatMap(({ code, label }) => [
			page(RULES, `/admin/qualification?province=${id[code]}`, adminAt(code), OK, { label }),
			// Allowed: an incomplete form; refused: a complete one, which must add no version.
			action(RULES, 'default', '/admin/qualification', adminAt(code), REFUSED_FORM, {
				label,
				body: { form: { province: String(id[code]) } },
				deniedBody: {
					form: {
						province: String(id[code]),
						effectiveFrom: '2099-01-01',
						requiredModules: 'm01-vai-tro-chi-bo',
						passPercent: '70',
						validityYears: '2',
						minTheoryLevel: ''
					}
				}
			})
		])
	];
}
