import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	attemptQuestions,
	attempts,
	contestLevels,
	contestPredictions,
	contestRegistrations,
	contestRounds,
	contests,
	orgUnits
} from '../db/schema';
import { isAttemptId } from '../quiz/rows';
import type { AttemptOutcome } from './ranking';
import {
	candidateRound,
	effectiveClose,
	roundSubject,
	windowState,
	type WindowState
} from './round-attempt';

export type CandidateRoundSummary = {
	id: number;
	name: string;
	kind: string;
	opensAt: string | null;
	closesAt: string | null;
	window: WindowState;
	resultsPublished: boolean;
};

export type MyContest = {
	id: number;
	name: string;
	year: number;
	kind: 'hoi_thi' | 'open';
	status: string;
	levelName: string;
	candidateCode: string;
	rounds: CandidateRoundSummary[];
};

const visibleRound = ne(contestRounds.status, 'draft');

export function roundSummary(
	r: typeof contestRounds.$inferSelect,
	now: Date
): CandidateRoundSummary {
	return {
		id: r.id,
		name: r.name,
		kind: r.kind,
		opensAt: r.opensAt?.toISOString() ?? null,
		closesAt: effectiveClose(r)?.toISOString() ?? null,
		window: windowState(r, now),
		resultsPublished: r.resultsPublishedAt !== null
	};
}

/** The contests the user is registered in (not draft, not withdrawn), with their visible rounds. */
export async function myContests(db: DbOrTx, userId: number, now: Date): Promise<MyContest[]> {
	const regs = await db
		.select({
			contest: contests,
			levelId: contestLevels.id,
			levelName: contestLevels.name,
			candidateCode: contestRegistrations.candidateCode
		})
		.from(contestRegistrations)
		.innerJoin(contests, eq(contests.id, contestRegistrations.contestId))
		.innerJoin(contestLevels, eq(contestLevels.id, contestRegistrations.levelId))
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(
			and(
				eq(contestRegistrations.userId, userId),
				isNull(contestRegistrations.withdrawnAt),
				ne(contests.status, 'draft')
			)
		)
		.orderBy(asc(contests.id), asc(contestLevels.sortOrder));
	if (regs.length === 0) return [];
	const rounds = await db
		.select()
		.from(contestRounds)
		.where(
			and(
				inArray(
					contestRounds.levelId,
					regs.map((r) => r.levelId)
				),
				visibleRound
			)
		)
		.orderBy(asc(contestRounds.sortOrder));
	return regs.map((r) => ({
		id: r.contest.id,
		name: r.contest.name,
		year: r.contest.year,
		kind: r.contest.kind,
		status: r.contest.status,
		levelName: r.levelName,
		candidateCode: r.candidateCode,
		rounds: rounds.filter((x) => x.levelId === r.levelId).map((x) => roundSummary(x, now))
	}));
}

export type UpcomingRound = CandidateRoundSummary & { contestId: number; contestName: string };

/**
 * The user's online and essay rounds that are open now or open later, soonest first: what the home page
 * shows a candidate. Only rounds of open contests they are registered for.
 */
export async function upcomingRoundsFor(
	db: DbOrTx,
	userId: number,
	now = new Date()
): Promise<UpcomingRound[]> {
	const rows = await db
		.select({ round: contestRounds, contestName: contests.name })
		.from(contestRegistrations)
		.innerJoin(contests, eq(contests.id, contestRegistrations.contestId))
		.innerJoin(contestRounds, eq(contestRounds.levelId, contestRegistrations.levelId))
		.where(
			and(
				eq(contestRegistrations.userId, userId),
				isNull(contestRegistrations.withdrawnAt),
				eq(contests.status, 'open'),
				eq(contestRounds.status, 'scheduled'),
				inArray(contestRounds.kind, ['online', 'essay']),
				gt(contestRounds.closesAt, now),
				or(isNull(contestRounds.closedAt), gt(contestRounds.closedAt, now))
			)
		)
		.orderBy(asc(contestRounds.opensAt), asc(contestRounds.id));
	return rows.map((r) => ({
		...roundSummary(r.round, now),
		contestId: r.round.contestId,
		contestName: r.contestName
	}));
}

export type AttemptLine = AttemptOutcome & {
	attemptNo: number;
	status: 'in_progress' | 'finished';
};

