import { Marked, Renderer, type Token, type Tokens } from 'marked';
import { foldVietnamese } from '../text/fold';
import type { IssueList } from './issues';
import { CALLOUT_KINDS, sanitizeContentHtml, type CalloutKind } from './sanitize';
import type { ContentLanguage, RenderedDocument, TocEntry } from './types';

export type Resolution = { url: string } | { error: string };

/** Turns the relative links and images an author wrote into site URLs, or says why it cannot. */
export type LinkResolver = {
	link(href: string): Resolution;
	image(src: string): Resolution;
};

export type RenderContext = {
	file: string;
	/** Line of the body's first line in the file, so findings point at the right place. */
	firstLine: number;
	lang: ContentLanguage;
	issues: IssueList;
	resolve: LinkResolver;
};

const CALLOUT_LABELS: Record<ContentLanguage, Record<CalloutKind, string>> = {
	vi: {
		note: 'Lưu ý',
		example: 'Ví dụ',
		warning: 'Cảnh báo',
		tip: 'Mẹo',
		important: 'Quan trọng',
		caution: 'Thận trọng'
	},
	en: {
		note: 'Note',
		example: 'Example',
		warning: 'Warning',
		tip: 'Tip',
		important: 'Important',
		caution: 'Caution'
	}
};

const ANCHOR_LABEL: Record<ContentLanguage, string> = {
	vi: 'Liên kết đến mục này',
	en: 'Link to this section'
};

const TABLE_LABEL: Record<ContentLanguage, (n: number) => string> = {
	vi: (n) => `Bảng ${n} (có thể cuộn ngang)`,
	en: (n) => `Table ${n} (scrolls sideways)`
};

const WORDS_PER_MINUTE = 200;

type CalloutToken = Tokens.Blockquote & { callout?: CalloutKind };
type HeadingToken = Tokens.Heading & { anchor?: string };

export function slugify(text: string): string {
	return foldVietnamese(text)
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
}

const CALLOUT_MARKER = /^\[!([A-Za-z]+)\][ \t]*(?:\n|$)/;

/**
 * Walks the token tree once before rendering: rewrites links and images to site URLs, marks
 * callouts, gives headings unique ids, and reports what does not resolve with its line.
 */
function prepareTokens(
	marked: Marked,
	tokens: Token[],
	source: string,
	offset: number,
	ctx: RenderContext,
	state: { ids: Set<string>; toc: TocEntry[]; anchors: { href: string; line: number }[] }
) {
	let cursor = offset;
	const lineAt = (index: number) =>
		ctx.firstLine + source.slice(0, Math.max(0, index)).split('\n').length - 1;
	for (const token of tokens) {
		const found = token.raw ? source.indexOf(token.raw, cursor) : -1;
		const start = found >= 0 ? found : cursor;
		if (found >= 0) cursor = found + token.raw.length;
		const line = lineAt(start);

		if (token.type === 'blockquote') {
			const quote = token as CalloutToken;
			const marker = CALLOUT_MARKER.exec(quote.text);
			if (marker) {
				const kind = marker[1].toLowerCase() as CalloutKind;
				if ((CALLOUT_KINDS as readonly string[]).includes(kind)) {
					quote.callout = kind;
					quote.tokens = marked.lexer(quote.text.slice(marker[0].length));
				} else {
					ctx.issues.error(
						ctx.file,
						line,
						`unknown callout [!${marker[1]}] (use ${CALLOUT_KINDS.map((k) => k.toUpperCase()).join(', ')})`
					);
				}
			}
		} else if (token.type === 'heading') {
			const heading = token as HeadingToken;
			const text = tokensToText(heading.tokens);
			const base = slugify(text) || 'muc';
			let id = base;
			for (let n = 2; state.ids.has(id); n++) id = `${base}-${n}`;
			state.ids.add(id);
			heading.anchor = id;
			const depth = Math.max(2, heading.depth);
			if (depth <= 3) state.toc.push({ id, text, depth });
		} else if (token.type === 'link') {
			const link = token as Tokens.Link;
			if (link.href.startsWith('#')) {
				state.anchors.push({ href: link.href.slice(1), line });
			} else {
				const resolved = ctx.resolve.link(link.href);
				if ('error' in resolved) ctx.issues.error(ctx.file, line, resolved.error);
				else link.href = resolved.url;
			}
		} else if (token.type === 'image') {
			const image = token as Tokens.Image;
			if (!image.text.trim()) {
				ctx.issues.error(ctx.file, line, `image ${image.href} needs alt text: ![what it shows](${image.href})`);
			}
			const resolved = ctx.resolve.image(image.href);
			if ('error' in resolved) {
				ctx.issues.error(ctx.file, line, resolved.error);
				image.href = '';
			} else image.href = resolved.url;
		} else if (token.type === 'html') {
			ctx.issues.warn(ctx.file, line, 'raw HTML is not allowed and is removed when rendered');
		}

		const children: Token[][] = [];
		if ('tokens' in token && Array.isArray(token.tokens)) children.push(token.tokens);
		if (token.type === 'list') children.push((token as Tokens.List).items);
		if (token.type === 'table') {
			const table = token as Tokens.Table;
			children.push(table.header.flatMap((c) => c.tokens));
			for (const row of table.rows) children.push(row.flatMap((c) => c.tokens));
		}
		for (const list of children) prepareTokens(marked, list, source, start, ctx, state);
	}
}

