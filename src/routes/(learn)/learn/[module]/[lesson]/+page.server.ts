import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { contentLanguage } from '$lib/server/content/language';
import { lessonPage } from '$lib/server/content/pages';
import { completeLesson, lessonProgressRow } from '$lib/server/content/progress';
import { getCatalog } from '$lib/server/content/store';
import { db } from '$lib/server/db';

// Lessons are server-rendered without the client app: a small script (reader.js) adds progress,
// resume and offline reading. Everything, including "mark as done", works without JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const catalog = getCatalog();
	const found = catalog.lesson(params.module, params.lesson);
	if (!found) error(404, 'not_found');
	const row = await lessonProgressRow(db, user.id, found.lesson.id);
	const page = lessonPage(catalog, params.module, params.lesson, row, contentLanguage());
	if (!page) error(404, 'not_found');
	return page;
};

export const actions: Actions = {
	complete: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		const found = getCatalog().lesson(params.module, params.lesson);
		if (!found) error(404, 'not_found');
		await completeLesson(db, user.id, found.lesson);
		redirect(303, `${url.pathname}#lesson-end`);
	}
};
