import { PEOPLE_FILE_NAME, type MatrixContext, type Member } from './context';
import { NOT_FOUND, OK, type Probe, type Rule } from './model';
import {
	action,
	CELL_CASES,
	endpoint,
	managerAt,
	memberCases,
	page,
	REFUSED_FORM,
	UNIT_CASES
} from './probes';

const PEOPLE = '/(manage)/people';
const PERSON = `${PEOPLE}/[id]`;
const ADMIN = '/(admin)/admin/users';
const manager: Rule = { role: 'manager' };
const adminOver = (m: Member): Rule => ({ role: 'admin', at: m.unit });
/** A new code or a lock acts on the whole account, with every role it holds. */
const takesOver = (role: 'admin' | 'manager', m: Member): Rule => ({
	role,
	at: m.unit,
	takeOver: m.grants
});
const form = (fields: Record<string, string | number>) => ({
	form: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]))
});

/** People: list, profile and its actions, activation codes, exports, imports, new person. */
export function peopleProbes(ctx: MatrixContext): Probe[] {
	const id = ctx.units;
	const { own } = ctx.members;
	const importOwner = (name: string) => name === 'quanly.tanlap';
	return [
		page(PEOPLE, '/people', manager),
		page(PEOPLE, '/people?q=m%E1%BA%A1c', manager, OK, {
			label: 'search: a name of another province'
		}),
		...UNIT_CASES.map(({ code, label }) =>
			page(PEOPLE, `/people?unit=${id[code]}`, managerAt(code), OK, { label })
		),
		...memberCases(ctx).flatMap(({ member: m, label }) => [
			page(PERSON, `/people/${m.id}`, managerAt(m.unit), { status: 200, has: [m.name] }, { label }),
			action(PERSON, 'save', `/people/${m.id}`, managerAt(m.unit), REFUSED_FORM, {
				label,
				deniedBody: form({ fullName: 'Tên Trái Phép', orgUnitId: id[m.unit], position: 'member' })
			}),
			action(PERSON, 'issueCode', `/people/${m.id}`, takesOver('manager', m), OK, { label })
		]),
		action(PERSON, 'save', `/people/${own.id}`, managerAt(own.unit), REFUSED_FORM, {
			label: 'member of own cell transferred to another province',
			body: form({ fullName: own.name, orgUnitId: id['LG-AT-01'], position: 'member' })
		}),
		page(`${PEOPLE}/codes`, '/people/codes', manager),
		...UNIT_CASES.map(({ code, label }) =>
			page(`${PEOPLE}/codes`, `/people/codes?unit=${id[code]}`, managerAt(code), OK, { label })
		),
		...CELL_CASES.map(({ code, label }) =>
			action(`${PEOPLE}/codes`, 'issue', '/people/codes', managerAt(code), OK, {
				label,
				body: form({ unit: id[code] })
			})
		),
		endpoint(`${PEOPLE}/export/[format]`, 'GET', '/people/export/csv', manager, OK),
		endpoint(`${PEOPLE}/export/[format]`, 'GET', '/people/export/xlsx', manager, OK),
		...UNIT_CASES.map(({ code, label }) =>
			endpoint(
				`${PEOPLE}/export/[format]`,
				'GET',
				`/people/export/csv?unit=${id[code]}`,
				managerAt(code),
				OK,
				{
					label
				}
			)
		),
		page(`${PEOPLE}/import`, '/people/import', manager),
		action(`${PEOPLE}/import`, 'default', '/people/import', manager, REFUSED_FORM, {
			label: 'no file'
		}),
		// quanly.tanlap's checked import (its one row has an error): its owner's alone.
		page(
			`${PEOPLE}/import/[batch]`,
			`/people/import/${ctx.peopleBatch}`,
			manager,
			(a) => (importOwner(a.name) ? { status: 200, has: [PEOPLE_FILE_NAME] } : NOT_FOUND),
			{ label: "quanly.tanlap's import" }
		),
		action(
			`${PEOPLE}/import/[batch]`,
			'commit',
			`/people/import/${ctx.peopleBatch}`,
			manager,
			(a) => (importOwner(a.name) ? { status: 409 } : NOT_FOUND),
			{ label: "quanly.tanlap's import (has errors)" }
		),
		endpoint(
			`${PEOPLE}/import/template/[format]`,
			'GET',
			'/people/import/template/csv',
			manager,
			OK
		),
		endpoint(
			`${PEOPLE}/import/template/[format]`,
			'GET',
			'/people/import/template/xlsx',
			manager,
			OK
		),
		page(`${PEOPLE}/new`, '/people/new', manager),
		page(`${PEOPLE}/new`, `/people/new?unit=${id['LG-AT-01']}`, manager, OK, {
			label: 'prefilled with a cell of another province'
		}),
		// Allowed: an incomplete form; refused: a complete one, which must not add anybody.
		...CELL_CASES.map(({ code, label }) =>
			action(`${PEOPLE}/new`, 'default', '/people/new', managerAt(code), REFUSED_FORM, {
				label,
				outside: REFUSED_FORM,
				body: form({ orgUnitId: id[code] }),
				deniedBody: form({ fullName: 'Người Trái Phép', orgUnitId: id[code], position: 'member' })
			})
		)
	];
}

