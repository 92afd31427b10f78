import http from 'node:http';

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

/** A keep-alive HTTP client with at most `connections` sockets, like a pool of browsers. */
export function client(base: string, connections: number) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
	const url = new URL(base);
	function request(
		method: string,
		path: string,
		options: { headers?: Record<string, string>; body?: string } = {}
	): Promise<Reply> {
		const started = performance.now();
		return new Promise((resolve, reject) => {
			const req = http.request(
				{
					host: url.hostname,
					port: url.port,
					method,
					path,
					agent,
					headers: {
						...(options.body ? { 'content-length': Buffer.byteLength(options.body) } : {}),
						...options.headers
					}
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							headers: res.headers,
							body: Buffer.concat(chunks).toString('utf8'),
							ms: performance.now() - started
						})
					);
					res.on('error', reject);
				}
			);
			req.on('error', reject);
			if (options.body) req.write(options.body);
			req.end();
		});
	}
	return { request, close: () => agent.destroy() };
}

/** Runs `work` over the items with at most `concurrency` in flight. */
export async function pool<T>(
	items: T[],
	concurrency: number,
	work: (item: T, i: number) => Promise<void>
) {
	let next = 0;
	const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			await work(items[i], i);
		}
	});
	await Promise.all(runners);
}

export type Stats = { count: number; p50: number; p95: number; p99: number; max: number };

export function stats(latencies: number[]): Stats {
	const sorted = [...latencies].sort((a, b) => a - b);
	const at = (p: number) =>
		sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		count: sorted.length,
		p50: round(at(50)),
		p95: round(at(95)),
		p99: round(at(99)),
		max: round(sorted.at(-1) ?? 0)
	};
}
