// The production server: `npm start`, `node scripts/start.js`, the browser tests and the
// benchmark all run the built app (build/) through it. Every default below can be overridden by
// the environment; see README "Configuration".
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { serve } from './serve.js';

process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
// ORIGIN is the public address users type; form posts from any other origin are refused (CSRF).
// Set ORIGIN=https://your.domain in production. Without it (the embedded default, a laptop in a
// commune office) the app's address is whichever of this machine's addresses the request was
// made to (localhost, 127.0.0.1, the LAN address), over plain HTTP: adapter-node would otherwise
// assume https, so the protocol is passed in a header that this server sets on every request
// (whatever the client sent in it).
const LOCAL_PROTOCOL_HEADER = 'x-bi-thu-gioi-protocol';
const originFromRequest = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (originFromRequest) process.env.PROTOCOL_HEADER = LOCAL_PROTOCOL_HEADER;
// Imports of people and questions send files up to 5 MB; adapter-node's default limit is 512 kB.
process.env.BODY_SIZE_LIMIT ??= '6M';
// On SIGTERM, finish requests in flight for up to 30 s before exiting (rolling deploys).
process.env.SHUTDOWN_TIMEOUT ??= '30';

if (!existsSync('build/handler.js')) {
	console.error('No build found: run "npm run build" first (npm start does it for you).');
	process.exit(1);
}
// Importing the handler starts the app: database opened and migrated, background tasks running.
const { handler } = await import('../build/handler.js');
// Quiz autosaves, the enhanced contest start and the scripted attempt submit are answered in
// front of SvelteKit, by the same code as their routes and with the app's database (published by
// the app's `init` hook: src/lib/server/http/front-handlers.ts).
const createFront = globalThis[Symbol.for('bi-thu-gioi.front-handlers')];
if (typeof createFront !== 'function') {
	throw new Error('The build did not publish its front handlers: rebuild with "npm run build".');
}
/** @type {import('./serve.js').NodeHandler} */
const withLocalProtocol = (req, res, next) => {
	req.headers[LOCAL_PROTOCOL_HEADER] = 'http';
	handler(req, res, next);
};
const { server } = serve({
	handler: originFromRequest ? withLocalProtocol : handler,
	front: createFront({ origin: process.env.ORIGIN || null })
});
if (originFromRequest) server.once('listening', () => printAddresses(server.address()));

/**
 * Without ORIGIN, every address the app answers at: the one to type on this machine and those
 * other devices on the network use (a LAN address).
 * @param {ReturnType<import('node:http').Server['address']>} address
 */
function printAddresses(address) {
	if (!address || typeof address === 'string') return;
	const host = process.env.HOST ?? '0.0.0.0';
	const everywhere = ['0.0.0.0', '::', ''].includes(host);
	const lan = everywhere
		? Object.values(networkInterfaces())
				.flat()
				.filter((a) => a && !a.internal && a.family === 'IPv4')
				.map((a) => a?.address)
		: [host];
	const url = (/** @type {string | undefined} */ h) => `http://${h}:${address.port}`;
	console.log(
		[
			'',
			`Open the app on this computer at ${url('localhost')} (or ${url('127.0.0.1')}).`,
			...(lan.length > 0
				? [
						'From other devices on the network, use:',
						...lan.filter((h) => h !== 'localhost').map((h) => `  ${url(h)}`)
					]
				: []),
			'Sign-in works at any of these addresses. For a public address (a domain name, HTTPS),',
			'set ORIGIN, e.g. ORIGIN=https://bithugioi.example.vn: only that one is then accepted.',
			''
		].join('\n')
	);
}
