import { afterEach, describe, expect, it } from 'vitest';
import { ContentCatalog } from './catalog';
import { loadContent } from './load';
import { situationPage } from './situation-pages';
import { loadSituationCards } from './situations';
import { copyFixture, FIXTURE_CONTENT } from './testing/fixture';
import { citedSources, reviewNotices } from './views';

const VI = 'situations/01-vang-sinh-hoat.vi.md';
const EN = 'situations/01-vang-sinh-hoat.en.md';
let fixture: ReturnType<typeof copyFixture> | null = null;
afterEach(() => {
	fixture?.dispose();
	fixture = null;
});

function errorsAfter(change: (f: ReturnType<typeof copyFixture>) => void): string[] {
	fixture = copyFixture();
	change(fixture);
	const { issues } = loadSituationCards(fixture.root);
	return issues.filter((i) => i.severity === 'error').map((i) => `${i.file.split('/').slice(-1)}:${i.line}: ${i.message}`);
}

describe('situation cards', () => {
	it('loads the fixture card as a bank: both languages, rubric, sources, guidance text', () => {
		const { cards, ok } = loadSituationCards(FIXTURE_CONTENT);
		expect(ok).toBe(true);
		expect(cards).toHaveLength(1);
		const card = cards[0];
		expect(card).toMatchObject({ id: 'fx-s01-vang-sinh-hoat', slug: 'vang-sinh-hoat', moduleIds: ['fx-sinh-hoat-chi-bo'], difficulty: 2 });
		expect(card.criteria.map((c) => [c.id, c.max, c.title.en])).toEqual([
			['nhan-dinh', 30, 'Identifies the problem'],
			['giai-phap', 50, "Remedy within the cell's authority"],
			['trinh-bay', 20, 'Presentation']
		]);
		expect(card.citations.map((c) => `${c.source}@${c.line}`)).toEqual(['dieu-le-dang-2011@7', 'dieu-le-dang-2011@20', 'dieu-le-dang-2011@21']);
		expect(card.situation.en).toContain('missed three meetings');
		expect(card.guidanceText.vi).toContain('GUIDANCE-CANARY');
	});

	it('reports each broken rule at its file and line', () => {
		expect(errorsAfter((f) => f.edit(VI, 'max: 50', 'max: 40'))).toEqual([
			"01-vang-sinh-hoat.vi.md:9: the criteria's max points add up to 90, not 100",
			'01-vang-sinh-hoat.en.md:5: the criteria differ from the Vietnamese file (same ids, order and max points)'
		]);
		fixture?.dispose();
		expect(errorsAfter((f) => f.edit(VI, 'modules: [fx-sinh-hoat-chi-bo]', 'modules: [fx-khong-co]'))).toEqual([
			'01-vang-sinh-hoat.vi.md:4: module "fx-khong-co" does not exist'
		]);
		fixture?.dispose();
		expect(errorsAfter((f) => f.edit(VI, '(Nguồn: dieu-le-dang-2011)', '(Nguồn: khong-co)'))).toEqual([
			'01-vang-sinh-hoat.vi.md:21: unknown source "khong-co" (not in sources.yml)'
		]);
		fixture?.dispose();
		expect(errorsAfter((f) => f.edit(EN, '## Guiding points', '## Hints'))).toEqual([
			'01-vang-sinh-hoat.en.md:14: unexpected section "Hints" (a card has "## Situation" and "## Guiding points")',
			'01-vang-sinh-hoat.en.md:9: the section "## Guiding points" is missing or empty'
		]);
	});

	it('refuses a card resting only on unverified or superseded documents', () => {
		const errors = errorsAfter((f) => {
			f.edit(VI, 'source: dieu-le-dang-2011, locator: Điều 24', 'source: ct-10-cttw-2007');
			f.edit(VI, /\(Nguồn: dieu-le-dang-2011 \(Điều 24\)\)/, '(Nguồn: hd-09-hdbtctw-2012)');
			f.edit(VI, '(Nguồn: dieu-le-dang-2011)', '(Nguồn: ct-10-cttw-2007)');
		});
		expect(errors).toEqual([
			'01-vang-sinh-hoat.vi.md:7: the card rests only on superseded or unverified documents (ct-10-cttw-2007, hd-09-hdbtctw-2012); cite a document in force'
		]);
	});

	it('the page shows the English card; the content check covers cards', () => {
		const { content, ok } = loadContent(FIXTURE_CONTENT);
		expect(ok).toBe(true);
		const page = situationPage(new ContentCatalog(content), 'vang-sinh-hoat', 'en');
		expect(page?.card).toMatchObject({ title: 'A member keeps missing meetings', lang: 'en', translated: true });
		expect(page?.card.criteria.reduce((s, c) => s + c.max, 0)).toBe(100);
		expect(situationPage(new ContentCatalog(content), 'khong-co', 'vi')).toBeNull();
	});
});

describe('the reader notice for a document under review', () => {
	it('lists the newer document after the cited ones and gives one notice with its sentence', () => {
		const { content } = loadContent(FIXTURE_CONTENT);
		const catalog = new ContentCatalog(content);
		const lesson = catalog.lessonById('fx-l03-quy-dinh-moi')!.lesson;
		const sources = citedSources(lesson.citations, 'vi', catalog);
		expect(sources.map((s) => [s.id, s.related])).toEqual([
			['qd-366-qdtw-2025', false],
			['qd-124-qdtw-2023', false],
			['ct-10-cttw-2007', false],
			['qd-213-qdtw-2020', false],
			['kl-229-kltw-2026', true]
		]);
		expect(reviewNotices(sources)).toEqual([
			{
				id: 'qd-213-qdtw-2020',
				number: '213-QĐ/TW',
				note: 'Kết luận 229-KL/TW yêu cầu sớm đề xuất văn bản thay thế quy định này, nên khi có văn bản mới thì theo văn bản mới.',
				see: [{ id: 'kl-229-kltw-2026', number: '229-KL/TW', title: expect.any(String), issued: null }]
			}
		]);
		// The reader's view carries no editorial field.
		expect(JSON.stringify(sources)).not.toMatch(/FIXTURE-EDITORIAL-NOTE|FIXTURE-EVIDENCE|checked/);
	});

	it('says how precise a date is', () => {
		const { content } = loadContent(FIXTURE_CONTENT);
		const catalog = new ContentCatalog(content);
		const hd09 = citedSources([{ source: 'hd-09-hdbtctw-2012', file: 'x', line: 1 }], 'vi', catalog)[0];
		expect(hd09.issued).toBe('ngày 02/03/2012');
		expect(hd09.supersededBy?.issued).toBe('năm 2018');
	});
});
