// The app process of bench:crash: started, killed and restarted at will, its exits watched.
import type { ChildProcess } from 'node:child_process';
import { log, startProcess } from './app';

/** SHUTDOWN_TIMEOUT (30 s) for requests in flight, 5 s to close the database, and a margin. */
export const STOP_LIMIT_MS = 40_000;

const seconds = (ms: number) => Math.round(ms) / 1000;

/** The production entry (`node scripts/start.js`, what `npm start` runs) with `env`. */
export function appProcess(env: Record<string, string>, clock: () => number) {
	let proc: ChildProcess | undefined;
	/** Exits we did not cause: a finding, printed with the tail of the app's output. */
	const unexpectedExits: { atSeconds: number; code: number | null; signal: string | null }[] = [];
	const alive = () => !!proc && proc.exitCode === null && proc.signalCode === null;

	async function launch() {
		const started = await startProcess('node', ['scripts/start.js'], env);
		let tail = '';
		const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-4000));
		started.stdout!.on('data', keep);
		started.stderr!.on('data', keep);
		started.on('exit', (code, signal) => {
			if (started.killed) return;
			unexpectedExits.push({ atSeconds: seconds(clock()), code, signal });
			log(`FINDING: the app exited by itself (code ${code}, signal ${signal}); its last output:`);
			console.log(tail);
		});
		proc = started;
		return started;
	}

	return {
		launch,
		alive,
		current: () => proc,
		unexpectedExits,
		/** kill -9: no shutdown, requests in flight cut. */
		async kill() {
			if (!alive()) return;
			const exited = new Promise((resolve) => proc!.once('exit', resolve));
			proc!.kill('SIGKILL');
			await exited;
		},
		/** SIGTERM, as a deploy does: seconds until it exited, or null (then SIGKILL) past the limit. */
		async stop() {
			if (!alive()) return 0;
			const running = proc!;
			const sentAt = performance.now();
			const exited = new Promise((resolve) => running.once('exit', resolve));
			running.kill('SIGTERM');
			let timer: ReturnType<typeof setTimeout> | undefined;
			const limit = new Promise<false>((resolve) => {
				timer = setTimeout(resolve, STOP_LIMIT_MS, false);
			});
			const done = await Promise.race([exited.then(() => true), limit]);
			clearTimeout(timer);
			if (done) return seconds(performance.now() - sentAt);
			running.kill('SIGKILL');
			await exited;
			return null;
		},
		/** For an exit of the bench itself (error, Ctrl-C): synchronous. */
		killNow: () => void (alive() && proc!.kill('SIGKILL'))
	};
}
