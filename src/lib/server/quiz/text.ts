import { renderShortMarkdown } from '../content/markdown';

const rendered = new Map<string, string>();
const MAX_ENTRIES = 20_000;

/**
 * Question text (a stem, an option, an explanation: short Markdown) as sanitized HTML. A question
 * version never changes, so each text is rendered once per process, not on every page view.
 */
export function questionHtml(markdown: string): string {
	let html = rendered.get(markdown);
	if (html === undefined) {
		html = renderShortMarkdown(markdown);
		if (rendered.size >= MAX_ENTRIES) rendered.delete(rendered.keys().next().value!);
		rendered.set(markdown, html);
	}
	return html;
}