/** Accounts and grants: every action on a member of each scope, and grants across provinces. */
export function adminProbes(ctx: MatrixContext): Probe[] {
	const { own, other } = ctx.members;
	const cases = memberCases(ctx);
	const wholeAccount = new Set(['disable', 'enable', 'resetCode']);
	const onEach = (
		name: string,
		allowed: Parameters<typeof action>[4],
		body: (m: Member) => ReturnType<typeof form>,
		deniedBody?: (m: Member) => ReturnType<typeof form>
	) =>
		cases.map(({ member: m, label }) =>
			action(
				ADMIN,
				name,
				'/admin/users',
				wholeAccount.has(name) ? takesOver('admin', m) : adminOver(m),
				allowed,
				{
					label,
					body: body(m),
					deniedBody: deniedBody?.(m)
				}
			)
		);
	return [
		page(ADMIN, '/admin/users', { role: 'admin' }),
		// Outside the scope the search finds nobody (the scope check on every body says who).
		...cases.map(({ member: m, label }) =>
			page(
				ADMIN,
				`/admin/users?q=${m.username}`,
				adminOver(m),
				{ status: 200, has: [m.username] },
				{
					label,
					outside: OK
				}
			)
		),
		...onEach(
			'grant',
			REFUSED_FORM,
			(m) => form({ userId: m.userId, role: 'manager', unitCode: 'KHONG-CO' }),
			(m) => form({ userId: m.userId, role: 'manager', unitCode: m.unit })
		),
		...onEach(
			'revoke',
			REFUSED_FORM,
			(m) => form({ userId: m.userId, grantId: 999_999_999 }),
			(m) => form({ userId: m.userId, grantId: m.grantId })
		),
		// Disabled by the allowed administrator, then enabled again: the snapshot must not change.
		...onEach('disable', OK, (m) => form({ userId: m.userId })),
		...onEach('enable', OK, (m) => form({ userId: m.userId })),
		...onEach('resetCode', OK, (m) => form({ userId: m.userId })),
		action(ADMIN, 'grant', '/admin/users', adminOver(own), REFUSED_FORM, {
			label: 'member of own cell granted a role in another province',
			body: form({ userId: own.userId, role: 'manager', unitCode: 'LG-AT' })
		}),
		action(ADMIN, 'revoke', '/admin/users', adminOver(own), REFUSED_FORM, {
			label: "another province's grant revoked through a member of own cell",
			body: form({ userId: own.userId, grantId: other.grantId })
		})
	];
}
