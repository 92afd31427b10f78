import type { ContentLanguage, ModuleEntry } from './types';

/** Text folded for matching, with the position in the original text of every folded character. */
type FoldedText = { folded: string; origin: number[]; original: string };

/**
 * Folds like `foldVietnamese` (no diacritics, đ → d, lower case, runs of spaces as one) while
 * remembering where each character came from, so matches can be highlighted in the original.
 */
export function foldWithMap(original: string): FoldedText {
	let folded = '';
	const origin: number[] = [];
	let index = 0;
	let lastSpace = true;
	for (const ch of original) {
		const isSpace = /\s/.test(ch);
		if (isSpace) {
			if (!lastSpace) {
				folded += ' ';
				origin.push(index);
			}
		} else {
			const base = ch
				.normalize('NFD')
				.replace(/[\u0300-\u036f]/g, '')
				.replace(/đ/g, 'd')
				.replace(/Đ/g, 'D')
				.toLowerCase();
			for (const out of base) {
				folded += out;
				origin.push(index);
			}
		}
		lastSpace = isSpace;
		index += ch.length;
	}
	return { folded, origin, original };
}

export function foldQuery(query: string): string[] {
	const { folded } = foldWithMap(query.slice(0, 200));
	const terms = folded.split(' ').filter(Boolean);
	const long = terms.filter((t) => t.length > 1);
	return [...new Set(long.length > 0 ? long : terms)].slice(0, 8);
}

type SearchDoc = {
	kind: 'module' | 'lesson';
	lang: ContentLanguage;
	/** The document is shown in Vietnamese because it has no English text. */
	fallback: boolean;
	/** Whole syllables for Vietnamese text (a fallback too), word starts for English. */
	match: WordMatch;
	url: string;
	moduleTitle: string;
	title: FoldedText;
	body: FoldedText;
};

export type SearchIndex = Record<ContentLanguage, SearchDoc[]>;

export type SearchHit = {
	kind: 'module' | 'lesson';
	url: string;
	moduleTitle: string;
	/** HTML: the title escaped, with matches wrapped in <mark>. */
	titleHtml: string;
	/** HTML: an escaped excerpt around the first match, with matches wrapped in <mark>. */
	snippetHtml: string;
	fallback: boolean;
};

export function buildSearchIndex(modules: ModuleEntry[]): SearchIndex {
	const index: SearchIndex = { vi: [], en: [] };
	for (const lang of ['vi', 'en'] as const) {
		for (const m of modules) {
			const title = m.title[lang] ?? m.title.vi;
			const summary = m.summary[lang] ?? m.summary.vi;
			const objectives = (lang === 'en' ? m.objectives.en : undefined) ?? m.objectives.vi;
			const moduleFallback = lang === 'en' && !m.title.en;
			index[lang].push({
				kind: 'module',
				lang,
				fallback: moduleFallback,
				match: moduleFallback ? 'whole' : wordMatchFor(lang),
				url: `/learn/${m.slug}`,
				moduleTitle: title,
				title: foldWithMap(title),
				body: foldWithMap([summary, ...objectives].join('\n'))
			});
			for (const l of m.lessons) {
				const rendered = l.rendered[lang] ?? l.rendered.vi;
				const fallback = lang === 'en' && !l.rendered.en;
				index[lang].push({
					kind: 'lesson',
					lang,
					fallback,
					match: fallback ? 'whole' : wordMatchFor(lang),
					url: `/learn/${m.slug}/${l.slug}`,
					moduleTitle: title,
					title: foldWithMap(l.title[lang] ?? l.title.vi),
					body: foldWithMap(rendered.text)
				});
			}
		}
	}
	return index;
}

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WORD_CHAR = /[a-z0-9]/;

/**
 * How a term matches words. Vietnamese is written in syllables, so a term matches whole
 * syllables: "chi" finds "chi", "chí" and "chị", never the start of "chính" (diacritics are
 * ignored on both sides). English words take endings, so there a term also finds the words it
 * starts: "member" finds "members".
 */
type WordMatch = 'whole' | 'prefix';

const wordMatchFor = (lang: ContentLanguage): WordMatch => (lang === 'vi' ? 'whole' : 'prefix');

/** Where `needle` is a word of `haystack` (both folded), or starts one with `prefix`. */
function occurrences(haystack: string, needle: string, match: WordMatch): number[] {
	const found: number[] = [];
	for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
		const end = at + needle.length;
		const starts = at === 0 || !WORD_CHAR.test(haystack[at - 1]);
		const ends = match === 'prefix' || end === haystack.length || !WORD_CHAR.test(haystack[end]);
		if (starts && ends) {
			found.push(at);
			at = end - 1;
		}
	}
	return found;
}

