import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';

// The production server (scripts/serve.js) in a child process, with stand-ins for SvelteKit's
// handler (/slow answers after 800 ms, /hang never) and for the handlers in front of it (/front).
const child = `
import { serve } from ${JSON.stringify(new URL('./serve.js', import.meta.url).href)};
serve({
	handler: (req, res) => {
		if (req.url === '/slow') return setTimeout(() => res.end('slow done'), 800);
		if (req.url === '/hang') return;
		res.end('sveltekit ' + req.method + ' ' + req.url);
	},
	front: (req, res) => {
		if (req.url !== '/front') return false;
		res.end('front');
		return true;
	}
});
process.on('sveltekit:shutdown', (reason) => console.log('shutdown event: ' + reason));
`;

type Server = { proc: ChildProcess; port: number; output: () => string; exited: Promise<number> };
let running: Server | undefined;

function startServer(env: Record<string, string> = {}): Promise<Server> {
	return new Promise((resolve, reject) => {
		const proc = spawn(process.execPath, ['--input-type=module', '-e', child], {
			env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		const exited = new Promise<number>((done) => proc.on('exit', (code) => done(code ?? -1)));
		proc.stderr!.on('data', (d) => (output += d));
		proc.stdout!.on('data', (d) => {
			output += d;
			const port = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
			if (port && !running) {
				running = { proc, port: Number(port), output: () => output, exited };
				resolve(running);
			}
		});
		exited.then((code) => reject(new Error(`server exited (${code}): ${output}`)));
	});
}

function get(port: number, path: string, agent?: http.Agent) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		http
			.get({ host: '127.0.0.1', port, path, agent }, (res) => {
				let body = '';
				res.on('data', (c) => (body += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
	if (running && running.proc.exitCode === null) running.proc.kill('SIGKILL');
	running = undefined;
});

describe('the production server entry', () => {
	it('answers what the front handlers claim and passes everything else to SvelteKit', async () => {
		const { port } = await startServer();
		expect(await get(port, '/front')).toEqual({ status: 200, body: 'front' });
		expect(await get(port, '/learn?x=1')).toEqual({
			status: 200,
			body: 'sveltekit GET /learn?x=1'
		});
	});

	it('on SIGTERM finishes the request in flight, refuses new connections, then shuts the app down', async () => {
		const server = await startServer();
		const idle = new http.Agent({ keepAlive: true });
		await get(server.port, '/front', idle); // leaves an idle keep-alive connection open
		const started = performance.now();
		const inFlight = get(server.port, '/slow');
		await wait(150);
		server.proc.kill('SIGTERM');
		await wait(150);
		await expect(get(server.port, '/front')).rejects.toThrow(/ECONNREFUSED/);
		expect(await inFlight).toEqual({ status: 200, body: 'slow done' });
		expect(await server.exited).toBe(0);
		// Neither the idle keep-alive connection nor the 30 s timeout held the exit back.
		expect(performance.now() - started).toBeLessThan(5000);
		expect(server.output()).toContain('shutdown event: SIGTERM');
		idle.destroy();
	});

	it('cuts a request still running after SHUTDOWN_TIMEOUT seconds, then shuts down', async () => {
		const server = await startServer({ SHUTDOWN_TIMEOUT: '1' });
		const hanging = get(server.port, '/hang').catch((e: Error) => e.message);
		await wait(100);
		const started = performance.now();
		server.proc.kill('SIGTERM');
		expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
		expect(await server.exited).toBe(0);
		expect(performance.now() - started).toBeGreaterThan(900);
		expect(server.output()).toContain('shutdown event: SIGTERM');
	});
});
