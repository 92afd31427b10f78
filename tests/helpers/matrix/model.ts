/**
 * The access model the matrix checks the app against, written independently of the app's code:
 * a grant (role, unit) covers the unit and everything under it (unit codes nest: SH ⊃ SH-TL ⊃
 * SH-TL-01); an admin grant counts as every role.
 */
export type Role = 'admin' | 'manager' | 'organizer' | 'judge' | 'trainer' | 'secretary';
export type Actor = { name: string; grants: { role: Role; unit: string }[] };

export const ANONYMOUS = 'anonymous';

/**
 * The demo logins (README; giamkhao2 has giamkhao1's role and scope, and tests/admin/users.spec.ts
 * changes its password), the browser tests' extra administrators (tests/fixtures/e2e-data.ts) and
 * nobody signed in.
 */
export const ACTORS: Actor[] = [
	{ name: ANONYMOUS, grants: [] },
	{ name: 'admin', grants: [{ role: 'admin', unit: 'SH' }] },
	{ name: 'quanly.tinh', grants: [{ role: 'manager', unit: 'SH' }] },
	{ name: 'quanly.tanlap', grants: [{ role: 'manager', unit: 'SH-TL' }] },
	{ name: 'btc.tinh', grants: [{ role: 'organizer', unit: 'SH' }] },
	{ name: 'giamkhao1', grants: [{ role: 'judge', unit: 'SH' }] },
	{ name: 'giangvien', grants: [{ role: 'trainer', unit: 'SH' }] },
	{ name: 'bithu.dongchua', grants: [{ role: 'secretary', unit: 'SH-TL-01' }] },
	{ name: 'bithu.tdp1', grants: [{ role: 'secretary', unit: 'SH-MK-01' }] },
	{ name: 'quantri.tanlap', grants: [{ role: 'admin', unit: 'SH-TL' }] },
	{ name: 'admin.lamgiang', grants: [{ role: 'admin', unit: 'LG' }] }
];

export const covers = (grantUnit: string, unit: string) =>
	unit === grantUnit || unit.startsWith(`${grantUnit}-`);

/** Whether the actor holds the role (over the unit, when one is given). */
export function holds(actor: Actor, role: Role, unit?: string) {
	return actor.grants.some(
		(g) => (g.role === 'admin' || g.role === role) && (unit === undefined || covers(g.unit, unit))
	);
}

export type Grant = { role: Role; unit: string };

/**
 * Who may reach a probe: anyone, anyone signed in, a role (over a unit) or one user only. With
 * `takeOver`, the probe acts on a whole account (a new password, a lock): the actor must also hold
 * each of its roles where it holds them (a member's own role: as their manager), or gets 403.
 */
export type Rule =
	| { public: true }
	| { user: true }
	| { role: Role; at?: string; takeOver?: Grant[]; also?: Role[] }
	| { owner: string };

const mayTakeOver = (actor: Actor, grants: Grant[]) =>
	grants.every((g) => holds(actor, g.role === 'secretary' ? 'manager' : g.role, g.unit));

/** What a response must be: its status, where a redirect goes, text it must (not) contain. */
export type Outcome = { status: number; location?: RegExp; has?: string[]; lacks?: string[] };

export const OK: Outcome = { status: 200 };
export const LOGIN: Outcome = { status: 303, location: /^\/login\?redirectTo=/ };
export const FORBIDDEN: Outcome = { status: 403 };
export const NOT_FOUND: Outcome = { status: 404 };
export const UNAUTHORIZED: Outcome = { status: 401 };
export const redirectTo = (location: RegExp): Outcome => ({ status: 303, location });

type Body =
	| { form: Record<string, string> }
	| { json: unknown }
	| { multipart: Record<string, { name: string; mimeType: string; buffer: Buffer }> };

export type Probe = {
	/** The route id and part (see routes.ts) this probe exercises. */
	route: string;
	part: string;
	/** Where the parameters point, e.g. "unit SH-MK". */
	label: string;
	method: 'GET' | 'POST';
	path: string;
	/** Pages: also request `<path>/__data.json`. */
	data?: boolean;
	/** Sent by actors allowed through (harmless: an invalid form where a valid one would write). */
	body?: Body;
	/** Sent by actors who must be refused: a real change, so that a refusal is shown to hold. */
	deniedBody?: Body;
	rule: Rule;
	/** The allowed outcome; a function when it depends on who asks (e.g. an import's owner). */
	allowed: Outcome | ((actor: Actor) => Outcome);
	anonymous?: Outcome;
	/** The role held elsewhere, not over the unit: 404 unless said otherwise. */
	outside?: Outcome;
	/** Only these actors (changes to the caller's own data that other specs would notice). */
	actors?: string[];
	/** Run after the final snapshot (signing out ends the actors' sessions). */
	last?: boolean;
};

/** The outcome the model expects for an actor, and whether it is a refusal. */
export function expected(probe: Probe, actor: Actor): { outcome: Outcome; refused: boolean } {
	const allowed = typeof probe.allowed === 'function' ? probe.allowed(actor) : probe.allowed;
	const refuse = (outcome: Outcome) => ({ outcome, refused: true });
	const rule = probe.rule;
	if ('public' in rule) return { outcome: allowed, refused: false };
	if (actor.name === ANONYMOUS) return refuse(probe.anonymous ?? LOGIN);
	if ('owner' in rule) {
		return actor.name === rule.owner ? { outcome: allowed, refused: false } : refuse(NOT_FOUND);
	}
	if ('role' in rule) {
		// `also`: other roles that open the same door (the qualification dashboard: trainers too).
		const roles = [rule.role, ...(rule.also ?? [])];
		if (!roles.some((r) => holds(actor, r))) return refuse(FORBIDDEN);
		if (rule.at && !roles.some((r) => holds(actor, r, rule.at))) {
			return refuse(probe.outside ?? NOT_FOUND);
		}
		if (rule.takeOver && !mayTakeOver(actor, rule.takeOver)) return refuse(FORBIDDEN);
	}
	// Allowed in general but not for this actor (someone else's import batch).
	const notTheirs = typeof probe.allowed === 'function' && [403, 404].includes(allowed.status);
	return { outcome: allowed, refused: notTheirs };
}
