import type { ImportedQuestion } from './types';

export type BankDefaults = {
	lang: 'vi' | 'en';
	/** Keys are prefix + a three-digit number, from `start`, for questions without their own key. */
	keyPrefix: string;
	start: number;
	topic?: string;
	difficulty?: string;
	sources?: string;
};

const LABELS = {
	vi: { explanation: 'Giải thích:', sources: 'Nguồn:', true: 'Đúng', false: 'Sai' },
	en: { explanation: 'Explanation:', sources: 'Source:', true: 'True', false: 'False' }
};

/** Keeps imported text from being read as bank syntax (a line starting "## " or "- [x]"). */
function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

function stemText(text: string): string {
	return text
		.split('\n')
		.map((l) => l.replace(/^(\s*)(#{1,6}\s|[-*+]\s+\[[ xX]\])/, '$1\\$2'))
		.join('\n')
		.trim();
}

/**
 * Writes imported questions as a question bank in the content format. Fields the source file
 * lacked (topic, difficulty, explanation, sources) are left empty on purpose: content:check then
 * lists each one until a trainer fills it in.
 */
export function toQuestionBank(questions: ImportedQuestion[], defaults: BankDefaults): string {
	const labels = LABELS[defaults.lang];
	let n = defaults.start;
	const blocks = questions.map((q) => {
		const key = q.key ?? `${defaults.keyPrefix}${String(n++).padStart(3, '0')}`;
		const attributes = [
			(q.topic ?? defaults.topic) && `topic=${q.topic ?? defaults.topic}`,
			(q.difficulty ?? defaults.difficulty) && `difficulty=${q.difficulty ?? defaults.difficulty}`
		].filter(Boolean);
		const heading = `## ${key}${attributes.length ? ` {${attributes.join(' ')}}` : ''}`;
		const isTrueFalse =
			q.options.length === 2 && q.options[0].text === 'Đúng' && q.options[1].text === 'Sai';
		const options = q.options.map((o, i) => {
			const text = isTrueFalse ? (i === 0 ? labels.true : labels.false) : oneLine(o.text);
			return `- [${o.checked ? 'x' : ' '}] ${text}`;
		});
		const explanation = `${labels.explanation} ${oneLine(q.explanation ?? '')}`.trimEnd();
		const sources = `${labels.sources} ${oneLine(q.sources ?? defaults.sources ?? '')}`.trimEnd();
		return [heading, '', stemText(q.stem), '', ...options, '', explanation, '', sources].join('\n');
	});
	return blocks.join('\n\n') + '\n';
}
