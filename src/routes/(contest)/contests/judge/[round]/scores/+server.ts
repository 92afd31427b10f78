import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { idParam } from '$lib/server/contests/organizer-access';
import { judgeSeat } from '$lib/server/judging/seats';
import { submitSheet } from '$lib/server/judging/sheets';
import { sheetErrorStatus } from '$lib/server/judging/sheet-form';

const MAX_BODY = 16_000;

/**
 * A judge's sheet for one candidate, as JSON (the phone's queue sends it, again after a network
 * drop; the same `clientId` twice stores it once). 401 signed out, 404 off the panel.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) return json({ error: 'unauthorized' }, { status: 401 });
	const id = idParam(params.round);
	const seat = id ? await judgeSeat(db, locals.user, id) : null;
	if (!seat) return json({ error: 'not_found' }, { status: 404 });
	const text = await request.text();
	if (text.length > MAX_BODY) return json({ error: 'too_large' }, { status: 413 });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return json({ error: 'invalid' }, { status: 400 });
	}
	const b = (body ?? {}) as Record<string, unknown>;
	const registrationId = typeof b.registrationId === 'number' ? b.registrationId : NaN;
	const points =
		b.points && typeof b.points === 'object' ? (b.points as Record<string, unknown>) : null;
	if (!Number.isSafeInteger(registrationId) || !points) {
		return json({ error: 'invalid' }, { status: 400 });
	}
	const result = await submitSheet(
		db,
		seat,
		{
			registrationId,
			points,
			comment: typeof b.comment === 'string' ? b.comment : '',
			clientId: typeof b.clientId === 'string' ? b.clientId : null
		},
		locals.receivedAt
	);
	if (!result.ok) return json({ error: result.error }, { status: sheetErrorStatus(result.error) });
	return json(result);
};
