import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	contestRoundResults,
	judgePanel,
	judgeScores,
	situationCards,
	situationDraws,
	type ContestRound
} from '../db/schema';
import { renderShortMarkdown } from '../content/markdown';
import { anonymised, roundCandidates } from './candidates';
import { roundRubric } from './rubric';
import { roundScore, rubricMax } from './scoring-rules';
import { judgedSettings } from './settings';

/**
 * What the projector shows, read from the database: the finalist on stage, their drawn card (title
 * and text; never the guiding points), the timer, the judges' totals as they arrive or once all
 * are in (by the round's setting), and after the reveal the round's ranking.
 */
export async function projectorSnapshot(db: DbOrTx, round: ContestRound, now = new Date()) {
	const settings = await judgedSettings(db, round.id);
	const hide = anonymised(round, settings);
	const candidates = await roundCandidates(db, round);
	const current = candidates.find((c) => c.registrationId === settings.currentRegistrationId);
	let card: { title: string; html: string } | null = null;
	let scores: {
		received: number;
		expected: number;
		totals: number[] | null;
		score: number | null;
	} | null = null;
	if (current) {
		const [draw] = await db
			.select({ title: situationCards.title, body: situationCards.body })
			.from(situationDraws)
			.innerJoin(situationCards, eq(situationCards.id, situationDraws.cardId))
			.where(
				and(
					eq(situationDraws.roundId, round.id),
					eq(situationDraws.registrationId, current.registrationId)
				)
			);
		if (draw) card = { title: draw.title, html: renderShortMarkdown(draw.body) };
		const totals = (
			await db
				.select({ total: judgeScores.total })
				.from(judgeScores)
				.where(
					and(
						eq(judgeScores.roundId, round.id),
						eq(judgeScores.registrationId, current.registrationId)
					)
				)
				.orderBy(desc(judgeScores.total))
		).map((r) => r.total);
		const panel = await db
			.select({ userId: judgePanel.userId })
			.from(judgePanel)
			.where(eq(judgePanel.roundId, round.id));
		const allIn = totals.length >= panel.length && panel.length > 0;
		const show = settings.projectorScores === 'live' || allIn || settings.lockedAt !== null;
		scores = {
			received: totals.length,
			expected: panel.length,
			totals: show ? totals : null,
			score: show && allIn ? roundScore(totals, settings.aggregation) : null
		};
	}
	let leaderboard:
		{ rank: number; label: string; unitName: string | null; score: number }[] | null = null;
	if (settings.revealedAt) {
		const results = await db
			.select()
			.from(contestRoundResults)
			.where(eq(contestRoundResults.roundId, round.id))
			.orderBy(asc(contestRoundResults.rank));
		leaderboard = results.map((r) => {
			const c = candidates.find((x) => x.registrationId === r.registrationId);
			return {
				rank: r.rank ?? 0,
				label: c ? c.name : '',
				unitName: c?.unitName ?? null,
				score: r.score ?? 0
			};
		});
	}
	const rubric = await roundRubric(db, round.id);
	return {
		serverTime: now.toISOString(),
		version: settings.stageVersion,
		round: { id: round.id, name: round.name, kind: round.kind, maxScore: rubricMax(rubric) },
		phase: settings.phase,
		finalist: current
			? {
					code: current.code,
					name: hide ? null : current.name,
					unitName: hide ? null : current.unitName
				}
			: null,
		card,
		timer:
			settings.timerKind && settings.timerEndsAt
				? { kind: settings.timerKind, endsAt: settings.timerEndsAt.toISOString() }
				: null,
		scores,
		locked: settings.lockedAt !== null,
		leaderboard
	};
}

export type ProjectorSnapshot = Awaited<ReturnType<typeof projectorSnapshot>>;
