import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { attemptQuestions, attempts, contestRounds, questionVersions } from '../db/schema';
import { loadContestBank } from '../contests/bank';
import { ownRoundResult } from '../contests/own-result';
import { essayPromptKey } from '../contests/essay-prompt';
import { startRoundAttempt } from '../contests/round-attempt';
import { updateRound } from '../contests/round-edit';
import { localInput, parseRoundForm, roundFormValues } from '../contests/round-form';
import { finishAttempt } from '../quiz/finish';
import { saveAnswers } from '../quiz/save';
import { openAttemptForTaking } from '../quiz/taking';
import { describeEachDatabase } from '../testing/databases';
import { judgeSeat } from './seats';
import { judgeView } from './sheets';
import { finals, judgeFrom } from './testing/finals-fixtures';

const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);
const PROMPT = 'Trình bày **giải pháp** nâng cao chất lượng sinh hoạt chi bộ ở cơ sở.';

describeEachDatabase('essay rounds: written on the attempt engine, read by the panel', ({ db }) => {
	/** The essay finals with the window and prompt set as the organizer's round form sets them. */
	async function essayRound() {
		const f = await finals(db(), 'essay');
		const now = new Date();
		const opensAt = minutes(now, 60);
		const form = new FormData();
		const values = {
			...roundFormValues(f.round),
			opensAt: localInput(opensAt),
			closesAt: localInput(minutes(opensAt, 120)),
			durationMinutes: '45',
			essayPrompt: PROMPT
		};
		for (const [k, v] of Object.entries(values)) if (typeof v === 'string') form.set(k, v);
		const parsed = parseRoundForm(form);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) throw new Error('form');
		expect(await updateRound(db(), f.organizer, f.round.id, parsed.input, now)).toMatchObject({
			ok: true
		});
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, f.round.id));
		return { ...f, round, opensAt };
	}

	it('starts in the window with the prompt, saves text by sequence number, does not score it', async () => {
		const f = await essayRound();
		const userId = f.a.user.id;
		const start = (now: Date) => startRoundAttempt(db(), { userId, roundId: f.round.id, now });
		expect(await start(minutes(f.opensAt, -1))).toEqual({ ok: false, reason: 'not_open_yet' });
		const at = minutes(f.opensAt, 5);
		const started = await start(at);
		expect(started).toMatchObject({ ok: true, resumed: false });
		const attemptId = (started as { attemptId: string }).attemptId;
		// One attempt per candidate: starting again resumes it.
		expect(await start(minutes(at, 1))).toEqual({ ok: true, attemptId, resumed: true });
		const [row] = await db().select().from(attempts).where(eq(attempts.id, attemptId));
		expect(row.deadline.getTime()).toBe(minutes(at, 45).getTime());

		// The page's data: the prompt as the one question, no options, nothing of a key.
		const taking = await openAttemptForTaking(db(), { attemptId, userId, locale: 'vi', now: at });
		if (taking.state !== 'open') throw new Error(taking.state);
		expect(taking.view.title).toBe(f.round.name);
		expect(taking.view.questions).toEqual([
			{
				position: 1,
				kind: 'essay',
				stemHtml: expect.stringContaining('<strong>giải pháp</strong>'),
				optionsHtml: [],
				selected: [],
				text: '',
				flagged: false,
				seq: 0
			}
		]);
		expect(JSON.stringify(taking.view)).not.toMatch(/correct|essay:|c\d+:/);
		// The prompt is no bank question: online rounds never draw it.
		expect((await loadContestBank(db(), f.contest.id)).map((q) => q.kind)).not.toContain('essay');

		const save = (seq: number, change: { text?: string; selected?: number[] }) =>
			saveAnswers(db(), {
				attemptId,
				userId,
				saves: [{ position: 1, seq, selected: [], flagged: false, ...change }],
				now: minutes(at, 10),
				graceMs: 10_000
			});
		const first = 'Mở bài.\nThân bài: củng cố nền nếp sinh hoạt.';
		expect(await save(1, { text: first })).toEqual({
			ok: true,
			results: [{ position: 1, status: 'saved', seq: 1 }]
		});
		// A replay or an older save never overwrites the stored text; the reply carries it.
		expect(await save(1, { text: 'bản cũ' })).toEqual({
			ok: true,
			results: [{ position: 1, status: 'stale', seq: 1, selected: [], flagged: false, text: first }]
		});
		const second = `${first}\nKết luận.`;
		expect((await save(3, { text: second })).ok).toBe(true);
		expect(await save(2, { text: 'bản giữa' })).toMatchObject({
			results: [{ status: 'stale', seq: 3, text: second }]
		});
		// Options on an essay, or no text at all, do not fit the question.
		expect(await save(4, { text: 'x', selected: [0] })).toMatchObject({
			results: [{ status: 'invalid', seq: 3 }]
		});
		expect(await save(4, {})).toMatchObject({ results: [{ status: 'invalid', seq: 3 }] });

		expect(await finishAttempt(db(), attemptId, { userId, now: minutes(at, 20) })).toBe('finished');
		const [done] = await db().select().from(attempts).where(eq(attempts.id, attemptId));
		expect([done.status, done.score, done.maxScore]).toEqual(['finished', 0, 0]);
		const [question] = await db()
			.select()
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attemptId));
		// Points come from the judges: the engine leaves them unset.
		expect([question.answerText, question.points, question.seq]).toEqual([second, null, 3]);
		// After the close the candidate sees no "correct answers" for an essay: judges score it.
		const own = await ownRoundResult(db(), userId, f.round.id, minutes(f.opensAt, 121));
		expect(own?.attempts.map((a) => [a.status, a.correct, a.timeTakenMs])).toEqual([
			['finished', null, null]
		]);
	});

	it('shows the panel the essay by candidate code only; a judge outside the panel reads nothing', async () => {
		const f = await essayRound();
		const at = minutes(f.opensAt, 1);
		const started = await startRoundAttempt(db(), {
			userId: f.b.user.id,
			roundId: f.round.id,
			now: at
		});
		const attemptId = (started as { attemptId: string }).attemptId;
		const text = 'Bài viết của thí sinh B về công tác phát triển đảng viên.';
		await saveAnswers(db(), {
			attemptId,
			userId: f.b.user.id,
			saves: [{ position: 1, seq: 1, selected: [], flagged: false, text }],
			now: at,
			graceMs: 10_000
		});
		const seat = (await judgeSeat(db(), f.judges[0], f.round.id))!;
		// Still being written: not shown to judges.
		const writing = await judgeView(db(), seat);
		expect(
			writing.candidates.find((c) => c.registrationId === f.b.registration.id)?.essays
		).toEqual([]);
		await finishAttempt(db(), attemptId, { userId: f.b.user.id, now: minutes(at, 5) });

		const view = await judgeView(db(), seat);
		const b = view.candidates.find((c) => c.registrationId === f.b.registration.id)!;
		expect(b).toMatchObject({ code: f.b.registration.candidateCode, name: null, unitName: null });
		expect(b.essays).toEqual([{ promptHtml: expect.stringContaining('giải pháp'), text }]);
		const served = JSON.stringify(view);
		expect(served).not.toContain('Trần Văn Bắc');
		expect(served).not.toContain(f.cellB.name);
		// Candidate A has not written: an empty list, not someone else's text.
		expect(view.candidates.find((c) => c.registrationId === f.a.registration.id)?.essays).toEqual(
			[]
		);
		// The judge from commune A may not score candidate A: their essay is not shown to them.
		const own = await judgeView(db(), (await judgeSeat(db(), f.judges[2], f.round.id))!);
		expect(own.candidates.find((c) => c.registrationId === f.a.registration.id)?.essays).toBeNull();

		// A judge of the province who is not on this round's panel has no seat: nothing to read.
		const outsider = await judgeFrom(db(), f.province, f.province, 'Giám khảo Ngoài');
		expect(await judgeSeat(db(), outsider, f.round.id)).toBeNull();
	});

	it('a new prompt is a new version; a round that is no longer an essay has none current', async () => {
		const f = await essayRound();
		const current = () =>
			db()
				.select({ version: questionVersions.version, stem: questionVersions.stem })
				.from(questionVersions)
				.where(
					and(
						eq(questionVersions.key, essayPromptKey(f.round)),
						eq(questionVersions.isCurrent, true)
					)
				);
		expect(await current()).toEqual([{ version: 1, stem: { vi: PROMPT } }]);
		const edit = async (changes: Record<string, string>) => {
			const form = new FormData();
			const [round] = await db()
				.select()
				.from(contestRounds)
				.where(eq(contestRounds.id, f.round.id));
			for (const [k, v] of Object.entries({ ...roundFormValues(round), ...changes }))
				if (typeof v === 'string') form.set(k, v);
			const parsed = parseRoundForm(form);
			if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
			return updateRound(db(), f.organizer, f.round.id, parsed.input);
		};
		expect(await edit({ essayPrompt: 'Đề mới' })).toMatchObject({ ok: true });
		expect(await current()).toEqual([{ version: 2, stem: { vi: 'Đề mới' } }]);
		// Without a prompt nobody can start: there is nothing to write about.
		expect(await edit({ essayPrompt: '' })).toMatchObject({ ok: true });
		expect(await current()).toEqual([]);
		expect(
			await startRoundAttempt(db(), {
				userId: f.a.user.id,
				roundId: f.round.id,
				now: minutes(f.opensAt, 5)
			})
		).toEqual({ ok: false, reason: 'no_questions' });
		expect(await edit({ essayPrompt: 'Đề mới' })).toMatchObject({ ok: true });
		expect(await current()).toEqual([{ version: 3, stem: { vi: 'Đề mới' } }]);
		expect(await edit({ kind: 'situation' })).toMatchObject({ ok: true });
		expect(await current()).toEqual([]);
	});
});
