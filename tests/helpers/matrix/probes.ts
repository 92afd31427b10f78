import type { MatrixContext, Member, UnitCode } from './context';
import { OK, type Probe, type Rule } from './model';

type Extra = Partial<Omit<Probe, 'route' | 'part' | 'method' | 'path' | 'rule' | 'allowed'>>;

/** A page: its HTML and its `__data.json`. */
export const page = (
	route: string,
	path: string,
	rule: Rule,
	allowed: Probe['allowed'] = OK,
	extra: Extra = {}
): Probe => ({
	route,
	part: 'page',
	label: '',
	method: 'GET',
	path,
	data: true,
	rule,
	allowed,
	...extra
});

/** A form action, posted as a browser without JavaScript posts it (an empty form by default). */
export const action = (
	route: string,
	name: string,
	path: string,
	rule: Rule,
	allowed: Probe['allowed'],
	extra: Extra = {}
): Probe => ({
	route,
	part: `action:${name}`,
	label: '',
	method: 'POST',
	path: name === 'default' ? path : `${path}${path.includes('?') ? '&' : '?'}/${name}`,
	body: { form: {} },
	rule,
	allowed,
	...extra
});

export const endpoint = (
	route: string,
	method: 'GET' | 'POST',
	path: string,
	rule: Rule,
	allowed: Probe['allowed'],
	extra: Extra = {}
): Probe => ({ route, part: method, label: '', method, path, rule, allowed, ...extra });

/** The action ran and refused the form (400): the caller got past the access checks. */
export const REFUSED_FORM = { status: 400 };

/** Units the parameters point at, as seen from quanly.tanlap (manager of SH-TL). */
export const UNIT_CASES: { code: UnitCode; label: string }[] = [
	{ code: 'SH-TL-01', label: 'own cell SH-TL-01' },
	{ code: 'SH-TL', label: 'own commune SH-TL' },
	{ code: 'SH-MK', label: 'sibling ward SH-MK' },
	{ code: 'SH', label: 'parent province SH' },
	{ code: 'LG-AT', label: 'commune LG-AT of another province' }
];

export const CELL_CASES: { code: UnitCode; label: string }[] = [
	{ code: 'SH-TL-01', label: 'own cell SH-TL-01' },
	{ code: 'SH-MK-01', label: 'sibling cell SH-MK-01' },
	{ code: 'LG-AT-01', label: 'cell LG-AT-01 of another province' }
];

export const memberCases = (ctx: MatrixContext): { member: Member; label: string }[] => [
	{ member: ctx.members.own, label: 'member of own cell SH-TL-01' },
	{ member: ctx.members.sibling, label: 'member of sibling cell SH-MK-01' },
	{ member: ctx.members.other, label: 'member of cell LG-AT-01 of another province' },
	{ member: ctx.members.judge, label: 'member of own cell SH-TL-01 who judges province-wide' }
];

export const managerAt = (code: UnitCode): Rule => ({ role: 'manager', at: code });
