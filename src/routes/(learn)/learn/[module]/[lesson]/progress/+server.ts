import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { completeLesson, saveLessonPosition } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { db } from '$lib/server/db';

const beacon = z.strictObject({
	position: z.number().finite().optional(),
	completed: z.literal(true).optional()
});

/** The reader's beacon: where the learner is in the lesson, or that they reached its end. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = locals.user;
	if (!user) error(401, 'unauthorized');
	const found = getCatalog().lesson(params.module, params.lesson);
	if (!found) error(404, 'not_found');
	let parsed;
	try {
		parsed = beacon.safeParse(JSON.parse(await request.text()));
	} catch {
		error(400, 'bad_request');
	}
	if (!parsed.success) error(400, 'bad_request');
	if (parsed.data.completed) await completeLesson(db, user.id, found.lesson);
	else if (parsed.data.position !== undefined) {
		await saveLessonPosition(db, user.id, found.lesson, parsed.data.position);
	}
	return new Response(null, { status: 204 });
};
