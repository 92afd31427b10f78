import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { database, db } from '$lib/server/db';
import { checkHealth } from '$lib/server/health';

/** Liveness and database check for the load balancer and monitoring: no sign-in, JSON, 200 or 503. */
export const GET: RequestHandler = async () => {
	const health = await checkHealth(db, database.config.driver);
	return json(health.body, { status: health.status, headers: { 'cache-control': 'no-store' } });
};
