import type { AttemptSync } from './attempt-sync';

const HEARTBEAT_MS = 30_000;

/**
 * The attempt page's connection to the world: a heartbeat every 30 s, a retry as soon as the
 * connection (or the window's focus, after signing in again in another tab) comes back, a warning
 * before leaving with unsaved answers, and a last send when the page is hidden. Returns the
 * cleanup.
 */
export function watchAttemptPage(
	sync: AttemptSync,
	options: { onBackOnline: () => void; leavingIsExpected: () => boolean }
) {
	void sync.heartbeat();
	const heartbeat = setInterval(() => void sync.heartbeat(), HEARTBEAT_MS);
	const online = () => {
		sync.retryNow();
		void sync.heartbeat();
		options.onBackOnline();
	};
	const warn = (e: BeforeUnloadEvent) => {
		if (!sync.hasUnsaved || options.leavingIsExpected() || sync.status === 'closed') return;
		e.preventDefault();
		e.returnValue = '';
	};
	const hidden = () => {
		if (document.visibilityState === 'hidden') sync.sendOnExit();
	};
	window.addEventListener('online', online);
	window.addEventListener('focus', online);
	window.addEventListener('beforeunload', warn);
	document.addEventListener('visibilitychange', hidden);
	return () => {
		clearInterval(heartbeat);
		window.removeEventListener('online', online);
		window.removeEventListener('focus', online);
		window.removeEventListener('beforeunload', warn);
		document.removeEventListener('visibilitychange', hidden);
		sync.dispose();
	};
}
