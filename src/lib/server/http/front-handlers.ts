import type { Db } from '../db/client';
import { createAutosaveHandler, type FrontHandler } from '../quiz/autosave-node';
import { createActionHandler } from './action-node';

/**
 * How `scripts/start.js` finds the handlers that answer in front of SvelteKit (by this key, which
 * it spells out, and refuses to start without): the server bundle publishes them when SvelteKit
 * starts (the `init` hook), with the app's own database handle, so both paths share one pool and
 * the fast paths work on PostgreSQL and on the embedded database alike. They are the quiz
 * autosave (`autosave-node.ts`) and the enhanced contest start and attempt submit
 * (`action-node.ts`); each answers its own requests and leaves every other to SvelteKit.
 */
export const FRONT_HANDLERS_KEY = Symbol.for('bi-thu-gioi.front-handlers');

export type FrontHandlers = (options: { origin: string | null }) => FrontHandler;

export function publishFrontHandlers(db: Db, testClock: boolean) {
	const create: FrontHandlers = (options) => {
		const autosave = createAutosaveHandler(db, { ...options, testClock });
		const actions = createActionHandler(db, { ...options, testClock });
		return (req, res) => autosave(req, res) || actions(req, res);
	};
	(globalThis as Record<symbol, unknown>)[FRONT_HANDLERS_KEY] = create;
}
