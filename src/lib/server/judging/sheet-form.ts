import type { SubmitError, SubmitInput } from './sheets';

/*
 * A judge's sheet as the scoring page's plain form posts it (no JavaScript): `registrationId`,
 * one `p-<criterion id>` field per criterion, `comment` and the `clientId` the page was rendered
 * with (posting the same form twice stores it once). With JavaScript the page queues the sheet and
 * sends it as JSON to the `scores` endpoint instead; both end in `submitSheet`.
 */

export type SheetForm = { input: SubmitInput; points: Record<string, string>; comment: string };

export function sheetFromForm(form: FormData): SheetForm | null {
	const registrationId = Number(form.get('registrationId'));
	if (!Number.isSafeInteger(registrationId) || registrationId <= 0) return null;
	const points: Record<string, string> = {};
	for (const [key, value] of form) {
		const id = /^p-(\d{1,9})$/.exec(key)?.[1];
		// A decimal comma (Vietnamese keyboards) reads as a point.
		if (id && typeof value === 'string') points[id] = value.trim().replace(',', '.');
	}
	const comment = String(form.get('comment') ?? '');
	const clientId = form.get('clientId');
	return {
		input: {
			registrationId,
			points,
			comment,
			clientId: typeof clientId === 'string' ? clientId : null
		},
		points,
		comment
	};
}

/** The HTTP status of a refused sheet, for the form action and the JSON endpoint alike. */
export const sheetErrorStatus = (error: SubmitError) =>
	error === 'locked' ? 409 : error === 'not_found' ? 404 : 400;
