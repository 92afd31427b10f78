import type { MatrixContext, UnitCode } from './context';
import { OK, type Probe, type Rule } from './model';
import { action, managerAt, page, REFUSED_FORM, UNIT_CASES } from './probes';

const PROGRESS = '/(learn)/progress';
const DASHBOARD = '/(manage)/qualification';
const RULES = '/(admin)/admin/qualification';
const adminAt = (code: UnitCode): Rule => ({ role: 'admin', at: code });

/** Qualification: own progress, the managers' dashboard per unit, the province rule form. */
export function qualificationProbes(ctx: MatrixContext): Probe[] {
	const id = ctx.units;
	const provinces: { code: UnitCode; label: string }[] = [
		{ code: 'SH', label: 'province SH' },
		{ code: 'LG', label: 'another province LG' }
	];
	return [
		page(PROGRESS, '/progress', { user: true }),
		page(DASHBOARD, '/qualification', { role: 'manager' }),
		...UNIT_CASES.map(({ code, label }) =>
			page(DASHBOARD, `/qualification?unit=${id[code]}`, managerAt(code), OK, { label })
		),
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
