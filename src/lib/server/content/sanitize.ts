import sanitizeHtml from 'sanitize-html';

export const CALLOUT_KINDS = ['note', 'example', 'warning', 'tip', 'important', 'caution'] as const;
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

const options: sanitizeHtml.IOptions = {
	allowedTags: [
		'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'a', 'strong', 'em', 'del', 's', 'code',
		'pre', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
		'aside', 'div', 'span', 'sup', 'sub', 'mark'
	],
	allowedAttributes: {
		a: ['href', 'title', 'rel', 'class', 'aria-label'],
		h2: ['id'],
		h3: ['id'],
		h4: ['id'],
		h5: ['id'],
		h6: ['id'],
		img: ['src', 'alt', 'title', 'loading', 'decoding'],
		th: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
		td: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
		ol: ['start'],
		aside: ['class', 'role', 'aria-label'],
		div: [
			'class',
			'aria-label',
			{ name: 'role', multiple: false, values: ['region'] },
			{ name: 'tabindex', multiple: false, values: ['0'] }
		],
		p: ['class'],
		pre: [{ name: 'tabindex', multiple: false, values: ['0'] }],
		span: ['class', 'aria-hidden']
	},
	allowedClasses: {
		a: ['anchor'],
		aside: ['callout', ...CALLOUT_KINDS.map((k) => `callout-${k}`)],
		div: ['table-wrap'],
		p: ['callout-title'],
		span: ['anchor-mark', 'task']
	},
	allowedSchemes: ['http', 'https', 'mailto'],
	// Images come only from this site (the renderer rewrites them to the module's image route).
	allowedSchemesByTag: { img: [] },
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	exclusiveFilter: (frame) =>
		(frame.tag === 'img' && !/^\/(?!\/)/.test(frame.attribs.src ?? '')) ||
		// Paragraphs left empty once raw HTML is removed.
		(frame.tag === 'p' && !frame.text.trim() && frame.mediaChildren.length === 0),
	transformTags: {
		a: (tagName, attribs) => {
			const external = /^https?:/i.test(attribs.href ?? '');
			return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer' } : attribs };
		}
	}
};

/**
 * The last step before any content HTML reaches `{@html}`: only the tags, attributes, classes and
 * URL schemes the renderer itself produces survive; scripts, handlers and foreign URLs do not.
 */
export function sanitizeContentHtml(html: string): string {
	return sanitizeHtml(html, options);
}
