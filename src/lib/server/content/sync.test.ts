import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contests, lessons, modules, questionVersions, sources } from '../db/schema';
import { unit, uniquePrefix } from '../orgs/test-fixtures';
import { describeEachDatabase } from '../testing/databases';
import { loadContent } from './load';
import { syncContent } from './sync';
import { copyFixture } from './testing/fixture';

const M1 = 'modules/01-sinh-hoat-chi-bo';

describeEachDatabase('content sync', ({ db }) => {
	// Each database gets its own copy of the content, edited as the suite goes.
	let fixture: ReturnType<typeof copyFixture>;
	beforeAll(() => {
		fixture = copyFixture();
	});
	afterAll(() => fixture.dispose());
	function load() {
		const result = loadContent(fixture.root);
		expect(result.ok).toBe(true);
		return result.content;
	}

	const versions = (key: string) =>
		db()
			.select({ version: questionVersions.version, isCurrent: questionVersions.isCurrent, stem: questionVersions.stem })
			.from(questionVersions)
			.where(eq(questionVersions.key, key))
			.orderBy(asc(questionVersions.version));

	it('mirrors sources, modules, lessons and questions, and a second sync changes nothing', async () => {
		const content = load();
		const first = await syncContent(db(), content);
		expect(first).toEqual({ modules: 3, lessons: 4, questionVersionsAdded: 8, questionsRetired: 0 });
		const second = await syncContent(db(), content);
		expect(second).toEqual({ modules: 3, lessons: 4, questionVersionsAdded: 0, questionsRetired: 0 });

		const [module] = await db().select().from(modules).where(eq(modules.id, 'fx-sinh-hoat-chi-bo'));
		expect(module).toMatchObject({ slug: 'sinh-hoat-chi-bo', sortOrder: 1, contentDate: '2026-11-25', retiredAt: null });
		expect(module.quiz).toMatchObject({ questionCount: 4, timeLimitSeconds: 600 });
		const [source] = await db().select().from(sources).where(eq(sources.id, 'qd-124-qdtw-2023'));
		expect(source).toMatchObject({ status: 'superseded', supersededBy: 'qd-366-qdtw-2025', checkedOn: '2026-11-23' });
		const [q] = await db().select().from(questionVersions).where(eq(questionVersions.key, 'fx-q002'));
		expect(q).toMatchObject({ version: 1, isCurrent: true, kind: 'multiple', correct: ['a', 'b'], topic: 'chuan-bi', difficulty: 2 });
		expect(q.sources).toEqual([{ source: 'hd-12-hdbtctw-2018' }]);
	});

	it('adds a version when a question changes and never rewrites the old one', async () => {
		fixture.edit(`${M1}/questions.vi.md`, 'Ai họp để thống nhất nội dung', 'Ai họp trước để thống nhất nội dung');
		const report = await syncContent(db(), load());
		expect(report.questionVersionsAdded).toBe(1);
		const rows = await versions('fx-q001');
		expect(rows.map((r) => [r.version, r.isCurrent])).toEqual([
			[1, false],
			[2, true]
		]);
		expect(rows[0].stem.vi).toContain('Ai họp để thống nhất');
		expect(rows[1].stem.vi).toContain('Ai họp trước để thống nhất');
		fixture.edit(`${M1}/questions.vi.md`, 'Ai họp trước để thống nhất nội dung', 'Ai họp để thống nhất nội dung');
		await syncContent(db(), load());
		expect((await versions('fx-q001')).map((r) => [r.version, r.isCurrent])).toEqual([
			[1, false],
			[2, false],
			[3, true]
		]);
	});

	it('retires removed questions and lessons and brings them back when restored', async () => {
		const bank = fixture.read(`${M1}/questions.vi.md`);
		const bankEn = fixture.read(`${M1}/questions.en.md`);
		const lesson = fixture.read(`${M1}/02-dien-bien-buoi-sinh-hoat.vi.md`);
		fixture.write(`${M1}/questions.vi.md`, bank.slice(0, bank.indexOf('## fx-q006')));
		fixture.write(`${M1}/questions.en.md`, bankEn.slice(0, bankEn.indexOf('## fx-q006')));
		fixture.remove(`${M1}/02-dien-bien-buoi-sinh-hoat.vi.md`);
		fixture.edit(`${M1}/01-chuan-bi-sinh-hoat.vi.md`, '(02-dien-bien-buoi-sinh-hoat.vi.md)', '(01-chuan-bi-sinh-hoat.vi.md)');
		fixture.edit(`${M1}/01-chuan-bi-sinh-hoat.en.md`, '(02-dien-bien-buoi-sinh-hoat.en.md)', '(01-chuan-bi-sinh-hoat.en.md)');
		const report = await syncContent(db(), load());
		expect(report.questionsRetired).toBe(1);
		expect((await versions('fx-q006')).map((r) => r.isCurrent)).toEqual([false]);
		const [retired] = await db().select().from(lessons).where(eq(lessons.id, 'fx-l02-dien-bien-buoi-sinh-hoat'));
		expect(retired.retiredAt).not.toBeNull();

		fixture.write(`${M1}/questions.vi.md`, bank);
		fixture.write(`${M1}/questions.en.md`, bankEn);
		fixture.write(`${M1}/02-dien-bien-buoi-sinh-hoat.vi.md`, lesson);
		await syncContent(db(), load());
		expect((await versions('fx-q006')).map((r) => [r.version, r.isCurrent])).toEqual([[1, true]]);
		const [back] = await db().select().from(lessons).where(eq(lessons.id, 'fx-l02-dien-bien-buoi-sinh-hoat'));
		expect(back.retiredAt).toBeNull();
	});

	it('is safe when several instances sync the same change at once', async () => {
		fixture.edit(`${M1}/questions.vi.md`, 'Buổi sinh hoạt kết thúc bằng việc gì?', 'Buổi sinh hoạt kết thúc thế nào?');
		const content = load();
		const reports = await Promise.all([1, 2, 3, 4].map(() => syncContent(db(), content)));
		expect(reports.reduce((n, r) => n + r.questionVersionsAdded, 0)).toBe(1);
		const current = await db()
			.select({ version: questionVersions.version })
			.from(questionVersions)
			.where(and(eq(questionVersions.key, 'fx-q005'), eq(questionVersions.isCurrent, true)));
		expect(current).toEqual([{ version: 2 }]);
	});

	it('never retires, versions or revives a contest bank question', async () => {
		const province = await unit(db(), uniquePrefix(), 'Đảng bộ tỉnh Thử Nghiệm', 'province', null);
		const [contest] = await db()
			.insert(contests)
			.values({ name: 'Hội thi', year: 2026, kind: 'hoi_thi', orgUnitId: province.id })
			.returning();
		const key = `c${contest.id}:fx-q001`;
		await db().insert(questionVersions).values({
			key,
			version: 1,
			hash: 'bank',
			contestId: contest.id,
			kind: 'single',
			topic: 'bi-mat',
			difficulty: 1,
			stem: { vi: 'Câu hỏi mật' },
			options: [
				{ id: 'a', text: { vi: 'Một' } },
				{ id: 'b', text: { vi: 'Hai' } }
			],
			correct: ['a'],
			explanation: { vi: '' },
			sources: []
		});
		const report = await syncContent(db(), load());
		expect(report.questionsRetired).toBe(0);
		expect((await versions(key)).map((r) => [r.version, r.isCurrent])).toEqual([[1, true]]);
	});
});
