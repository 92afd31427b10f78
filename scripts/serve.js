// The production HTTP server: adapter-node's own server (its build/index.js) redone as its
// documented "custom server", so that handlers in front of SvelteKit can answer a few hot
// requests first. Reads the same variables as adapter-node: SOCKET_PATH, HOST, PORT,
// SHUTDOWN_TIMEOUT, IDLE_TIMEOUT, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT and systemd's
// LISTEN_PID/LISTEN_FDS (ORIGIN, BODY_SIZE_LIMIT, ADDRESS_HEADER, XFF_DEPTH, PROTOCOL_HEADER,
// HOST_HEADER and PORT_HEADER are read by build/handler.js itself).
import { rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { format } from 'node:url';

/** @typedef {(req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void} NodeHandler */
/** @typedef {(req: http.IncomingMessage, res: http.ServerResponse) => boolean} FrontHandler */

const SD_LISTEN_FDS_START = 3;

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} name
 */
function seconds(env, name) {
	const raw = env[name];
	if (!raw) return undefined;
	if (!/^\d+$/.test(raw)) {
		throw new Error(
			`Invalid value for environment variable ${name}: ${JSON.stringify(raw)} (should be a non-negative integer)`
		);
	}
	return Number(raw);
}

/**
 * Starts the server. `front` sees every request first and returns true for those it answers;
 * all others go to `handler` (adapter-node's: static files, prerendered pages, SvelteKit).
 * On SIGTERM or SIGINT it stops accepting connections, lets requests in flight finish for up to
 * SHUTDOWN_TIMEOUT seconds, then emits `sveltekit:shutdown` (the app closes its database on it).
 *
 * @param {{ handler: NodeHandler, front?: FrontHandler | null, env?: NodeJS.ProcessEnv }} options
 */
export function serve({ handler, front = null, env = process.env }) {
	const path = env.SOCKET_PATH || false;
	const host = env.HOST ?? '0.0.0.0';
	const port = env.PORT ?? (path ? false : '3000');
	const shutdownTimeout = Number.parseInt(env.SHUTDOWN_TIMEOUT ?? '30');
	const idleTimeout = Number.parseInt(env.IDLE_TIMEOUT ?? '0');
	const listenPid = Number.parseInt(env.LISTEN_PID ?? '0');
	const listenFds = Number.parseInt(env.LISTEN_FDS ?? '0');
	if (listenPid !== 0 && listenPid !== process.pid) {
		throw new Error(`received LISTEN_PID ${listenPid} but current process id is ${process.pid}`);
	}
	if (listenFds > 1) {
		throw new Error(
			`only one socket is allowed for socket activation, but LISTEN_FDS was set to ${listenFds}`
		);
	}
	const socketActivation = listenPid === process.pid && listenFds === 1;

	const server = http.createServer((req, res) => {
		try {
			if (front?.(req, res)) return;
			handler(req, res, () => {
				res.statusCode = 404;
				res.end();
			});
		} catch (err) {
			console.error(err);
			if (!res.headersSent) res.writeHead(500);
			res.end();
		}
	});
	const keepAliveTimeout = seconds(env, 'KEEP_ALIVE_TIMEOUT');
	if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout * 1000;
	const headersTimeout = seconds(env, 'HEADERS_TIMEOUT');
	if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

	let requests = 0;
	/** @type {NodeJS.Timeout | undefined} */
	let shutdownTimer;
	/** @type {NodeJS.Timeout | undefined} */
	let idleTimer;

	/** @param {'SIGINT' | 'SIGTERM' | 'IDLE'} reason */
	function shutdown(reason) {
		if (shutdownTimer) return;
		// A keep-alive connection with no request would hold close() until it times out.
		server.closeIdleConnections();
		server.close((error) => {
			if (error) return;
			clearTimeout(shutdownTimer);
			clearTimeout(idleTimer);
			// @ts-expect-error custom events cannot be typed
			process.emit('sveltekit:shutdown', reason);
		});
		shutdownTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
	}

	server.on('request', (req) => {
		requests++;
		if (socketActivation && idleTimer) idleTimer = void clearTimeout(idleTimer);
		req.on('close', () => {
			requests--;
			// Shutting down: a connection whose request is done takes no further one.
			if (shutdownTimer) server.closeIdleConnections();
			if (requests === 0 && socketActivation && idleTimeout) {
				idleTimer = setTimeout(() => shutdown('IDLE'), idleTimeout * 1000);
			}
		});
	});

	const listening = () => {
		const address = server.address();
		const where =
			typeof address === 'string'
				? address
				: format({ protocol: 'http:', hostname: address?.address, port: address?.port });
		console.log(
			`Listening on ${socketActivation ? `file descriptor ${SD_LISTEN_FDS_START}` : where}`
		);
	};
	if (socketActivation) {
		server.listen({ fd: SD_LISTEN_FDS_START }, listening);
	} else {
		if (path) {
			try {
				if (statSync(path).size === 0) rmSync(path);
			} catch {
				// no stale socket file
			}
		}
		server.listen(path ? { path } : { host, port: Number(port) }, listening);
	}

	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
	return { server, shutdown };
}
