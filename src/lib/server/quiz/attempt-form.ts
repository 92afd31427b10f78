import type { AnswerSave } from './save';
import { answerSaveSchema, TEXT_TOO_LONG } from './save';

/**
 * The answers on a page of the attempt form (the no-JavaScript path): for each question shown,
 * `pos`, its sequence number `seq-<pos>`, the chosen options `answer-<pos>` and `flag-<pos>`, or
 * an essay's text `text-<pos>`. Anything malformed is not saved, and counted in `malformed` so
 * the page can say so (never dropped silently); an essay over the limit also in `tooLong`, so the
 * page can say the limit. The save itself checks the rest.
 */
export function answersFromForm(form: FormData): {
	saves: AnswerSave[];
	malformed: number;
	tooLong: number;
} {
	const saves: AnswerSave[] = [];
	let malformed = 0;
	let tooLong = 0;
	for (const raw of form.getAll('pos')) {
		const position = Number(raw);
		const parsed = answerSaveSchema.safeParse({
			position,
			seq: Number(form.get(`seq-${position}`)),
			selected: form.getAll(`answer-${position}`).map(Number),
			flagged: form.has(`flag-${position}`),
			text: form.has(`text-${position}`) ? String(form.get(`text-${position}`)) : undefined
		});
		if (parsed.success) saves.push(parsed.data);
		else {
			malformed++;
			if (parsed.error.issues.some((i) => i.message === TEXT_TOO_LONG)) tooLong++;
		}
	}
	return { saves, malformed, tooLong };
}

/**
 * The query of the page a form button leads to: a question number (`go=<n>`), all questions on
 * one page (`go=all`), or the submit confirmation. The page clamps the number itself.
 */
export function pageAfter(
	form: FormData,
	extra: { confirm?: boolean; refused?: boolean; tooLong?: boolean } = {}
) {
	const query = new URLSearchParams();
	const go = String(form.get('go') ?? form.get('back') ?? '');
	if (go === 'all') query.set('view', 'all');
	else if (/^\d{1,4}$/.test(go)) query.set('q', go);
	if (form.get('view') === 'all') query.set('view', 'all');
	if (extra.confirm) query.set('confirm', '');
	if (extra.refused) query.set('refused', '');
	if (extra.tooLong) query.set('too_long', '');
	const text = query.toString().replace(/=(&|$)/g, '$1');
	return text ? `?${text}` : '';
}
