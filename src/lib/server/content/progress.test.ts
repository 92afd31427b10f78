import { beforeAll, expect, it } from 'vitest';
import { users } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { ContentCatalog } from './catalog';
import { loadContent } from './load';
import {
	completeLesson,
	continueReading,
	moduleProgress,
	progressRows,
	saveLessonPosition
} from './progress';
import { syncContent } from './sync';
import { FIXTURE_CONTENT } from './testing/fixture';

const catalog = new ContentCatalog(loadContent(FIXTURE_CONTENT).content);
const [m1, m2] = catalog.modules;
const [l1, l2] = m1.lessons;

describeEachDatabase('lesson progress', ({ db }) => {
	let userId: number;
	let otherId: number;
	beforeAll(async () => {
		await syncContent(db(), catalog.content);
		const rows = await db()
			.insert(users)
			.values([
				{ username: 'hoc.vien', displayName: 'Học viên' },
				{ username: 'nguoi.khac', displayName: 'Người khác' }
			])
			.returning({ id: users.id });
		[userId, otherId] = rows.map((r) => r.id);
	});

	const state = async (uid: number) => {
		const rows = new Map((await progressRows(db(), uid)).map((r) => [r.lessonId, r]));
		return { m1: moduleProgress(m1, rows), m2: moduleProgress(m2, rows) };
	};

	it('starts not started, with nothing to continue', async () => {
		expect((await state(userId)).m1).toEqual({ state: 'not_started', done: 0, total: 2, percent: 0 });
		expect(continueReading(catalog, await progressRows(db(), userId))).toBeNull();
	});

	it('saves the reading position (clamped) and offers to continue there', async () => {
		await saveLessonPosition(db(), userId, l1, 420, new Date('2026-11-25T01:00:00Z'));
		await saveLessonPosition(db(), userId, l1, 5000, new Date('2026-11-25T01:01:00Z'));
		await saveLessonPosition(db(), userId, l1, 430, new Date('2026-11-25T01:02:00Z'));
		expect((await state(userId)).m1).toEqual({ state: 'in_progress', done: 0, total: 2, percent: 0 });
		const next = continueReading(catalog, await progressRows(db(), userId));
		expect(next).toMatchObject({ lesson: { id: l1.id }, position: 430, resumed: true });
	});

	it('records completion with the version read, keeps the first time, and moves on', async () => {
		await completeLesson(db(), userId, l1, new Date('2026-11-25T02:00:00Z'));
		await saveLessonPosition(db(), userId, l1, 100, new Date('2026-11-25T02:05:00Z'));
		await completeLesson(db(), userId, l1, new Date('2026-11-25T03:00:00Z'));
		const [row] = (await progressRows(db(), userId)).filter((r) => r.lessonId === l1.id);
		expect(row.completedAt?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
		expect(row.contentHash).toBe(l1.hash);
		expect((await state(userId)).m1).toEqual({ state: 'in_progress', done: 1, total: 2, percent: 50 });
		expect(continueReading(catalog, await progressRows(db(), userId))).toMatchObject({
			lesson: { id: l2.id },
			resumed: false
		});
		await completeLesson(db(), userId, l2);
		expect((await state(userId)).m1).toEqual({ state: 'done', done: 2, total: 2, percent: 100 });
		expect(continueReading(catalog, await progressRows(db(), userId))).toMatchObject({
			module: { id: m2.id },
			lesson: { id: m2.lessons[0].id }
		});
	});

	it('keeps each learner\'s progress to themselves', async () => {
		expect((await state(otherId)).m1.state).toBe('not_started');
		expect(await progressRows(db(), otherId)).toEqual([]);
	});
});
