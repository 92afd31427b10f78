// The front autosave handler on a real HTTP server, and a practice attempt to save into, for the
// autosave tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { createSession } from '../../auth/session';
import type { Db } from '../../db/client';
import { attemptQuestions, attempts } from '../../db/schema';
import type { createAutosaveHandler } from '../autosave-node';
import { startPracticeAttempt } from '../practice';
import { createQuizModule, createQuizUser } from './fixtures';

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
export type Send = {
	method?: string;
	path: string;
	headers?: Record<string, string>;
	body?: string;
	/** Sent this long after the headers (a slow upload). */
	bodyDelayMs?: number;
	chunked?: boolean;
};

export const answer = (seq = 1, position = 1) => ({ position, seq, selected: [0], flagged: false });
export const saves = (...items: ReturnType<typeof answer>[]) => JSON.stringify({ saves: items });

/** The handler on a real HTTP server; what it does not claim is answered 599 "passed on". */
export function startServer(handle: ReturnType<typeof createAutosaveHandler>) {
	const server = http.createServer((req, res) => {
		if (handle(req, res)) return;
		req.resume();
		res.writeHead(599).end('passed on');
	});
	const listening = new Promise<number>((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
	);
	const send = async (r: Send): Promise<Reply> => {
		const port = await listening;
		return new Promise((resolve, reject) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port,
					method: r.method ?? 'POST',
					path: r.path,
					headers: {
						'content-type': 'application/json',
						...(r.body !== undefined && !r.chunked
							? { 'content-length': Buffer.byteLength(r.body) }
							: {}),
						...r.headers
					}
				},
				(res) => {
					let body = '';
					res.setEncoding('utf8');
					res.on('data', (c) => (body += c));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
				}
			);
			req.on('error', reject);
			if (r.body === undefined) return void req.end();
			req.flushHeaders();
			setTimeout(() => req.end(r.body), r.bodyDelayMs ?? 0);
		});
	};
	return { send, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A signed-in learner's fresh practice attempt, its answer store and its deadline. */
export function autosaveWorld(db: () => Db) {
	const setup = async () => {
		const { module } = await createQuizModule(db());
		const user = await createQuizUser(db());
		const r = await startPracticeAttempt(db(), { userId: user.id, module });
		if (!r.ok) throw new Error(r.reason);
		const { token } = await createSession(db(), user.id);
		return { attemptId: r.attemptId, token, path: `/attempts/${r.attemptId}/answers` };
	};
	const storedSeq = async (attemptId: string, position = 1) => {
		const [row] = await db()
			.select({ seq: attemptQuestions.seq })
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attemptId))
			.orderBy(attemptQuestions.position)
			.offset(position - 1)
			.limit(1);
		return row.seq;
	};
	const moveDeadline = (attemptId: string, deadline: Date) =>
		db().update(attempts).set({ deadline }).where(eq(attempts.id, attemptId));
	return { setup, storedSeq, moveDeadline };
}
