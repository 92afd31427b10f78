export type FeedbackLang = 'vi' | 'en';

const WHY = {
	vi: { right: (o: string) => `Vì sao chọn “${o}”`, wrong: (o: string) => `Vì sao không chọn “${o}”` },
	en: { right: (o: string) => `Why “${o}”`, wrong: (o: string) => `Why not “${o}”` }
};

/** A sentence ends with a stop, so joined pieces still read as sentences. */
const sentence = (text: string) => (/[.!?…:;)"”]$/.test(text) ? text : `${text}.`);

/**
 * One explanation from a file's general feedback and its per-answer feedback. Options are named
 * by their text, not their letter: quizzes shuffle options, so "B" would point at another one.
 */
export function composeExplanation(
	general: string,
	options: { text: string; checked: boolean; feedback?: string }[],
	lang: FeedbackLang
): string | undefined {
	const pieces = general ? [sentence(general)] : [];
	for (const o of options) {
		if (!o.feedback) continue;
		const why = o.checked ? WHY[lang].right(o.text) : WHY[lang].wrong(o.text);
		pieces.push(sentence(`${why}: ${o.feedback}`));
	}
	return pieces.length > 0 ? pieces.join(' ') : undefined;
}
