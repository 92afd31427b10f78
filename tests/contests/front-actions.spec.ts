import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { CONTEST } from '../fixtures/e2e-data';

// The lobby's enhanced start and the attempt page's scripted submit are answered in front of
// SvelteKit (src/lib/server/http/action-exchange.ts), writing what SvelteKit's form action would.
// Here the production entry answers the same posts both ways: asking for JSON only
// (`Accept: application/json`, what the pages send: the exchange) and with a wider Accept
// (SvelteKit's own action, which the exchange leaves such requests to). Only posts that change
// nothing, so both see the same state.

const JSON_ONLY = 'application/json';
const WIDER = 'application/json, text/html;q=0.5';

/** Every header but those of the connection; the cookie's expiry masked (seconds apart). */
const ownHeaders = (headers: Record<string, string>) =>
	Object.entries(headers)
		.filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name))
		.map(([name, value]) => `${name}: ${value.replace(/Expires=[^;]+/, 'Expires=<date>')}`)
		.sort();

async function answer(response: APIResponse) {
	const headers = response.headers();
	return {
		headers: ownHeaders(headers),
		status: response.status(),
		type: headers['content-type'],
		cacheControl: headers['cache-control'],
		frameOptions: headers['x-frame-options'],
		cookie: headers['set-cookie']?.replace(/Expires=[^;]+/, 'Expires=<date>'),
		body: await response.text()
	};
}

async function bothWays(request: APIRequestContext, path: string, form: Record<string, string>) {
	const post = (accept: string, origin: string) =>
		request.post(path, {
			form,
			headers: { accept, origin, 'x-sveltekit-action': 'true' },
			maxRedirects: 0
		});
	const front = await answer(await post(JSON_ONLY, appOrigin()));
	const kit = await answer(await post(WIDER, appOrigin()));
	expect(front, path).toEqual(kit);
	// From another site: refused as the hooks refuse a client that asks for JSON.
	const foreign = await answer(await post(JSON_ONLY, 'http://evil.example'));
	expect(foreign).toMatchObject({
		status: 403,
		type: 'application/json',
		cacheControl: undefined,
		frameOptions: undefined,
		cookie: undefined,
		body: '{"message":"cross_site"}'
	});
	return front;
}

const appOrigin = () => new URL(test.info().project.use.baseURL!).origin;

test('the exchange answers the start and the submit as SvelteKit’s actions do', async ({
	page
}) => {
	await signIn(page, CONTEST.candidate);
	const request = page.request;
	const future = await bothWays(request, `/contests/rounds/${CONTEST.future.round}?/start`, {});
	expect(JSON.parse(future.body)).toEqual({
		type: 'failure',
		status: 409,
		data: '[{"startError":1},"not_open_yet"]'
	});
	expect(future.cacheControl).toBe('no-store');
	expect(future.cookie).toContain('bt_session=');
	const closed = await bothWays(request, `/contests/rounds/${CONTEST.current.closed}?/start`, {});
	expect(JSON.parse(closed.body).data).toContain('closed');
	const prediction = await bothWays(request, `/contests/rounds/${CONTEST.current.open}?/start`, {
		prediction: '-1'
	});
	expect(JSON.parse(prediction.body)).toMatchObject({ type: 'failure', status: 400 });
	const unknown = await bothWays(request, '/contests/rounds/987654?/start', {});
	expect(unknown.status).toBe(404);
	const foreign = await bothWays(
		request,
		'/attempts/00000000-0000-4000-8000-000000000000?/submit',
		{ confirmed: '1' }
	);
	expect(JSON.parse(foreign.body)).toEqual({ type: 'error', error: { message: 'not_found' } });

	// Signed out: to the sign-in page.
	await page.context().clearCookies();
	const signedOut = await bothWays(request, `/contests/rounds/${CONTEST.current.open}?/start`, {});
	expect(JSON.parse(signedOut.body)).toEqual({
		type: 'redirect',
		status: 303,
		location: '/login'
	});
});
