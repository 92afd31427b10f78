import { ORG_FILE, type MatrixContext, type UnitCode } from './context';
import { NOT_FOUND, OK, type Probe, type Rule } from './model';
import { action, endpoint, managerAt, page, REFUSED_FORM, UNIT_CASES } from './probes';

const ORGS = '/(manage)/orgs';
const UNIT = `${ORGS}/[id]`;
const MERGE = `${ORGS}/[id]/merge`;
const manager: Rule = { role: 'manager' };

const KIND: Record<UnitCode, string> = {
	SH: 'province',
	'SH-TL': 'commune',
	'SH-TL-01': 'cell',
	'SH-MK': 'ward',
	'SH-MK-01': 'cell',
	'SH-YT': 'commune',
	LG: 'province',
	'LG-AT': 'commune',
	'LG-AT-01': 'cell'
};

/** The org tree: its pages, the unit page's actions, merges, export and import. */
export function orgsProbes(ctx: MatrixContext): Probe[] {
	const id = (code: UnitCode) => ctx.units[code];
	const form = (fields: Record<string, string>) => ({ form: fields });
	const importOwner = (name: string) => name === 'quanly.tinh';
	return [
		page(ORGS, '/orgs', manager),
		page(ORGS, '/orgs?q=an%20thach', manager, OK, {
			label: 'search: a commune of another province'
		}),
		...UNIT_CASES.flatMap(({ code, label }) => {
			const path = `/orgs/${id(code)}`;
			const rule = managerAt(code);
			return [
				page(UNIT, path, rule, OK, { label }),
				action(UNIT, 'update', path, rule, REFUSED_FORM, {
					label,
					deniedBody: form({ code, name: 'Đổi tên trái phép', kind: KIND[code] })
				}),
				action(UNIT, 'move', path, rule, REFUSED_FORM, {
					label,
					deniedBody: form({ parentCode: 'SH-YT' })
				}),
				action(UNIT, 'create', path, rule, REFUSED_FORM, {
					label,
					deniedBody: form({ code: `MX-${code}`, name: 'Chi bộ trái phép', kind: 'cell' })
				}),
				page(MERGE, `${path}/merge`, rule, OK, { label }),
				action(MERGE, 'preview', `${path}/merge`, rule, REFUSED_FORM, {
					label,
					deniedBody: form({ merged: String(id('SH-YT')) })
				}),
				action(MERGE, 'confirm', `${path}/merge`, rule, REFUSED_FORM, {
					label,
					deniedBody: form({ merged: String(id('SH-YT')) })
				})
			];
		}),
		// Parameters in the form: a unit of another province is refused as a parent or a merged unit.
		action(UNIT, 'move', `/orgs/${id('SH-TL-01')}`, managerAt('SH-TL-01'), REFUSED_FORM, {
			label: 'own cell SH-TL-01 moved under another province',
			body: form({ parentCode: 'LG-AT' })
		}),
		action(MERGE, 'confirm', `/orgs/${id('SH-TL')}/merge`, managerAt('SH-TL'), REFUSED_FORM, {
			label: 'commune LG-AT of another province merged into own commune SH-TL',
			body: form({ merged: String(id('LG-AT')) })
		}),
		endpoint(`${ORGS}/export`, 'GET', '/orgs/export?format=csv', manager, OK),
		endpoint(`${ORGS}/export`, 'GET', '/orgs/export?format=xlsx', manager, OK),
		page(`${ORGS}/import`, '/orgs/import', manager),
		// quanly.tinh's pending import: only its owner sees or commits it (it changes nothing).
		page(
			`${ORGS}/import`,
			`/orgs/import?batch=${ctx.orgBatch}`,
			manager,
			(a) =>
				importOwner(a.name) ? { status: 200, has: [ORG_FILE] } : { status: 200, lacks: [ORG_FILE] },
			{ label: "quanly.tinh's import" }
		),
		action(`${ORGS}/import`, 'upload', '/orgs/import', manager, REFUSED_FORM, { label: 'no file' }),
		action(
			`${ORGS}/import`,
			'commit',
			'/orgs/import',
			manager,
			(a) => (importOwner(a.name) ? OK : NOT_FOUND),
			{
				label: "quanly.tinh's import",
				body: form({ batch: ctx.orgBatch })
			}
		)
	];
}
