import type { DbOrTx } from '../db/client';
import { log } from '../log';
import { monitorSnapshot, type MonitorTarget } from './monitor';

export const MONITOR_POLL_MS = 1000;
/** A stream ends after this long; the browser's EventSource reconnects, and access is checked again. */
export const MONITOR_STREAM_MS = 5 * 60_000;

/**
 * Server-Sent Events for the live monitor. Each open stream reads the figures from the database
 * every second and sends them when they changed (and a comment line as a keep-alive otherwise),
 * so the figures are at most about a second old on every instance, on PostgreSQL and on the
 * embedded database alike, with no state kept between requests. `now` is the app clock at each
 * read (the request's clock moved on by the time since it arrived, so a test clock carries on).
 */
export function monitorStream(
	db: DbOrTx,
	target: MonitorTarget,
	signal: AbortSignal,
	{
		now = () => new Date(),
		...options
	}: { pollMs?: number; lifetimeMs?: number; now?: () => Date } = {}
): Response {
	return snapshotStream(() => monitorSnapshot(db, target, now()), signal, {
		...options,
		context: { roundId: target.roundId }
	});
}

/**
 * The same stream for any snapshot read from the database (the monitor; the judged rounds'
 * projector): read every `pollMs`, send when the figures other than `serverTime` changed.
 */
export function snapshotStream(
	read: () => Promise<{ serverTime: string | Date } & Record<string, unknown>>,
	signal: AbortSignal,
	{
		pollMs = MONITOR_POLL_MS,
		lifetimeMs = MONITOR_STREAM_MS,
		context = {}
	}: { pollMs?: number; lifetimeMs?: number; context?: Record<string, unknown> } = {}
): Response {
	const encoder = new TextEncoder();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let closed = false;
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const startedAt = Date.now();
			let last = '';
			const close = () => {
				if (closed) return;
				closed = true;
				clearTimeout(timer);
				try {
					controller.close();
				} catch {
					// already closed by the client
				}
			};
			signal.addEventListener('abort', close);
			const tick = async () => {
				if (closed) return;
				try {
					const snapshot = await read();
					const { serverTime, ...figures } = snapshot;
					const key = JSON.stringify(figures);
					if (closed) return;
					if (key !== last) {
						last = key;
						controller.enqueue(
							encoder.encode(
								`event: snapshot\ndata: ${JSON.stringify({ serverTime, ...figures })}\n\n`
							)
						);
					} else {
						controller.enqueue(encoder.encode(`: ${serverTime}\n\n`));
					}
				} catch (e) {
					log.warn({ err: e, ...context }, 'snapshot stream read failed');
				}
				if (Date.now() - startedAt >= lifetimeMs) return close();
				timer = setTimeout(tick, pollMs);
			};
			controller.enqueue(encoder.encode(`retry: ${pollMs}\n\n`));
			void tick();
		},
		cancel() {
			closed = true;
			clearTimeout(timer);
		}
	});
	return new Response(stream, {
		headers: {
			'Content-Type': 'text/event-stream; charset=utf-8',
			'Cache-Control': 'no-store',
			'X-Accel-Buffering': 'no'
		}
	});
}