/** The user's attempts at a round with their correct answers and time taken (server clock). */
export async function roundAttempts(
	db: DbOrTx,
	userId: number,
	roundId: number
): Promise<AttemptLine[]> {
	const rows = await db
		.select({
			attemptId: attempts.id,
			attemptNo: attempts.attemptNo,
			status: attempts.status,
			startedAt: attempts.startedAt,
			finishedAt: attempts.finishedAt,
			correct: sql<number>`(select count(*)::int from ${attemptQuestions} aq where aq.attempt_id = ${attempts.id} and aq.points >= 1)`
		})
		.from(attempts)
		.where(and(eq(attempts.userId, userId), eq(attempts.subject, roundSubject(roundId))))
		.orderBy(asc(attempts.attemptNo));
	return rows.map((r) => ({
		attemptId: r.attemptId,
		attemptNo: r.attemptNo,
		status: r.status,
		correct: Number(r.correct),
		submittedAt: r.finishedAt ?? r.startedAt,
		timeTakenMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : 0
	}));
}

export type RoundLobby = {
	contest: { id: number; name: string; rules: string };
	round: CandidateRoundSummary & {
		durationSeconds: number;
		attemptsAllowed: number | null;
		questionCount: number;
		predictionQuestion: string | null;
	};
	attemptsUsed: number;
	openAttemptId: string | null;
	prediction: number | null;
	serverNow: string;
};

/** What the lobby shows a registered candidate: the rules, the window and their attempts. */
export async function roundLobby(
	db: DbOrTx,
	userId: number,
	roundId: number,
	now: Date
): Promise<RoundLobby | null> {
	const found = await candidateRound(db, userId, roundId);
	if (!found) return null;
	const r = found.round;
	const [contest] = await db
		.select({ id: contests.id, name: contests.name, rules: contests.rules })
		.from(contests)
		.where(eq(contests.id, r.contestId));
	const mine = await roundAttempts(db, userId, roundId);
	const open = mine.find((a) => a.status === 'in_progress') ?? null;
	const [prediction] = open
		? await db
				.select({ value: contestPredictions.value })
				.from(contestPredictions)
				.where(eq(contestPredictions.attemptId, open.attemptId))
		: [];
	return {
		contest,
		round: {
			...roundSummary(r, now),
			durationSeconds: r.durationSeconds,
			attemptsAllowed: r.attemptsAllowed,
			questionCount: r.questionCount,
			predictionQuestion: r.predictionQuestion
		},
		attemptsUsed: mine.length,
		openAttemptId: open?.attemptId ?? null,
		prediction: prediction?.value ?? null,
		serverNow: now.toISOString()
	};
}

/**
 * Saves the candidate's answer to the round's prediction question for their open attempt, until
 * its deadline. Returns false when there is nothing to save it to.
 */
export async function savePrediction(
	db: Db,
	input: { userId: number; roundId: number; attemptId: string; value: number; now: Date }
): Promise<boolean> {
	if (!isAttemptId(input.attemptId) || !Number.isSafeInteger(input.value) || input.value < 0)
		return false;
	const found = await candidateRound(db, input.userId, input.roundId);
	if (!found?.round.predictionQuestion) return false;
	const [open] = await db
		.select({ id: attempts.id })
		.from(attempts)
		.where(
			and(
				eq(attempts.id, input.attemptId),
				eq(attempts.userId, input.userId),
				eq(attempts.subject, roundSubject(input.roundId)),
				eq(attempts.status, 'in_progress'),
				gt(attempts.deadline, input.now)
			)
		);
	if (!open) return false;
	await db
		.insert(contestPredictions)
		.values({ attemptId: open.id, roundId: input.roundId, value: input.value, savedAt: input.now })
		.onConflictDoUpdate({
			target: contestPredictions.attemptId,
			set: { value: input.value, savedAt: input.now }
		});
	return true;
}

/** Open contests that take self-registration in the user's scope and that they have not joined. */
export async function openContestsToJoin(db: DbOrTx, user: { id: number; orgPath: string | null }) {
	if (!user.orgPath) return [];
	const rows = await db
		.select({
			id: contests.id,
			name: contests.name,
			year: contests.year,
			unitPath: orgUnits.path
		})
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(
			and(
				eq(contests.status, 'open'),
				eq(contests.selfRegistration, true),
				sql`not exists (select 1 from ${contestRegistrations} r where r.contest_id = ${contests.id} and r.user_id = ${user.id})`
			)
		)
		.orderBy(asc(contests.id));
	return rows.filter((r) => user.orgPath!.startsWith(r.unitPath)).map(({ unitPath: _, ...r }) => r);
}
