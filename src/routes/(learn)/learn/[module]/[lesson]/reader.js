// The lesson reader's only script (lesson pages ship without the client app). It saves the
// reading position, records completion when the learner reaches the end, resumes where they
// stopped, and keeps the lesson for offline reading. The page works fully without it.
(() => {
	'use strict';
	/** @type {HTMLElement | null} */
	const root = document.querySelector('[data-lesson]');
	const progressUrl = root?.dataset.progressUrl;
	if (!root || !progressUrl) return;
	const PENDING = 'bt-pending-progress';
	const OFFLINE_CACHE = 'bt-offline-v1';
	let done = root.dataset.state === 'done';
	let lastSent = Number(root.dataset.position) || 0;

	/** @param {string} url @param {{ position?: number, completed?: true }} payload */
	async function post(url, payload) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(payload),
			credentials: 'same-origin',
			keepalive: true
		});
		if (!response.ok && response.status !== 404) throw new Error(`not saved: ${response.status}`);
	}

	// Completions made offline wait in localStorage and are sent when the network is back.
	/** @returns {Record<string, { completed: true }>} */
	function readPending() {
		try {
			return JSON.parse(localStorage.getItem(PENDING) || '{}');
		} catch {
			return {};
		}
	}
	/** @param {Record<string, { completed: true }>} pending */
	function writePending(pending) {
		try {
			localStorage.setItem(PENDING, JSON.stringify(pending));
		} catch {
			/* storage full or disabled: nothing more to do */
		}
	}
	function flushPending() {
		for (const [url, payload] of Object.entries(readPending())) {
			post(url, payload).then(
				() => {
					const now = readPending();
					delete now[url];
					writePending(now);
				},
				() => {}
			);
		}
	}

	function scrolledPermille() {
		const max = document.documentElement.scrollHeight - window.innerHeight;
		return max > 0 ? Math.round((window.scrollY / max) * 1000) : 0;
	}

	/** @param {boolean} leaving */
	function savePosition(leaving) {
		if (done || !progressUrl) return;
		const position = scrolledPermille();
		if (Math.abs(position - lastSent) < 20) return;
		lastSent = position;
		if (leaving && navigator.sendBeacon) {
			const body = new Blob([JSON.stringify({ position })], { type: 'application/json' });
			navigator.sendBeacon(progressUrl, body);
		} else post(progressUrl, { position }).catch(() => {});
	}

	function markDone() {
		if (done || !root || !progressUrl) return;
		done = true;
		root.dataset.state = 'done';
		/** @type {HTMLElement | null} */
		const status = document.querySelector('[data-done-status]');
		/** @type {HTMLElement | null} */
		const form = document.querySelector('[data-complete-form]');
		if (status) status.hidden = false;
		if (form) form.hidden = true;
		const url = progressUrl;
		post(url, { completed: true }).catch(() => {
			writePending({ ...readPending(), [url]: { completed: true } });
		});
	}

	// Reaching the end: the end marker stays in view for a moment (not just scrolled past).
	const end = document.getElementById('lesson-end');
	if (end && 'IntersectionObserver' in window && !done) {
		/** @type {ReturnType<typeof setTimeout> | undefined} */
		let timer;
		new IntersectionObserver((entries) => {
			clearTimeout(timer);
			if (entries.some((e) => e.isIntersecting)) timer = setTimeout(markDone, 1500);
		}).observe(end);
	}

	/** @type {ReturnType<typeof setTimeout> | undefined} */
	let scrollTimer;
	addEventListener(
		'scroll',
		() => {
			clearTimeout(scrollTimer);
			scrollTimer = setTimeout(() => savePosition(false), 3000);
		},
		{ passive: true }
	);
	addEventListener('pagehide', () => savePosition(true));
	addEventListener('online', flushPending);
	if (navigator.onLine) flushPending();

	// Resume where the learner stopped, unless the address points at a section.
	if (!done && lastSent > 0 && !location.hash) {
		addEventListener('load', () => {
			const max = document.documentElement.scrollHeight - window.innerHeight;
			window.scrollTo(0, (lastSent / 1000) * max);
		});
	}

	// Offline: register the service worker and keep this lesson and what it needs in its cache.
	if (!('serviceWorker' in navigator) || !('caches' in window)) return;
	navigator.serviceWorker
		.register(
			'/service-worker.js',
			root.dataset.swType === 'module' ? { type: 'module' } : undefined
		)
		.catch(() => {});

	/** @param {Cache} cache @param {string} url */
	async function keep(cache, url) {
		if (await cache.match(url)) return;
		const response = await fetch(url, { credentials: 'same-origin' });
		if (!response.ok || response.redirected) throw new Error(`not kept: ${url}`);
		await cache.put(url, response);
	}

	// On the first visit the worker did not see this page load; keep the page as shown rather
	// than downloading it a second time on a slow connection. Later visits refresh it.
	/** @param {Cache} cache */
	async function keepThisPage(cache) {
		if (await cache.match(location.pathname)) return;
		const html = '<!doctype html>\n' + document.documentElement.outerHTML;
		const headers = { 'content-type': 'text/html; charset=utf-8' };
		await cache.put(location.pathname, new Response(html, { headers }));
	}

	navigator.serviceWorker.ready
		.then(async () => {
			const cache = await caches.open(OFFLINE_CACHE);
			const assets = Array.from(
				document.querySelectorAll(
					'link[rel="stylesheet"][href], script[src], img[src], link[rel="icon"][href]'
				),
				(el) => new URL(el.getAttribute('href') ?? el.getAttribute('src') ?? '', location.href)
			)
				.filter((url) => url.origin === location.origin)
				.map((url) => url.pathname + url.search);
			await Promise.all([keepThisPage(cache), ...assets.map((url) => keep(cache, url))]);
			/** @type {HTMLElement | null} */
			const badge = document.querySelector('[data-offline-badge]');
			if (badge) badge.hidden = false;
		})
		.catch(() => {});
})();
