import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { reviewCards, sources, type QuizReviewMode } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import { finishAttempt } from './finish';
import { startPracticeAttempt } from './practice';
import { attemptResult } from './results';
import { startReviewSession } from './review';
import { deckSummary } from './deck';
import { attemptClock } from './clock';
import { saveAnswers } from './save';
import { quizSummaryForModule, moduleAttemptHistory } from './summary';
import { openAttemptForTaking } from './taking';
import { createQuizModule, createQuizUser, keyOfAttempt, makeQuestions } from './testing/fixtures';

const CANARY_KEY = 'CANARYKEY9f2c';
const CANARY_EXPLANATION = 'CANARYEXPL51d0';
const CANARY_SOURCE = 'CANARYSRC7a44';

/** A bank whose keys, explanations and source locators carry canary strings. */
function canaryQuestions(prefix: string) {
	return makeQuestions(prefix, 6).map((q) => {
		const options = q.options.map((o) =>
			q.correct.includes(o.id) ? { ...o, id: `${CANARY_KEY}-${o.id}` } : o
		);
		return {
			...q,
			options,
			correct: q.correct.map((id) => `${CANARY_KEY}-${id}`),
			explanation: `${q.explanation} ${CANARY_EXPLANATION}`,
			sources: [{ source: 'dieu-le-dang-2011', locator: CANARY_SOURCE }]
		};
	});
}