/** Original-text ranges [start, end) of every term match inside folded[from, to). */
function matchRanges(text: FoldedText, terms: string[], match: WordMatch) {
	const ranges: [number, number][] = [];
	for (const term of terms) {
		for (const at of occurrences(text.folded, term, match)) {
			const start = text.origin[at];
			const lastOrigin = text.origin[at + term.length - 1];
			const lastChar = String.fromCodePoint(text.original.codePointAt(lastOrigin) ?? 32);
			ranges.push([start, lastOrigin + lastChar.length]);
		}
	}
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const r of ranges) {
		const last = merged[merged.length - 1];
		if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
		else merged.push([...r]);
	}
	return merged;
}

function highlight(original: string, ranges: [number, number][], start = 0, end = original.length) {
	let html = '';
	let cursor = start;
	for (const [a, b] of ranges) {
		if (b <= start || a >= end) continue;
		html += escapeHtml(original.slice(cursor, Math.max(cursor, a)));
		html += `<mark>${escapeHtml(original.slice(Math.max(a, start), Math.min(b, end)))}</mark>`;
		cursor = Math.min(b, end);
	}
	return html + escapeHtml(original.slice(cursor, end));
}

const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 200;

function snippet(text: FoldedText, terms: string[], phrase: string, match: WordMatch): string {
	const folded = text.folded;
	let at = occurrences(folded, phrase, match)[0] ?? -1;
	if (at < 0)
		at = Math.min(...terms.map((t) => occurrences(folded, t, match)[0] ?? -1).filter((i) => i >= 0));
	if (!Number.isFinite(at) || at < 0) at = 0;
	const fromFolded = Math.max(0, at - SNIPPET_BEFORE);
	const toFolded = Math.min(folded.length, fromFolded + SNIPPET_LENGTH);
	let start = text.origin[fromFolded] ?? 0;
	let end = toFolded < folded.length ? text.origin[toFolded] : text.original.length;
	// Cut at word boundaries.
	if (start > 0) {
		const space = text.original.indexOf(' ', start);
		if (space >= 0 && space < text.origin[at]) start = space + 1;
	}
	if (end < text.original.length) {
		const space = text.original.lastIndexOf(' ', end);
		if (space > text.origin[at]) end = space;
	}
	const ranges = matchRanges(text, terms, match);
	const body = highlight(text.original, ranges, start, end).replace(/\s+/g, ' ');
	return (start > 0 ? '… ' : '') + body.trim() + (end < text.original.length ? ' …' : '');
}

/**
 * Diacritic-insensitive search over the modules and lessons of one language: every term must
 * appear; titles and the whole phrase rank higher. Snippets are escaped HTML with only <mark>.
 */
export function searchContent(
	index: SearchIndex,
	query: string,
	lang: ContentLanguage,
	limit = 30
): SearchHit[] {
	const terms = foldQuery(query);
	if (terms.length === 0) return [];
	const phrase = terms.join(' ');
	const scored: { doc: SearchDoc; score: number }[] = [];
	for (const doc of index[lang]) {
		const all = `${doc.title.folded} ${doc.body.folded}`;
		const found = (text: string, term: string) => occurrences(text, term, doc.match);
		if (!terms.every((t) => found(all, t).length > 0)) continue;
		let score = 0;
		// Capped, so a long lesson that repeats a common word does not outrank a lesson about it.
		for (const t of terms) {
			score += found(doc.title.folded, t).length * 10;
			score += Math.min(5, found(doc.body.folded, t).length);
		}
		// The words together, as typed, count for more than the words scattered.
		if (terms.length > 1) {
			score += found(doc.title.folded, phrase).length * 50;
			score += Math.min(5, found(doc.body.folded, phrase).length) * 20;
		}
		if (doc.kind === 'module') score += 1;
		scored.push({ doc, score });
	}
	scored.sort((a, b) => b.score - a.score || a.doc.url.localeCompare(b.doc.url));
	return scored.slice(0, limit).map(({ doc }) => ({
		kind: doc.kind,
		url: doc.url,
		moduleTitle: doc.moduleTitle,
		titleHtml: highlight(doc.title.original, matchRanges(doc.title, terms, doc.match)),
		snippetHtml: snippet(doc.body, terms, phrase, doc.match),
		fallback: doc.fallback
	}));
}
