import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { ACTORS, ANONYMOUS } from '../helpers/matrix/model';
import { CONTEST } from '../fixtures/e2e-data';

// The confidential bank in the browser: a canary crawl of every contest route, as every role,
// for a round before its window (1), during it (2), after it with the review closed (3) and
// after it with the review open and results published (4).

const FUTURE = CONTEST.future.canary;
const NOW = CONTEST.current.canary;
const never = [
	`${FUTURE}-STEM`,
	CONTEST.keyCanary(FUTURE),
	CONTEST.explanationCanary(FUTURE),
	CONTEST.keyCanary(NOW)
];
const stem = `${NOW}-STEM`;
const explanation = CONTEST.explanationCanary(NOW);

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]
	);
}

const rounds = [
	CONTEST.future.round,
	CONTEST.current.open,
	CONTEST.current.closed,
	CONTEST.current.reviewed
];

function routes(attempt: string | null) {
	const paths = [
		'/',
		'/contests',
		`/results/${CONTEST.current.id}`,
		`/results/${CONTEST.future.id}`
	];
	for (const id of rounds) {
		paths.push(
			`/contests/rounds/${id}`,
			`/contests/rounds/${id}/result`,
			`/contests/rounds/${id}/clock`
		);
	}
	if (attempt)
		paths.push(
			`/attempts/${attempt}`,
			`/attempts/${attempt}?view=all`,
			`/attempts/${attempt}/clock`,
			`/attempts/${attempt}/result`
		);
	return paths.flatMap((p) =>
		p.includes('/clock')
			? [p]
			: [p, p.replace(/(\?|$)/, (m) => (p === '/' ? '__data.json' : '/__data.json') + m)]
	);
}

async function crawl(request: APIRequestContext, paths: string[]) {
	const bodies: { url: string; body: string }[] = [];
	for (const path of paths) {
		const response = await request.get(path, { maxRedirects: 0 });
		bodies.push({ url: path, body: await response.text() });
	}
	return bodies;
}

test('no contest bank text reaches a browser before its window, nor a key or explanation before the review', async ({
	browser
}) => {
	// About 11 actors × 40 requests; generous for a loaded machine.
	test.setTimeout(900_000);
	// The candidate starts the open round, so its attempt page is crawled too.
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, CONTEST.candidate);
	await page.goto(`/contests/rounds/${CONTEST.current.open}`);
	// The access matrix, run earlier, posts the start form as this candidate: the attempt may
	// already be open, and the round page then offers to continue it instead.
	await page
		.getByRole('button', { name: 'Vào thi' })
		.or(page.getByRole('link', { name: 'Tiếp tục làm bài' }))
		.click();
	await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
	const attempt = /\/attempts\/([0-9a-f-]{36})$/.exec(page.url())![1];
	// Before its window, the start is refused by the server, whatever the browser sends.
	const origin = new URL(page.url()).origin;
	const early = await page.request.post(`/contests/rounds/${CONTEST.future.round}?/start`, {
		form: {},
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(early.status()).toBe(409);
	expect(await early.text()).toContain('Vòng thi chưa mở');

	const problems: string[] = [];
	for (const actor of ACTORS) {
		const ctx = actor.name === CONTEST.candidate ? context : await browser.newContext();
		if (actor.name !== ANONYMOUS && actor.name !== CONTEST.candidate) {
			const p = await ctx.newPage();
			await signIn(p, actor.name);
			await p.close();
		}
		// Everyone crawls the candidate's attempt too: only its owner may get anything from it.
		const seen = await crawl(ctx.request, routes(attempt));
		for (const { url, body } of seen) {
			for (const c of never) if (body.includes(c)) problems.push(`${actor.name} ${url}: ${c}`);
			const mine = actor.name === CONTEST.candidate;
			const reviewPage = url.startsWith(`/contests/rounds/${CONTEST.current.reviewed}/result`);
			const attemptPage = url.startsWith(`/attempts/${attempt}`) && !url.includes('/result');
			if (body.includes(explanation) && !(mine && reviewPage))
				problems.push(`${actor.name} ${url}: ${explanation}`);
			if (body.includes(stem) && !(mine && (reviewPage || attemptPage)))
				problems.push(`${actor.name} ${url}: ${stem}`);
		}
		if (actor.name === CONTEST.candidate) {
			// Control: the crawl looked at the real thing (the sitting, then the open review).
			expect(seen.find((s) => s.url === `/attempts/${attempt}?view=all`)?.body).toContain(stem);
			expect(
				seen.find((s) => s.url === `/contests/rounds/${CONTEST.current.reviewed}/result`)?.body
			).toContain(explanation);
			expect(
				seen.find((s) => s.url === `/contests/rounds/${CONTEST.current.closed}/result`)?.body
			).toContain('Đáp án được công bố từ');
		} else {
			await ctx.close();
		}
	}
	const bundles = filesUnder('build/client').filter((f) => /\.(js|css|html|json)$/.test(f));
	for (const f of bundles) {
		const text = readFileSync(f, 'utf8');
		for (const c of [...never, stem, explanation])
			if (text.includes(c)) problems.push(`${f}: ${c}`);
	}
	expect(problems).toEqual([]);
	await context.close();
});
