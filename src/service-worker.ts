/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline reading of lessons. Only lesson pages the learner opened (and their images and the
// immutable app assets they use) are kept; no other signed-in page is cached. Signing out, or
// a lesson request that finds the session gone, empties the cache.
const sw = self as unknown as ServiceWorkerGlobalScope;

/** Shared with reader.js, which adds the page it shows and the assets it uses. */
const OFFLINE_CACHE = 'bt-offline-v1';
const LESSON_PAGE = /^\/learn\/[^/]+\/(?!images$)[^/]+\/?$/;
const LESSON_IMAGE = /^\/learn\/[^/]+\/images\//;
const IMMUTABLE = /^\/_app\/immutable\//;

const OFFLINE_HTML = `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Ngoại tuyến · Offline</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>Bạn đang ngoại tuyến</h1><p>Bài học này chưa được mở khi có mạng nên chưa lưu để đọc ngoại tuyến. Các bài đã mở vẫn đọc được.</p><p lang="en">You are offline. This lesson was not opened while online, so it is not saved for offline reading. Lessons you opened can still be read.</p></body></html>`;

sw.addEventListener('install', () => {
	sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			// Caches of earlier designs; lesson caches survive new app versions (assets are immutable).
			for (const key of await caches.keys()) if (key !== OFFLINE_CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'clear-offline') event.waitUntil(caches.delete(OFFLINE_CACHE));
});

async function lessonFromNetwork(request: Request, key: string): Promise<Response> {
	const cache = await caches.open(OFFLINE_CACHE);
	try {
		const response = await fetch(request);
		if (response.type === 'opaqueredirect' || response.redirected) {
			// The session is gone (sent to sign in): nothing personal stays on this device.
			await caches.delete(OFFLINE_CACHE);
		} else if (response.ok) {
			await cache.put(key, response.clone());
		}
		return response;
	} catch (err) {
		const cached = await cache.match(key);
		if (cached) return cached;
		if (request.mode === 'navigate') {
			return new Response(OFFLINE_HTML, {
				status: 503,
				headers: { 'content-type': 'text/html; charset=utf-8' }
			});
		}
		throw err;
	}
}

async function immutableAsset(request: Request, url: URL): Promise<Response> {
	const cached = await caches.match(url.pathname, { cacheName: OFFLINE_CACHE });
	return cached ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (url.origin !== sw.location.origin) return;
	if (event.request.method === 'POST' && url.pathname === '/logout') {
		event.waitUntil(caches.delete(OFFLINE_CACHE));
		return;
	}
	if (event.request.method !== 'GET') return;
	if (IMMUTABLE.test(url.pathname)) {
		event.respondWith(immutableAsset(event.request, url));
	} else if (LESSON_PAGE.test(url.pathname) && event.request.mode === 'navigate' && !url.search) {
		event.respondWith(lessonFromNetwork(event.request, url.pathname.replace(/\/$/, '')));
	} else if (LESSON_IMAGE.test(url.pathname)) {
		event.respondWith(lessonFromNetwork(event.request, url.pathname + url.search));
	}
});
