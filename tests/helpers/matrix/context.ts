import { createHash } from 'node:crypto';
import { expect, type APIRequestContext, type Browser } from '@playwright/test';
import { signIn } from '../auth';
import { PROVINCE_JUDGE_IN_CELL, SECOND_PROVINCE } from '../../fixtures/e2e-data';
import { ACTORS, ANONYMOUS, covers, type Actor, type Grant } from './model';
import { findContests, placeholderContests, type MatrixContests } from './context-contests';

/** The units the matrix points its parameters at: own, sibling, parent and another province. */
export const UNIT_CODES = [
	'SH',
	'SH-TL',
	'SH-TL-01',
	'SH-MK',
	'SH-MK-01',
	'SH-YT',
	'LG',
	'LG-AT',
	'LG-AT-01'
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

/** A party member with a pending account, found through the pages as someone who may see them. */
export type Member = {
	unit: UnitCode;
	id: number;
	name: string;
	username: string;
	userId: number;
	/** The member's own grant (secretary of their cell), and all the account holds. */
	grantId: number;
	grants: Grant[];
};

export type MatrixContext = {
	units: Record<UnitCode, number>;
	/** In quanly.tanlap's commune, in the sibling ward, in the second province; a province judge. */
	members: { own: Member; sibling: Member; other: Member; judge: Member };
	/** ATTEMPT_OWNER's open practice attempt. */
	attempt: string;
	/** quanly.tinh's tree import (unchanged rows only) and quanly.tanlap's people import (a bad row). */
	orgBatch: string;
	peopleBatch: string;
	/** The seeded contests of the demo province and of the second one. */
	contests: MatrixContests;
};

/** No other browser spec looks at this account's progress or quizzes. */
export const ATTEMPT_OWNER = 'btc.tinh';
export const ORG_FILE = 'ma-tran-don-vi.csv';
export const PEOPLE_FILE_NAME = 'Giáp Văn Ma Trận';

/** Ids for the coverage check, which needs the table but no server. */
export function placeholderContext(): MatrixContext {
	const member = (unit: UnitCode): Member => ({
		unit,
		id: 0,
		name: '',
		username: '',
		userId: 0,
		grantId: 0,
		grants: []
	});
	return {
		units: Object.fromEntries(UNIT_CODES.map((c) => [c, 0])) as Record<UnitCode, number>,
		members: {
			own: member('SH-TL-01'),
			sibling: member('SH-MK-01'),
			other: member('LG-AT-01'),
			judge: member('SH-TL-01')
		},
		attempt: '00000000-0000-4000-8000-000000000000',
		orgBatch: '',
		peopleBatch: '',
		contests: placeholderContests()
	};
}

export type Session = { actor: Actor; request: APIRequestContext; secrets: string[] };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One browser context per actor, signed in once through the real form. */
export async function openSessions(browser: Browser, baseURL: string): Promise<Session[]> {
	return Promise.all(
		ACTORS.map(async (actor) => {
			const context = await browser.newContext({ baseURL });
			if (actor.name !== ANONYMOUS) {
				const page = await context.newPage();
				await signIn(page, actor.name);
				await page.close();
			}
			// The session and device tokens, and what the database stores for them.
			const tokens = (await context.cookies())
				.filter((c) => /bt_(session|device)$/.test(c.name))
				.map((c) => c.value);
			return { actor, request: context.request, secrets: [...tokens, ...tokens.map(sha256)] };
		})
	);
}

export const sessionOf = (sessions: Session[], name: string) =>
	sessions.find((s) => s.actor.name === name)!.request;

async function html(request: APIRequestContext, path: string) {
	const response = await request.get(path);
	expect(response.status(), path).toBe(200);
	return response.text();
}

/** Unit ids by code, from the unit filter of the people list (options end in "(CODE)"). */
async function unitIds(request: APIRequestContext) {
	const page = await html(request, '/people');
	const ids: Record<string, number> = {};
	for (const m of page.matchAll(/<option value="(\d+)"[^>]*>[^<]*\(([A-Z0-9-]+)\)/g)) {
		ids[m[2]] = Number(m[1]);
	}
	return ids;
}

const DEMO_LOGINS = new Set(ACTORS.map((a) => a.name));

/**
 * A member of the unit who is not a demo login, with their account's id and grants: one holding
 * only their own grant, or (`judge`) the one who also judges province-wide.
 */
async function memberOf(
	manager: APIRequestContext,
	admin: APIRequestContext,
	unit: UnitCode,
	id: number,
	judge = false
): Promise<Member> {
	const list = await html(manager, `/people?unit=${id}`);
	for (const m of list.matchAll(/href="\/people\/(\d+)"[^>]*>([^<]+)</g)) {
		const profile = await html(manager, `/people/${m[1]}`);
		const username = /Tên đăng nhập<\/dt>\s*<dd[^>]*>([^<]+)</.exec(profile)?.[1];
		if (!username || DEMO_LOGINS.has(username)) continue;
		const users = await html(admin, `/admin/users?q=${encodeURIComponent(username)}`);
		const start = users.indexOf(`(${username})<`);
		const row = users.slice(start, users.indexOf('<li class="card"', start) >>> 0);
		const grantIds = [...row.matchAll(/name="grantId" value="(\d+)"/g)].map((g) => Number(g[1]));
		if (start < 0 || grantIds.length !== (judge ? 2 : 1)) continue;
		const own: Grant = { role: 'secretary', unit };
		const { role, unit: judged } = PROVINCE_JUDGE_IN_CELL;
		return {
			unit,
			id: Number(m[1]),
			name: m[2].trim(),
			username,
			userId: Number(/name="userId" value="(\d+)"/.exec(row)![1]),
			grantId: grantIds.at(-1)!, // a member's own grant sorts last (ROLES order)
			grants: judge ? [own, { role, unit: judged }] : [own]
		};
	}
	throw new Error(`no member found in ${unit}`);
}

const csv = (name: string, text: string) => ({
	name,
	mimeType: 'text/csv',
	buffer: Buffer.from('\uFEFF' + text, 'utf8')
});

/** Posts a form and returns where the app redirected to (the new attempt or import batch). */
async function postFor(
	request: APIRequestContext,
	origin: string,
	path: string,
	body: { form?: Record<string, string>; multipart?: Record<string, ReturnType<typeof csv>> }
) {
	const response = await request.post(path, {
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0,
		...body
	});
	expect(response.status(), path).toBe(303);
	return response.headers()['location'];
}

/** Finds the ids the matrix needs and makes what it probes: an attempt and two import batches. */
export async function prepareContext(sessions: Session[], origin: string): Promise<MatrixContext> {
	const as = (name: string) => sessionOf(sessions, name);
	const ids = {
		...(await unitIds(as('quanly.tinh'))),
		...(await unitIds(as('admin.lamgiang')))
	};
	const units = Object.fromEntries(UNIT_CODES.map((c) => [c, ids[c]])) as Record<UnitCode, number>;
	expect(Object.values(units).every(Boolean), JSON.stringify(units)).toBe(true);
	const [own, sibling, other, judge] = await Promise.all([
		memberOf(as('quanly.tinh'), as('admin'), 'SH-TL-01', units['SH-TL-01']),
		memberOf(as('quanly.tinh'), as('admin'), 'SH-MK-01', units['SH-MK-01']),
		memberOf(as('admin.lamgiang'), as('admin.lamgiang'), 'LG-AT-01', units['LG-AT-01']),
		memberOf(as('quanly.tinh'), as('admin'), 'SH-TL-01', units['SH-TL-01'], true)
	]);
	const attempt = await postFor(as(ATTEMPT_OWNER), origin, '/learn/sinh-hoat-chi-bo/quiz?/start', {
		form: {}
	});
	const orgBatch = await postFor(as('quanly.tinh'), origin, '/orgs/import?/upload', {
		multipart: {
			file: csv(ORG_FILE, 'Mã;Tên;Loại;Mã đơn vị cấp trên\nSH-TL;Đảng bộ xã Tân Lập;Xã;SH\n')
		}
	});
	const header =
		'Họ và tên,Mã đơn vị,Chức vụ,Năm sinh,Giới tính,Trình độ học vấn,Lý luận chính trị';
	const peopleBatch = await postFor(as('quanly.tanlap'), origin, '/people/import', {
		multipart: { file: csv('ma-tran.csv', `${header}\n${PEOPLE_FILE_NAME},SH-MK-01,,,,,\n`) }
	});
	return {
		units,
		members: { own, sibling, other, judge },
		attempt: /^\/attempts\/([0-9a-f-]{36})$/.exec(attempt)![1],
		orgBatch: /batch=([^&]+)$/.exec(orgBatch)![1],
		peopleBatch: /^\/people\/import\/([0-9a-f-]{36})$/.exec(peopleBatch)![1],
		contests: await findContests(as('btc.tinh'), as('admin.lamgiang'))
	};
}

/**
 * Text that must never reach an actor: the names of units and people outside their data scope
 * (names of the units above their scope are theirs to see), the second province's codes.
 */
export function foreignText(actor: Actor, ctx: MatrixContext): string[] {
	// An organizer sees the units of the contests they organize (monitor, results by unit); a
	// trainer the units and people of their scope (qualification dashboards, cohorts).
	const scopes = actor.grants.filter((g) =>
		['admin', 'manager', 'organizer', 'trainer'].includes(g.role)
	);
	const inside = (unit: string) => scopes.some((g) => covers(g.unit, unit));
	const aboveOrInside = (unit: string) => scopes.some((g) => covers(unit, g.unit)) || inside(unit);
	const { own, sibling, other, judge } = ctx.members;
	const lg = SECOND_PROVINCE;
	const units: [string, string[]][] = [
		['SH', ['Đảng bộ tỉnh Sơn Hà']],
		['SH-TL', ['Đảng bộ xã Tân Lập']],
		['SH-MK', ['Đảng bộ phường Minh Khai']],
		['LG', [lg.province.name]],
		['LG-AT', [lg.commune.name, lg.commune.code]],
		['LG-AT-01', [lg.cell.name]]
	];
	const people: [string, string[]][] = [
		[own.unit, [own.name, own.username]],
		[judge.unit, [judge.name, judge.username]],
		[sibling.unit, [sibling.name, sibling.username]],
		[other.unit, [...lg.people, other.username]]
	];
	return [
		...units.filter(([unit]) => !aboveOrInside(unit)).flatMap(([, text]) => text),
		...people.filter(([unit]) => !inside(unit)).flatMap(([, text]) => text)
	].filter(Boolean);
}

/** What the refused requests must not have changed: trees, people, accounts, the open attempt. */
export async function snapshot(sessions: Session[], ctx: MatrixContext) {
	const as = (name: string) => sessionOf(sessions, name);
	const text = async (name: string, path: string) => {
		const response = await as(name).get(path);
		expect(response.status(), `${name} ${path}`).toBe(200);
		return response.text();
	};
	const { own, sibling, other, judge } = ctx.members;
	const clock = JSON.parse(await text(ATTEMPT_OWNER, `/attempts/${ctx.attempt}/clock`));
	return {
		shTree: await text('quanly.tinh', '/orgs/export?format=csv'),
		shPeople: await text('quanly.tinh', '/people/export/csv'),
		lgTree: await text('admin.lamgiang', '/orgs/export?format=csv'),
		lgPeople: await text('admin.lamgiang', '/people/export/csv'),
		accounts: await Promise.all([
			text('admin', `/admin/users/__data.json?q=${own.username}`),
			text('admin', `/admin/users/__data.json?q=${sibling.username}`),
			text('admin', `/admin/users/__data.json?q=${judge.username}`),
			text('admin.lamgiang', `/admin/users/__data.json?q=${other.username}`)
		]),
		attempt: { status: clock.status, deadline: clock.deadline }
	};
}
