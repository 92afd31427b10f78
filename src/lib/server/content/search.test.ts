import { describe, expect, it } from 'vitest';
import { loadContent } from './load';
import { buildSearchIndex, foldQuery, foldWithMap, searchContent } from './search';
import { copyFixture, FIXTURE_CONTENT } from './testing/fixture';

const { content } = loadContent(FIXTURE_CONTENT);
const index = buildSearchIndex(content.modules);

describe('content search', () => {
	it('folds text keeping the origin of every character', () => {
		const text = foldWithMap('Đảng  viên\nchi bộ');
		expect(text.folded).toBe('dang vien chi bo');
		expect(text.origin[text.folded.indexOf('vien')]).toBe('Đảng  viên\nchi bộ'.indexOf('viên'));
		expect(foldQuery('  Sinh   HOẠT chi bộ a ')).toEqual(['sinh', 'hoat', 'chi', 'bo']);
	});

	it('finds "sinh hoạt chi bộ" with or without diacritics, and highlights the original text', () => {
		const plain = searchContent(index, 'sinh hoat chi bo', 'vi');
		const marked = searchContent(index, 'sinh hoạt chi bộ', 'vi');
		expect(plain.map((h) => h.url)).toEqual(marked.map((h) => h.url));
		expect(plain.map((h) => h.url)).toContain('/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat');
		const lesson = plain.find((h) => h.url === '/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat')!;
		expect(lesson.titleHtml).toBe('Chuẩn bị buổi <mark>sinh</mark> <mark>hoạt</mark> <mark>chi</mark> <mark>bộ</mark>');
		expect(lesson.snippetHtml).toContain('<mark>sinh</mark> <mark>hoạt</mark> <mark>chi</mark> <mark>bộ</mark>');
	});

	it('ranks title matches first and requires every term', () => {
		// "diễn biến … bàn" in lesson 2 has both words apart; lesson 1 has "biên bản" itself.
		const hits = searchContent(index, 'biên bản', 'vi');
		expect(hits.map((h) => h.url)).toEqual([
			'/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat',
			'/learn/sinh-hoat-chi-bo/dien-bien-buoi-sinh-hoat'
		]);
		expect(searchContent(index, 'biên bản sao hỏa', 'vi')).toEqual([]);
		// Terms match whole syllables: "oat" is inside "hoạt", and "hoa" only starts it.
		expect(searchContent(index, 'oat', 'vi')).toEqual([]);
		expect(searchContent(index, 'hoa', 'vi')).toEqual([]);
		expect(searchContent(index, 'hoat', 'vi').length).toBeGreaterThan(0);
		const ranked = searchContent(index, 'kiểm điểm', 'vi');
		expect(ranked[0].url).toBe('/learn/danh-gia-xep-loai');
	});

	it('matches and highlights whole syllables, ignoring diacritics: "chí" is not the start of "chính"', () => {
		const fixture = copyFixture();
		try {
			fixture.write(
				'modules/01-sinh-hoat-chi-bo/03-chi-huong.vi.md',
				'---\nid: fx-l09-chi-huong\ntitle: Chí hướng\n---\n\n' +
					'Nhiệm vụ chính trị của chi bộ cần chí hướng bền bỉ; chỉ đạo chính xác.\n'
			);
			const edited = buildSearchIndex(loadContent(fixture.root).content.modules);
			const hit = searchContent(edited, 'chí', 'vi').find((h) => h.url.endsWith('/chi-huong'))!;
			expect(hit.titleHtml).toBe('<mark>Chí</mark> hướng');
			expect(hit.snippetHtml).toBe(
				'Nhiệm vụ chính trị của <mark>chi</mark> bộ cần <mark>chí</mark> hướng bền bỉ; <mark>chỉ</mark> đạo chính xác.'
			);
			// Nothing in any hit is marked inside a longer syllable.
			for (const h of searchContent(edited, 'chi', 'vi')) {
				expect(h.snippetHtml + ' ' + h.titleHtml).not.toMatch(/<\/mark>[\p{L}\p{N}]|[\p{L}\p{N}]<mark>/u);
			}
			// "chinh" finds "chính", and only that.
			const chinh = searchContent(edited, 'chinh', 'vi').find((h) => h.url.endsWith('/chi-huong'))!;
			expect(chinh.snippetHtml).toContain('<mark>chính</mark> trị');
			expect(chinh.snippetHtml).not.toContain('<mark>chí</mark>');
		} finally {
			fixture.dispose();
		}
	});

	it('lets an English term find the words it starts ("member" → "members")', () => {
		const hits = searchContent(index, 'member', 'en');
		const lesson = hits.find((h) => h.url === '/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat')!;
		expect(lesson.snippetHtml).toMatch(/<mark>members?<\/mark>/);
	});

	it('does not let a lesson that repeats the words outrank the lesson titled with them', () => {
		const fixture = copyFixture();
		try {
			fixture.write(
				'modules/01-sinh-hoat-chi-bo/03-ghi-chep.vi.md',
				'---\nid: fx-l09-ghi-chep\ntitle: Ghi chép\n---\n\n' + 'Sinh hoạt chi bộ đều đặn. '.repeat(40)
			);
			const edited = buildSearchIndex(loadContent(fixture.root).content.modules);
			const hits = searchContent(edited, 'sinh hoat chi bo', 'vi');
			expect(hits[0].url).toBe('/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat');
			expect(hits.map((h) => h.url)).toContain('/learn/sinh-hoat-chi-bo/ghi-chep');
		} finally {
			fixture.dispose();
		}
	});

	it('searches the current language, falling back to Vietnamese text for untranslated lessons', () => {
		const english = searchContent(index, 'checklist', 'en');
		expect(english.map((h) => h.url)).toEqual(['/learn/sinh-hoat-chi-bo/chuan-bi-sinh-hoat']);
		expect(searchContent(index, 'checklist', 'vi')).toEqual([]);
		const fallback = searchContent(index, 'phan mo dau', 'en');
		expect(fallback).toEqual([expect.objectContaining({ url: '/learn/sinh-hoat-chi-bo/dien-bien-buoi-sinh-hoat', fallback: true })]);
	});

	it('returns escaped snippets: content and queries cannot inject markup', () => {
		const hits = searchContent(index, 'window.__xss', 'vi');
		expect(hits.length).toBeGreaterThan(0);
		for (const hit of hits) {
			expect(hit.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
		}
		const injected = searchContent(index, '<mark>sinh</mark>', 'vi');
		for (const hit of injected) expect(hit.snippetHtml).not.toContain('&lt;mark');
		expect(searchContent(index, '   ', 'vi')).toEqual([]);
	});
});
