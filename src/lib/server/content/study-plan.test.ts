import { describe, expect, it } from 'vitest';
import { ContentCatalog } from './catalog';
import { loadContent } from './load';
import type { ProgressRow } from './progress';
import { studyPlan } from './study-plan';
import { FIXTURE_CONTENT } from './testing/fixture';

const catalog = new ContentCatalog(loadContent(FIXTURE_CONTENT).content);
// Module 1 (required, with a quiz) has lessons l1 and l2; module 2 is optional.
const [m1, m2] = catalog.modules;
const [l1, l2] = m1.lessons;

let clock = 0;
/** Progress rows newest first, as `progressRows` returns them. */
const rows = (...items: { lesson: { id: string }; done?: boolean; position?: number }[]): ProgressRow[] =>
	items.map(({ lesson, done, position }) => ({
		lessonId: lesson.id,
		position: position ?? (done ? 1000 : 300),
		completedAt: done ? new Date(2026, 0, 1) : null,
		contentHash: null,
		updatedAt: new Date(2026, 0, 1, 0, 0, 1000 - clock++)
	}));

describe('studyPlan', () => {
	it('before any reading: the required module, nothing done, start its first lesson', () => {
		expect(m1.requiredForQualification && m1.quiz).toBeTruthy();
		expect(m2.requiredForQualification).toBe(false);
		const plan = studyPlan(catalog, [], new Set(), 'vi');
		expect(plan.required).toEqual([
			{
				slug: m1.slug,
				title: 'Sinh hoạt chi bộ thường kỳ',
				lessonsDone: 0,
				lessonCount: 2,
				hasQuiz: true,
				practicePassed: false,
				complete: false
			}
		]);
		expect(plan.completeCount).toBe(0);
		expect(plan.next).toEqual({
			kind: 'lesson',
			href: `/learn/${m1.slug}/${l1.slug}`,
			moduleTitle: 'Sinh hoạt chi bộ thường kỳ',
			lessonTitle: 'Chuẩn bị buổi sinh hoạt chi bộ',
			resumed: false
		});
	});

	it('resumes the required lesson being read, even after reading elsewhere since', () => {
		const plan = studyPlan(catalog, rows({ lesson: m2.lessons[0] }, { lesson: l2 }, { lesson: l1, done: true }), new Set(), 'en');
		expect(plan.required[0].lessonsDone).toBe(1);
		expect(plan.next).toMatchObject({ kind: 'lesson', href: `/learn/${m1.slug}/${l2.slug}`, resumed: true });
	});

	it('after every lesson, the practice quiz; after passing it, the module is complete', () => {
		const read = rows({ lesson: l2, done: true }, { lesson: l1, done: true });
		expect(studyPlan(catalog, read, new Set(), 'vi').next).toEqual({
			kind: 'quiz',
			href: `/learn/${m1.slug}/quiz`,
			moduleTitle: 'Sinh hoạt chi bộ thường kỳ'
		});
		const passed = studyPlan(catalog, read, new Set([m1.id]), 'vi');
		expect(passed.required[0]).toMatchObject({ practicePassed: true, complete: true });
		expect(passed.completeCount).toBe(1);
		// Then the next unread lesson anywhere (the optional module).
		expect(passed.next).toMatchObject({ kind: 'lesson', href: `/learn/${m2.slug}/${m2.lessons[0].slug}` });
	});

	it('a passed quiz does not complete a module with lessons left to read', () => {
		const plan = studyPlan(catalog, rows({ lesson: l1, done: true }), new Set([m1.id]), 'vi');
		expect(plan.required[0]).toMatchObject({ practicePassed: true, complete: false });
		expect(plan.next).toMatchObject({ kind: 'lesson', href: `/learn/${m1.slug}/${l2.slug}`, resumed: false });
	});
});
