import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from './load';
import { copyFixture, FIXTURE_CONTENT } from './testing/fixture';

const M1 = 'modules/01-sinh-hoat-chi-bo';
const M2 = 'modules/02-danh-gia-xep-loai';

let fixture: ReturnType<typeof copyFixture> | null = null;
afterEach(() => {
	fixture?.dispose();
	fixture = null;
});

/** Loads an edited copy of the fixture and returns its errors as "file-suffix:line: message". */
function errorsAfter(change: (f: ReturnType<typeof copyFixture>) => void): string[] {
	fixture = copyFixture();
	change(fixture);
	const result = loadContent(fixture.root);
	const errors = result.issues.filter((i) => i.severity === 'error');
	expect(result.ok).toBe(errors.length === 0);
	return errors.map((i) => `${i.file.split('/').slice(-2).join('/')}:${i.line}: ${i.message}`);
}

describe('content loading and validation', () => {
	it('loads the fixture tree: modules in order, lessons, questions and rendered HTML', () => {
		const { content, issues, ok } = loadContent(FIXTURE_CONTENT);
		expect(ok).toBe(true);
		expect(issues.every((i) => i.severity === 'warning' && i.file.includes('03-kiem-thu-an-toan'))).toBe(true);
		expect(content.modules.map((m) => m.id)).toEqual(['fx-sinh-hoat-chi-bo', 'fx-danh-gia-xep-loai', 'fx-kiem-thu-an-toan']);
		const m1 = content.modules[0];
		expect(m1.slug).toBe('sinh-hoat-chi-bo');
		expect(m1.lessons.map((l) => [l.slug, !!l.rendered.en])).toEqual([
			['chuan-bi-sinh-hoat', true],
			['dien-bien-buoi-sinh-hoat', false]
		]);
		expect(m1.quiz).toEqual({
			questionCount: 4,
			timeLimitSeconds: 600,
			passPercent: 75,
			attemptsAllowed: null,
			review: 'full',
			multipleScoring: 'all_or_nothing',
			draw: [{ topic: 'chuan-bi', count: 2 }, { count: 2 }]
		});
		const kinds = Object.fromEntries(m1.questions.map((q) => [q.key, q.kind]));
		expect(kinds).toMatchObject({ 'fx-q001': 'single', 'fx-q002': 'multiple', 'fx-q003': 'true_false' });
		expect(m1.questions[1].correct).toEqual(['a', 'b']);
		expect(m1.questions[0].options[1]).toEqual({
			id: 'b',
			text: {
				vi: 'Chi ủy (hoặc bí thư, phó bí thư nơi không có chi ủy)',
				en: 'The cell committee (or the secretary and deputy where there is none)'
			}
		});
	});

	describe('source registry rules', () => {
		it('fails on an unknown source id in a question, a lesson and a module', () => {
			const errors = errorsAfter((f) => {
				f.edit(`${M1}/questions.vi.md`, 'Nguồn: hd-12-hdbtctw-2018 (Mục 1)', 'Nguồn: khong-co-that (Mục 1)');
				f.edit(`${M1}/02-dien-bien-buoi-sinh-hoat.vi.md`, 'source: ct-10-cttw-2007', 'source: van-ban-ma');
				f.edit(`${M1}/module.md`, 'sources: [dieu-le-dang-2011,', 'sources: [khong-ton-tai,');
			});
			expect(errors).toEqual([
				'01-sinh-hoat-chi-bo/02-dien-bien-buoi-sinh-hoat.vi.md:6: unknown source "van-ban-ma" (not in sources.yml)',
				'01-sinh-hoat-chi-bo/module.md:19: unknown source "khong-ton-tai" (not in sources.yml)',
				'01-sinh-hoat-chi-bo/questions.vi.md:13: fx-q001: unknown source "khong-co-that" (not in sources.yml)'
			]);
		});

		it('fails on a question citing a superseded document unless it is marked historical', () => {
			const errors = errorsAfter((f) =>
				f.edit(`${M1}/questions.vi.md`, 'Nguồn: hd-12-hdbtctw-2018 (Mục 1)', 'Nguồn: hd-09-hdbtctw-2012')
			);
			expect(errors).toEqual([
				'01-sinh-hoat-chi-bo/questions.vi.md:13: fx-q001: cites superseded hd-09-hdbtctw-2012 (replaced by hd-12-hdbtctw-2018); update it or mark it {historical=true}'
			]);
		});

		it('accepts a historical question citing a superseded document only when its stems say so', () => {
			expect(errorsAfter(() => {})).toEqual([]); // fx-q102 is historical and says "Trước đây"
			const errors = errorsAfter((f) => {
				f.edit(`${M2}/questions.vi.md`, 'Trước đây, quy định', 'Quy định');
				f.edit(`${M2}/questions.en.md`, 'was previously in force and replaced by', 'preceded');
			});
			expect(errors).toEqual([
				`02-danh-gia-xep-loai/questions.en.md:10: fx-q102: a historical question's stem must say so ("previously", "formerly" or "replaced")`,
				`02-danh-gia-xep-loai/questions.vi.md:12: fx-q102: a historical question's stem must say so ("trước đây" or "đã được thay thế")`
			]);
		});

		it('fails on a question whose key rests only on unverified documents', () => {
			const errors = errorsAfter((f) =>
				f.edit(`${M1}/questions.vi.md`, 'Nguồn: hd-12-hdbtctw-2018 (Mục 2); ct-10-cttw-2007', 'Nguồn: ct-10-cttw-2007')
			);
			expect(errors).toEqual([
				'01-sinh-hoat-chi-bo/questions.vi.md:49: fx-q004: its key rests only on unverified documents (ct-10-cttw-2007); cite a document in force'
			]);
		});

		it('fails on a question without sources', () => {
			const errors = errorsAfter((f) => f.edit(`${M1}/questions.vi.md`, /\nNguồn: hd-12-hdbtctw-2018\n\n## fx-q003/, '\n## fx-q003'));
			expect(errors).toEqual([
				'01-sinh-hoat-chi-bo/questions.vi.md:15: fx-q002: cites no source (add "Nguồn: <registry id>")'
			]);
		});

		it('checks the registry itself: duplicate ids, unknown superseded_by, bad status', () => {
			const errors = errorsAfter((f) => {
				f.edit('sources.yml', 'superseded_by: hd-12-hdbtctw-2018', 'superseded_by: hd-99');
				f.edit('sources.yml', 'status: unverified', 'status: maybe');
				f.write('sources.yml', f.read('sources.yml') + '\n- id: qd-366-qdtw-2025\n  number: x\n  issued: \'2025\'\n  issuer: { vi: x }\n  title: { vi: x }\n  status: in_force\n');
			});
			const registry = errors.filter((e) => e.includes('sources.yml:'));
			expect(registry).toEqual([
				expect.stringMatching(/sources\.yml:20: "hd-09-hdbtctw-2012": superseded_by "hd-99" is not a registered source$/),
				expect.stringMatching(/sources\.yml:41: source #4: status: Invalid option/),
				expect.stringMatching(/sources\.yml:95: duplicate source id "qd-366-qdtw-2025"$/)
			]);
		});
	});

	it('reports frontmatter schema problems at the line of the field', () => {
		const errors = errorsAfter((f) => {
			f.edit(`${M1}/module.md`, 'estimatedMinutes: 30', 'estimatedMinutes: half an hour');
			f.edit(`${M1}/module.md`, 'contentDate: 2026-11-25', 'contentDate: 25/11/2026\nauthor: someone');
			f.edit(`${M1}/01-chuan-bi-sinh-hoat.vi.md`, 'title: Chuẩn bị buổi sinh hoạt chi bộ', 'title: ""');
			f.edit(`${M1}/module.md`, 'vi: Chuẩn bị sinh hoạt,', 'vi: Chuẩn bị sinh hoạt, thông báo,');
		});
		expect(errors).toEqual([
			'01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.vi.md:3: lesson: title: must not be empty',
			'01-sinh-hoat-chi-bo/module.md:10: module: estimatedMinutes: Invalid input: expected number, received string',
			'01-sinh-hoat-chi-bo/module.md:16: module: topics.0.title: unknown field thông báo (a comma inside { … } or [ … ] ends the text: put the text in quotes)',
			'01-sinh-hoat-chi-bo/module.md:22: module: contentDate: use a date written YYYY-MM-DD',
			'01-sinh-hoat-chi-bo/module.md:23: module: unknown field author'
		]);
	});

	it('requires unique module ids, lesson ids and question keys', () => {
		const errors = errorsAfter((f) => {
			f.edit(`${M2}/module.md`, 'id: fx-danh-gia-xep-loai', 'id: fx-sinh-hoat-chi-bo');
			f.edit(`${M2}/01-quy-dinh-moi.vi.md`, 'id: fx-l03-quy-dinh-moi', 'id: fx-l01-chuan-bi-sinh-hoat');
			f.edit(`${M2}/01-quy-dinh-moi.en.md`, 'id: fx-l03-quy-dinh-moi', 'id: fx-l01-chuan-bi-sinh-hoat');
			f.edit(`${M2}/questions.vi.md`, '## fx-q101', '## fx-q001');
			f.edit(`${M2}/questions.en.md`, '## fx-q101', '## fx-q001');
		});
		expect(errors.some((e) => e.startsWith('02-danh-gia-xep-loai/module.md:2: module id "fx-sinh-hoat-chi-bo" is also used by'))).toBe(true);
		expect(errors.some((e) => e.startsWith('02-danh-gia-xep-loai/01-quy-dinh-moi.vi.md:2: lesson id "fx-l01-chuan-bi-sinh-hoat" is also used by'))).toBe(true);
		expect(errors.some((e) => /questions\.vi\.md:1: question key fx-q001 is also used at .*01-sinh-hoat-chi-bo\/questions\.vi\.md:3$/.test(e))).toBe(true);
	});

	it('requires both languages to have the same questions, options and keys', () => {
		const errors = errorsAfter((f) => {
			f.edit(`${M1}/questions.en.md`, '- [x] True\n- [ ] False', '- [ ] True\n- [x] False');
			f.edit(`${M1}/questions.en.md`, '- [ ] The guest list\n', '');
			f.edit(`${M1}/questions.en.md`, '## fx-q006', '## fx-q066');
		});
		expect(errors).toEqual([
			'01-sinh-hoat-chi-bo/questions.en.md:13: fx-q002: 3 options, but 4 in Vietnamese',
			'01-sinh-hoat-chi-bo/questions.en.md:23: fx-q003: the checked options differ from the Vietnamese file',
			expect.stringMatching(/^01-sinh-hoat-chi-bo\/questions\.en\.md:52: fx-q066 is not in .*questions\.vi\.md$/),
			expect.stringMatching(/^01-sinh-hoat-chi-bo\/questions\.vi\.md:63: fx-q006 is missing from .*questions\.en\.md$/)
		]);
	});

	it('fails on links and images that do not resolve and on images without alt text', () => {
		const errors = errorsAfter((f) => {
			f.edit(`${M1}/01-chuan-bi-sinh-hoat.vi.md`, '(02-dien-bien-buoi-sinh-hoat.vi.md)', '(03-khong-co.vi.md)');
			f.edit(`${M1}/01-chuan-bi-sinh-hoat.vi.md`, '[họp chi ủy](#hop-chi-uy-truoc-buoi-sinh-hoat)', '[họp chi ủy](#khong-co-muc-nay)');
			f.edit(`${M1}/01-chuan-bi-sinh-hoat.vi.md`, '![Sơ đồ các bước chuẩn bị sinh hoạt chi bộ](images/so-do.png)', '![](images/so-do.png) ![Ảnh](images/mat.png) [x](javascript:alert(1))');
		});
		expect(errors).toEqual([
			'01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.vi.md:30: image images/so-do.png needs alt text: ![what it shows](images/so-do.png)',
			'01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.vi.md:30: image images/mat.png does not exist',
			'01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.vi.md:30: link javascript:alert(1): only http, https and mailto links are allowed',
			'01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.vi.md:47: link 03-khong-co.vi.md does not resolve to a lesson, module or image',
			'01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.vi.md:48: link #khong-co-muc-nay does not match any heading'
		]);
	});

	it('requires the Vietnamese lesson and the same lesson id in English', () => {
		const errors = errorsAfter((f) => {
			f.remove(`${M2}/01-quy-dinh-moi.vi.md`);
			f.edit(`${M1}/01-chuan-bi-sinh-hoat.en.md`, 'id: fx-l01-chuan-bi-sinh-hoat', 'id: fx-l01-other');
		});
		expect(errors).toContain('01-sinh-hoat-chi-bo/01-chuan-bi-sinh-hoat.en.md:2: id "fx-l01-other" differs from the Vietnamese file\'s "fx-l01-chuan-bi-sinh-hoat"');
		expect(errors).toContain('02-danh-gia-xep-loai/01-quy-dinh-moi.en.md:1: the Vietnamese file 01-quy-dinh-moi.vi.md is missing (Vietnamese is required)');
	});

	it('checks the quiz settings against the bank and the topics', () => {
		const errors = errorsAfter((f) => {
			f.edit(`${M1}/module.md`, '{ topic: chuan-bi, count: 2 }', '{ topic: chuan-bi, count: 4 }');
			f.edit(`${M1}/module.md`, 'questionCount: 4', 'questionCount: 6');
			f.edit(`${M1}/questions.vi.md`, '## fx-q006 {topic=dien-bien', '## fx-q006 {topic=khac');
		});
		expect(errors).toEqual([
			'01-sinh-hoat-chi-bo/module.md:31: quiz.draw asks for 4 questions of topic chuan-bi but the bank has 3',
			'01-sinh-hoat-chi-bo/questions.vi.md:63: fx-q006: topic "khac" is not one of the module\'s topics (chuan-bi, dien-bien)'
		]);
		const sums = errorsAfter((f) => f.edit(`${M1}/module.md`, 'questionCount: 4', 'questionCount: 5'));
		expect(sums).toEqual(['01-sinh-hoat-chi-bo/module.md:31: module: quiz.draw: the counts of draw must add up to questionCount']);
	});

	it('requires exactly one key for true/false and a Đúng/Sai pair in English as True/False', () => {
		const errors = errorsAfter((f) => {
			f.edit(`${M1}/questions.vi.md`, '- [x] Đúng\n- [ ] Sai', '- [x] Đúng\n- [x] Sai');
			f.edit(`${M1}/questions.en.md`, '- [x] True\n- [ ] False', '- [x] Yes\n- [x] No');
		});
		expect(errors).toEqual([
			'01-sinh-hoat-chi-bo/questions.en.md:24: fx-q003: a true/false question\'s English options are "True" and "False"',
			'01-sinh-hoat-chi-bo/questions.vi.md:28: fx-q003: a true/false question has exactly one checked option'
		]);
	});
});
