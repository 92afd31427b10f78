import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { CANARY } from '../fixtures/quiz/canaries.js';
import { choose, expectSaved, startQuiz } from './helpers';

const canaries = [CANARY.key, CANARY.explanation, CANARY.source];

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]
	);
}

/** Every response body the page receives from the app while it is being used. */
function recordResponses(page: Page) {
	const bodies: { url: string; body: string }[] = [];
	page.on('response', async (response) => {
		if (!response.url().startsWith(new URL(page.url() || 'http://localhost').origin)) return;
		try {
			bodies.push({ url: response.url(), body: (await response.body()).toString('utf8') });
		} catch {
			// Redirects and aborted requests have no body.
		}
	});
	return bodies;
}

const leaks = (items: { url: string; body: string }[]) =>
	items.flatMap(({ url, body }) =>
		canaries.filter((c) => body.includes(c)).map((c) => `${c} in ${url}`)
	);

test('guarantee 8: no answer key, explanation or source reaches the browser before the finish', async ({
	page
}) => {
	await signIn(page, 'giamkhao2');
	const seen = recordResponses(page);
	const id = await startQuiz(page, 'fx-co-ban');
	const base = `/attempts/${id}`;

	// Use the page as a learner would.
	await choose(page, 1, 0);
	await choose(page, 2, 1);
	await page.getByLabel('Đánh dấu để xem lại').first().check();
	await expectSaved(page);
	await page.getByRole('link', { name: 'Hiện từng câu một' }).click();
	await page.getByRole('button', { name: 'Câu sau →' }).click();
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('button', { name: 'Quay lại làm tiếp' }).click();
	await page.reload();
	await expectSaved(page);

	// Crawl every route of the open attempt, its data endpoints and actions, as its owner.
	const crawl: { url: string; body: string }[] = [];
	const get = async (url: string) => {
		const r = await page.request.get(url);
		crawl.push({ url, body: await r.text() });
		return r;
	};
	const post = async (url: string, options: Parameters<Page['request']['post']>[1]) => {
		const r = await page.request.post(url, { maxRedirects: 0, ...options });
		crawl.push({ url: `POST ${url}`, body: await r.text() });
		return r;
	};
	for (const path of [
		base,
		`${base}?view=all`,
		`${base}?confirm`,
		...[1, 2, 3, 4, 5].map((q) => `${base}?q=${q}`),
		`${base}/__data.json`,
		`${base}/__data.json?view=all`,
		`${base}/result`,
		`${base}/result/__data.json`,
		`${base}/clock`,
		'/learn/fx-co-ban/quiz',
		'/learn/fx-co-ban/quiz/__data.json',
		'/review',
		'/review/__data.json'
	]) {
		await get(path);
	}
	const saved = await post(`${base}/answers`, {
		data: { saves: [{ position: 3, seq: 50, selected: [0], flagged: false }] }
	});
	expect(saved.status()).toBe(200);
	await post(`${base}/answers`, {
		data: {
			saves: [
				{ position: 3, seq: 2, selected: [1], flagged: false },
				{ position: 4, seq: 60, selected: [9], flagged: false }
			]
		}
	});
	const origin = new URL(page.url()).origin;
	for (const action of ['save', 'submit']) {
		const form = { pos: '5', 'seq-5': '70', 'answer-5': '0', go: '2' };
		const enhanced = await post(`${base}?/${action}`, {
			form,
			headers: { origin, 'x-sveltekit-action': 'true' }
		});
		expect(enhanced.status()).toBe(200);
		const plain = await post(`${base}?/${action}`, {
			form,
			headers: { origin, accept: 'text/html' }
		});
		expect(plain.status()).toBe(303);
	}
	// Every script the app ships, whether or not this page loaded it.
	const scripts = filesUnder('build/client').filter((f) => /\.(js|css|html|json)$/.test(f));
	const bundles = scripts.map((f) => ({ url: f, body: readFileSync(f, 'utf8') }));
	expect(bundles.length).toBeGreaterThan(10);
	expect(seen.length).toBeGreaterThan(10);

	expect(leaks([...seen, ...crawl, ...bundles])).toEqual([]);
	// The crawl saw the questions themselves, so it was looking at the real thing.
	expect(crawl.find((c) => c.url === `${base}?view=all`)?.body).toContain('Câu hỏi đúng sai số');

	// Control: once finished, the review shows the explanations and sources (never option ids).
	await page.goto(base);
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result$/);
	const review = await page.content();
	expect(review).toContain(CANARY.explanation);
	expect(review).toContain(CANARY.source);
	expect(review).not.toContain(CANARY.key);
});

test('guarantee 9: only the owner can read or write an attempt; options must belong to the question', async ({
	page,
	browser
}) => {
	await signIn(page, 'giamkhao1');
	const id = await startQuiz(page, 'fx-mot-lan');
	const base = `/attempts/${id}`;
	expect((await page.request.get(base)).headers()['cache-control']).toBe('no-store');

	// Even an administrator is not the owner.
	const intruderContext = await browser.newContext();
	const intruder = await intruderContext.newPage();
	await signIn(intruder, 'admin');
	const r = intruder.request;
	expect((await r.get(base)).status()).toBe(404);
	expect((await r.get(`${base}/result`)).status()).toBe(404);
	expect((await r.get(`${base}/clock`)).status()).toBe(404);
	const data = await r.get(`${base}/__data.json`);
	expect(await data.text()).not.toContain('Câu hỏi');
	expect(await data.text()).toContain('not_found');
	expect(
		(
			await r.post(`${base}/answers`, {
				data: { saves: [{ position: 1, seq: 1, selected: [0], flagged: false }] }
			})
		).status()
	).toBe(404);
	const origin = new URL(page.url()).origin;
	for (const action of ['save', 'submit']) {
		const res = await r.post(`${base}?/${action}`, {
			form: { pos: '1', 'seq-1': '1', 'answer-1': '0', confirmed: '1' },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(res.status(), action).toBe(404);
	}
	await intruderContext.close();

	// An option the question does not have is refused; a score sent along is ignored.
	const bad = await page.request.post(`${base}/answers`, {
		data: { saves: [{ position: 1, seq: 1, selected: [7], flagged: false }], score: 100 }
	});
	expect((await bad.json()).results).toEqual([expect.objectContaining({ status: 'invalid' })]);

	// The owner's attempt is untouched: nothing answered, still open.
	await page.reload();
	await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 0/3 câu');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result$/);
	expect((await page.request.get(`${base}/result`)).headers()['cache-control']).toBe('no-store');
	// This quiz shows the score only, and allows one attempt.
	await expect(page.getByTestId('score')).toHaveText('Điểm: 0/3 (0 %)');
	await expect(page.locator('article.question')).toHaveCount(0);
	await page.goto('/learn/fx-mot-lan/quiz');
	await expect(page.getByText('Bạn đã dùng hết số lần được làm bài này.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Bắt đầu làm bài' })).toHaveCount(0);
});
