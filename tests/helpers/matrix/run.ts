import type { APIResponse } from '@playwright/test';
import type { Session } from './context';
import { expected, type Actor, type Outcome, type Probe } from './model';

/** Never in any response, allowed or refused: password and token hashes, their column names. */
const NEVER = [
	'$argon2',
	'password_hash',
	'passwordHash',
	'token_hash',
	'tokenHash',
	'code_hash',
	'codeHash'
];

/** A one-time activation code as printed ("K7QM-X2ZD-9TPA"). */
const ACTIVATION_CODE = /\b[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}\b/g;
/** The example on the activation page. */
const PLACEHOLDER = 'XXXX-XXXX-XXXX';
/** The only answers that may hold one: the issuing action's, once. */
const ISSUING = ['action:issueCode', 'action:issue', 'action:resetCode'];

type Observed = { status: number; location: string | null; text: string | null };

/** `/orgs/12?q=x` → `/orgs/12/__data.json?q=x`, SvelteKit's data endpoint for the page. */
export function dataPath(path: string) {
	const url = new URL(path, 'http://x');
	const base = url.pathname === '/' ? '' : url.pathname;
	return `${base}/__data.json${url.search}`;
}

const readable = (contentType: string) => /^(text\/|application\/json)/.test(contentType);

async function observe(response: APIResponse, origin: string, data: boolean): Promise<Observed> {
	const type = response.headers()['content-type'] ?? '';
	const text = readable(type) ? await response.text() : null;
	const location = response.headers()['location']?.replace(origin, '') ?? null;
	if (!data || !text || !type.startsWith('application/json')) {
		return { status: response.status(), location, text };
	}
	// The data endpoint answers 200 and says per node what the load did.
	const body = JSON.parse(text) as {
		type: string;
		location?: string;
		nodes?: ({ type: string; status?: number } | null)[];
	};
	if (body.type === 'redirect') return { status: 303, location: body.location ?? null, text };
	const failed = body.nodes?.find((n) => n?.type === 'error');
	return { status: failed ? (failed.status ?? 500) : response.status(), location: null, text };
}

const describe = (o: { status: number; location?: RegExp | string | null }) =>
	o.location ? `${o.status} → ${o.location}` : String(o.status);

export class MatrixRun {
	readonly mismatches: string[] = [];
	private readonly codesSeen = new Set<string>();
	requests = 0;
	assertions = 0;

	constructor(
		private readonly sessions: Session[],
		private readonly origin: string,
		private readonly foreign: (actor: Actor) => string[]
	) {}

	/** Refused actors first (all at once), then the allowed ones one by one. */
	async run(probe: Probe) {
		const plan = this.sessions
			.filter((s) => !probe.actors || probe.actors.includes(s.actor.name))
			.map((session) => ({ session, ...expected(probe, session.actor) }));
		const refused = plan.filter((p) => p.refused);
		const allowed = plan.filter((p) => !p.refused);
		if (probe.method === 'GET') {
			await Promise.all(plan.map((p) => this.check(probe, p.session, p.outcome, false)));
			return;
		}
		await Promise.all(refused.map((p) => this.check(probe, p.session, p.outcome, true)));
		for (const p of allowed) await this.check(probe, p.session, p.outcome, false);
	}

	private async check(probe: Probe, session: Session, want: Outcome, refused: boolean) {
		const { request } = session;
		const body = (refused && probe.deniedBody) || probe.body;
		const headers: Record<string, string> = { origin: this.origin };
		if (!body || !('json' in body)) headers.accept = 'text/html';
		const response =
			probe.method === 'GET'
				? await request.get(probe.path, { headers, maxRedirects: 0 })
				: await request.post(probe.path, {
						headers,
						maxRedirects: 0,
						...(body && 'form' in body ? { form: body.form } : {}),
						...(body && 'json' in body ? { data: body.json } : {}),
						...(body && 'multipart' in body ? { multipart: body.multipart } : {})
					});
		// What the actor sent may come back (a search, a refused form): that is no leak.
		const asked = decodeURIComponent(probe.path) + JSON.stringify(body ?? '');
		const compare = (got: Observed, suffix: string) =>
			this.compare(probe, session, want, got, suffix, asked);
		await compare(await observe(response, this.origin, false), '');
		if (probe.data) {
			const data = await request.get(dataPath(probe.path), { maxRedirects: 0 });
			await compare(await observe(data, this.origin, true), ' [data]');
		}
	}

	private async compare(
		probe: Probe,
		s: Session,
		want: Outcome,
		got: Observed,
		suffix: string,
		asked: string
	) {
		this.requests++;
		const where = `${s.actor.name} ${probe.method} ${probe.path}${suffix} (${probe.route} ${probe.part}, ${probe.label})`;
		const fail = (what: string) => this.mismatches.push(`${where}: ${what}`);
		this.assertions++;
		const locationOk =
			!want.location || (got.location !== null && want.location.test(got.location));
		if (got.status !== want.status || !locationOk) {
			fail(`expected ${describe(want)}, got ${describe(got)}`);
		}
		if (got.text === null) return;
		const text = got.text;
		const checks: [string[], boolean, string][] = [
			[NEVER, false, 'secret'],
			[this.sessions.flatMap((o) => o.secrets), false, 'session or device token'],
			[this.foreign(s.actor).filter((t) => !asked.includes(t)), false, 'data outside the scope'],
			[want.has ?? [], true, 'expected text'],
			[want.lacks ?? [], false, 'text it must not show']
		];
		for (const [strings, present, kind] of checks) {
			for (const needle of strings) {
				this.assertions++;
				if (text.includes(needle) !== present) {
					fail(`${present ? 'lacks' : 'contains'} ${kind} "${needle}"`);
				}
			}
		}
		const codes = new Set(
			[...text.matchAll(ACTIVATION_CODE)].map((m) => m[0]).filter((c) => c !== PLACEHOLDER)
		);
		const issuing = ISSUING.includes(probe.part) && !suffix && want.status === 200;
		this.assertions++;
		if (issuing && codes.size === 0) fail('issued no activation code');
		for (const code of codes) {
			if (!issuing || this.codesSeen.has(code)) fail(`shows the activation code ${code}`);
			this.codesSeen.add(code);
		}
	}
}
