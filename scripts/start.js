// Starts the built app (build/) with sensible defaults for the embedded setup. Every default can be
// overridden by the environment; see README "Configuration".
import { existsSync } from 'node:fs';

process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
// The public address users type. Form posts from any other origin are refused (CSRF), and
// adapter-node would otherwise assume https. Set ORIGIN=https://your.domain in production.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Imports of people and questions send files up to 5 MB; adapter-node's default limit is 512 kB.
process.env.BODY_SIZE_LIMIT ??= '6M';
// On SIGTERM, finish requests in flight for up to 30 s before exiting (rolling deploys).
process.env.SHUTDOWN_TIMEOUT ??= '30';

if (!existsSync('build/index.js')) {
	console.error('No build found: run "npm run build" first (npm start does it for you).');
	process.exit(1);
}
await import('../build/index.js');