describeEachDatabase('attempt views, results and the review deck', ({ db }) => {
	const GRACE = 10_000;
	const practice = async (review: QuizReviewMode = 'full', extra = {}) => {
		const prefix = `c${Math.random().toString(36).slice(2, 8)}`;
		const { module } = await createQuizModule(db(), {
			questions: canaryQuestions(prefix),
			quiz: { questionCount: 6, review, ...extra }
		});
		const user = await createQuizUser(db());
		const r = await startPracticeAttempt(db(), { userId: user.id, module });
		if (!r.ok) throw new Error(r.reason);
		return { module, user, attemptId: r.attemptId };
	};
	const finishWith = async (attemptId: string, userId: number, rightCount: number) => {
		const key = await keyOfAttempt(db(), attemptId);
		await saveAnswers(db(), {
			attemptId,
			userId,
			now: new Date(),
			graceMs: GRACE,
			saves: key.map((q, i) => ({
				position: q.position,
				seq: 1,
				selected: i < rightCount ? q.right : [q.wrong[0]],
				flagged: false
			}))
		});
		expect(await finishAttempt(db(), attemptId, { userId })).toBe('finished');
	};

	it('guarantee 8: nothing the open attempt page or its endpoints return carries the key', async () => {
		const { user, attemptId } = await practice();
		const taking = await openAttemptForTaking(db(), {
			attemptId,
			userId: user.id,
			locale: 'vi',
			now: new Date()
		});
		expect(taking.state).toBe('open');
		const saved = await saveAnswers(db(), {
			attemptId,
			userId: user.id,
			now: new Date(),
			graceMs: GRACE,
			saves: [
				{ position: 1, seq: 1, selected: [0], flagged: false },
				{ position: 1, seq: 1, selected: [1], flagged: false }
			]
		});
		const stale = await saveAnswers(db(), {
			attemptId,
			userId: user.id,
			now: new Date(),
			graceMs: GRACE,
			saves: [
				{ position: 1, seq: 1, selected: [1], flagged: false },
				{ position: 2, seq: 1, selected: [25], flagged: false }
			]
		});
		const clock = await attemptClock(db(), {
			attemptId,
			userId: user.id,
			now: new Date(),
			graceMs: GRACE
		});
		const result = await attemptResult(db(), { attemptId, userId: user.id, locale: 'vi' });
		expect(result).toEqual({ state: 'open' });
		const everything = JSON.stringify([taking, saved, stale, clock, result]);
		for (const canary of [CANARY_KEY, CANARY_EXPLANATION, CANARY_SOURCE, 'dieu-le-dang']) {
			expect(everything).not.toContain(canary);
		}
		// The page has what it needs: stems and option texts, in the order drawn.
		if (taking.state === 'open') {
			expect(taking.view.questions).toHaveLength(6);
			expect(taking.view.questions[0].optionsHtml.length).toBeGreaterThanOrEqual(2);
		}
	});

	it('renders question Markdown to sanitized HTML, on the page and in the review', async () => {
		const [q] = makeQuestions(`md${Math.random().toString(36).slice(2, 8)}`, 1);
		const { module } = await createQuizModule(db(), {
			questions: [
				{
					...q,
					stem: 'Chọn **một** đáp án <script>alert(1)</script>',
					explanation: 'Xem [Điều 24](javascript:alert(1)) và *ghi nhớ*'
				}
			],
			quiz: { questionCount: 1 }
		});
		const user = await createQuizUser(db());
		const r = await startPracticeAttempt(db(), { userId: user.id, module });
		if (!r.ok) throw new Error(r.reason);
		const taking = await openAttemptForTaking(db(), {
			attemptId: r.attemptId,
			userId: user.id,
			locale: 'vi',
			now: new Date()
		});
		if (taking.state !== 'open') throw new Error(taking.state);
		expect(taking.view.questions[0].stemHtml).toContain('<strong>một</strong>');
		expect(taking.view.questions[0].stemHtml).not.toContain('<script');
		await finishAttempt(db(), r.attemptId);
		const result = await attemptResult(db(), {
			attemptId: r.attemptId,
			userId: user.id,
			locale: 'vi'
		});
		if (result.state !== 'finished') throw new Error(result.state);
		const explanation = result.view.questions![0].explanationHtml!;
		expect(explanation).toContain('<em>ghi nhớ</em>');
		expect(explanation).not.toContain('javascript:');
	});

	it('after the finish the review shows what the quiz allows, and only to its owner', async () => {
		const expectations: [QuizReviewMode, boolean, boolean, boolean][] = [
			['none', false, false, false],
			['score', true, false, false],
			['answers', true, true, false],
			['full', true, true, true]
		];
		await db()
			.insert(sources)
			.values({
				id: 'dieu-le-dang-2011',
				number: 'Điều lệ Đảng',
				issued: '2011-01-19',
				issuer: { vi: 'Đại hội XI' },
				title: { vi: 'Điều lệ Đảng Cộng sản Việt Nam' },
				status: 'in_force'
			})
			.onConflictDoNothing();
		for (const [mode, score, answers, explanations] of expectations) {
			const { user, attemptId } = await practice(mode, { passPercent: 50 });
			await finishWith(attemptId, user.id, 4);
			const r = await attemptResult(db(), { attemptId, userId: user.id, locale: 'vi' });
			if (r.state !== 'finished') throw new Error(r.state);
			expect(r.view.passed).toBe(true);
			expect(r.view.mistakes).toBe(2);
			expect(r.view.score !== undefined).toBe(score);
			expect(r.view.questions !== undefined).toBe(answers);
			const text = JSON.stringify(r.view);
			expect(text.includes(CANARY_EXPLANATION)).toBe(explanations);
			expect(text.includes(CANARY_SOURCE)).toBe(explanations);
			// Option ids (and so the key's canary) never appear, even after the finish.
			expect(text).not.toContain(CANARY_KEY);
			if (mode === 'full') {
				expect(r.view.score).toMatchObject({ score: 4, maxScore: 6 });
				const q = r.view.questions![0];
				expect(q.options.filter((o) => o.correct).length).toBeGreaterThan(0);
				expect(q.options.some((o) => o.chosen)).toBe(true);
				expect(q.sources![0].label).toContain('Điều lệ Đảng');
			}
			const stranger = await createQuizUser(db());
			expect(await attemptResult(db(), { attemptId, userId: stranger.id, locale: 'vi' })).toEqual({
				state: 'not_found'
			});
		}
	});

	it('a finished quiz shows in the history and the module summary; a pass marks the practice passed', async () => {
		const { module, user, attemptId } = await practice('full', {
			passPercent: 80,
			attemptsAllowed: 3
		});
		await finishWith(attemptId, user.id, 3);
		let summary = await quizSummaryForModule(db(), user.id, module.id);
		expect(summary).toMatchObject({
			attemptsUsed: 1,
			attemptsLeft: 2,
			bestPercent: 50,
			passed: false
		});
		const second = await startPracticeAttempt(db(), { userId: user.id, module });
		if (!second.ok) throw new Error(second.reason);
		summary = await quizSummaryForModule(db(), user.id, module.id);
		expect(summary).toMatchObject({ attemptsUsed: 2, openAttemptId: second.attemptId });
		await finishWith(second.attemptId, user.id, 6);
		summary = await quizSummaryForModule(db(), user.id, module.id);
		expect(summary).toMatchObject({
			attemptsLeft: 1,
			bestPercent: 100,
			passed: true,
			openAttemptId: null
		});
		expect(summary?.passedAt).not.toBeNull();
		const history = await moduleAttemptHistory(db(), user.id, module.id);
		expect(history.map((h) => [h.attemptNo, h.percent, h.passed])).toEqual([
			[2, 100, true],
			[1, 50, false]
		]);
	});

	it('mistakes go into the review deck; a review session moves right answers up a box', async () => {
		const { user, attemptId } = await practice();
		await finishWith(attemptId, user.id, 4);
		const before = await deckSummary(db(), user.id);
		expect(before).toMatchObject({ total: 2, due: 2, boxes: [2, 0, 0, 0, 0] });

		const session = await startReviewSession(db(), { userId: user.id });
		if (!session.ok) throw new Error(session.reason);
		const key = await keyOfAttempt(db(), session.attemptId);
		expect(key).toHaveLength(2);
		// One right, one wrong.
		await saveAnswers(db(), {
			attemptId: session.attemptId,
			userId: user.id,
			now: new Date(),
			graceMs: GRACE,
			saves: [
				{ position: 1, seq: 1, selected: key[0].right, flagged: false },
				{ position: 2, seq: 1, selected: [key[1].wrong[0]], flagged: false }
			]
		});
		expect(await finishAttempt(db(), session.attemptId, { userId: user.id })).toBe('finished');
		const after = await deckSummary(db(), user.id);
		expect(after).toMatchObject({ total: 2, due: 0, boxes: [1, 1, 0, 0, 0] });
		expect(after.nextDueAt).not.toBeNull();
		const cards = await db().select().from(reviewCards).where(eq(reviewCards.userId, user.id));
		expect(cards.map((c) => c.lapses).sort()).toEqual([1, 2]);
		expect(await startReviewSession(db(), { userId: user.id })).toEqual({
			ok: false,
			reason: 'nothing_due'
		});
	});
});
