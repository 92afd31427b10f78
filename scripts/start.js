// The production server: `npm start`, `node scripts/start.js`, the browser tests and the
// benchmark all run the built app (build/) through it. Every default below can be overridden by
// the environment; see README "Configuration".
import { existsSync } from 'node:fs';
import { serve } from './serve.js';

process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
// The public address users type. Form posts from any other origin are refused (CSRF), and
// adapter-node would otherwise assume https. Set ORIGIN=https://your.domain in production.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
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
// Quiz autosaves are answered in front of SvelteKit, by the same code as its route and with the
// app's database (published by the app's `init` hook: src/lib/server/quiz/autosave-node.ts).
const createFront = globalThis[Symbol.for('bi-thu-gioi.front-handlers')];
if (typeof createFront !== 'function') {
	throw new Error('The build did not publish its front handlers: rebuild with "npm run build".');
}
serve({ handler, front: createFront({ origin: process.env.ORIGIN }) });