/** The visible text of inline tokens (raw HTML left out, as the renderer leaves it out). */
function tokensToText(tokens: Token[]): string {
	return tokens
		.map((t) => {
			if (t.type === 'html') return '';
			if ('tokens' in t && Array.isArray(t.tokens)) return tokensToText(t.tokens);
			return 'text' in t && typeof t.text === 'string' ? t.text : '';
		})
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Text of sanitized HTML, for search and word counts (heading anchors and tags removed). */
export function htmlToText(html: string): string {
	return html
		.replace(/<a class="anchor"[^>]*>[\s\S]*?<\/a>/g, '')
		.replace(/<\/(p|h\d|li|tr|pre|blockquote|aside|div|table)>/g, '\n')
		.replace(/<br\s*\/?>/g, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (all, name: string) => {
			if (ENTITIES[name] !== undefined) return ENTITIES[name];
			if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
			if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
			return all;
		})
		.replace(/[ \t]+/g, ' ')
		.replace(/ ?\n[\s]*/g, '\n')
		.trim();
}

function createMarked(lang: ContentLanguage): Marked {
	const marked = new Marked({ gfm: true, breaks: false });
	let tables = 0;
	marked.use({
		renderer: {
			heading(token) {
				const { anchor } = token as HeadingToken;
				const level = Math.max(2, Math.min(6, token.depth));
				const inner = this.parser.parseInline(token.tokens);
				const label = ANCHOR_LABEL[lang];
				return `<h${level} id="${anchor}">${inner} <a class="anchor" href="#${anchor}" aria-label="${label}"><span class="anchor-mark" aria-hidden="true">#</span></a></h${level}>\n`;
			},
			blockquote(token) {
				const { callout } = token as CalloutToken;
				const inner = this.parser.parse(token.tokens);
				if (!callout) return `<blockquote>\n${inner}</blockquote>\n`;
				const label = CALLOUT_LABELS[lang][callout];
				// Authors often start the text with the label itself ("Lưu ý: …"); do not repeat it.
				const first = foldVietnamese(htmlToText(inner)).slice(0, 40);
				const title = first.startsWith(foldVietnamese(label))
					? ''
					: `<p class="callout-title">${label}</p>`;
				return `<aside class="callout callout-${callout}" role="note" aria-label="${label}">${title}${inner}</aside>\n`;
			},
			table(token) {
				// Focusable, so a keyboard can scroll a wide table on a phone; numbered, so each
				// region has its own name.
				const label = TABLE_LABEL[lang](++tables);
				return `<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${Renderer.prototype.table.call(this, token)}</div>\n`;
			},
			code(token) {
				// Long lines scroll inside the block; focusable so a keyboard can scroll it too.
				return Renderer.prototype.code.call(this, token).replace(/^<pre>/, '<pre tabindex="0">');
			},
			tablecell(token) {
				// An empty corner header cell is not a header (screen readers would announce nothing).
				if (token.header && token.tokens.length === 0) return '<td></td>\n';
				return false;
			},
			// A checklist in a lesson is something to read, not a form: a mark, not a checkbox.
			checkbox({ checked }) {
				return `<span class="task" aria-hidden="true">${checked ? '☑' : '☐'}</span> `;
			},
			image({ href, text, title }) {
				if (!href) return '';
				const t = title ? ` title="${escapeAttr(title)}"` : '';
				return `<img src="${escapeAttr(href)}" alt="${escapeAttr(text)}"${t} loading="lazy" decoding="async">`;
			},
			html() {
				return '';
			}
		}
	});
	return marked;
}

function escapeAttr(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders a lesson body to sanitized HTML with heading anchors, callouts and a table of contents. */
export function renderMarkdown(body: string, ctx: RenderContext): RenderedDocument {
	const marked = createMarked(ctx.lang);
	const tokens = marked.lexer(body);
	const state = { ids: new Set<string>(), toc: [] as TocEntry[], anchors: [] as { href: string; line: number }[] };
	prepareTokens(marked, tokens, body, 0, ctx, state);
	for (const anchor of state.anchors) {
		if (!state.ids.has(decodeURIComponent(anchor.href))) {
			ctx.issues.error(ctx.file, anchor.line, `link #${anchor.href} does not match any heading`);
		}
	}
	const html = sanitizeContentHtml(marked.parser(tokens));
	const text = htmlToText(html);
	const words = text.split(/\s+/).filter(Boolean).length;
	return {
		html,
		toc: state.toc,
		text,
		words,
		minutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE))
	};
}

/** Short text (a question stem, option or explanation): Markdown without images or HTML, sanitized. */
export function renderShortMarkdown(text: string): string {
	const marked = new Marked({ gfm: true });
	marked.use({ renderer: { html: () => '', image: () => '' } });
	return sanitizeContentHtml(marked.parse(text, { async: false }));
}
