import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import {
	contestRounds,
	contests,
	judgedRounds,
	judgePanel,
	judgeScores,
	orgUnits,
	people,
	roleGrants,
	rubricCriteria,
	situationCards,
	situationDraws,
	users,
	AGGREGATIONS,
	PROJECTOR_SCORES,
	type Aggregation,
	type ContestRound,
	type JudgedRound,
	type ProjectorScores
} from '../db/schema';
import { recordContestAudit } from '../contests/audit';
import {
	rubricMax,
	rubricProblems,
	type CriterionInput,
	type RubricProblem
} from './scoring-rules';

/*
 * Setting up judged rounds: the contest's situation card bank, a round's settings, rubric and
 * panel. Callers have checked that the actor organizes the contest (requireOrganizedContest);
 * every change is written to the contest's audit trail.
 */

export const JUDGED_KINDS = ['essay', 'situation', 'presentation'] as const;
export const isJudged = (round: Pick<ContestRound, 'kind'>) => round.kind !== 'online';

/** The round's settings and stage; created with the defaults on first use. */
export async function judgedSettings(db: DbOrTx, roundId: number): Promise<JudgedRound> {
	const [row] = await db.select().from(judgedRounds).where(eq(judgedRounds.roundId, roundId));
	if (row) return row;
	await db.insert(judgedRounds).values({ roundId }).onConflictDoNothing();
	const [made] = await db.select().from(judgedRounds).where(eq(judgedRounds.roundId, roundId));
	return made;
}

// ---------------------------------------------------------------- situation cards

export const CARD_LIMITS = { title: 200, body: 20_000, guidingPoints: 10_000, criteria: 10_000 };
export type CardInput = { title: string; body: string; guidingPoints: string; criteria: string };
export type CardError = 'title_required' | 'title_too_long' | 'body_required' | 'too_long';

export function cardProblem(input: CardInput): CardError | null {
	if (!input.title.trim()) return 'title_required';
	if (input.title.trim().length > CARD_LIMITS.title) return 'title_too_long';
	if (!input.body.trim()) return 'body_required';
	if (
		input.body.length > CARD_LIMITS.body ||
		input.guidingPoints.length > CARD_LIMITS.guidingPoints ||
		input.criteria.length > CARD_LIMITS.criteria
	) {
		return 'too_long';
	}
	return null;
}

/** The contest's cards (organizers only: the caller checked), with how often each was drawn. */
export async function contestCards(db: DbOrTx, contestId: number) {
	return db
		.select({
			id: situationCards.id,
			title: situationCards.title,
			body: situationCards.body,
			guidingPoints: situationCards.guidingPoints,
			criteria: situationCards.criteria,
			retiredAt: situationCards.retiredAt,
			draws: sql<number>`(select count(*)::int from ${situationDraws} where ${situationDraws.cardId} = ${situationCards.id})`
		})
		.from(situationCards)
		.where(eq(situationCards.contestId, contestId))
		.orderBy(asc(situationCards.id));
}

export async function addCard(
	db: Db,
	actorUserId: number,
	contestId: number,
	input: CardInput
): Promise<{ ok: true; id: number } | { ok: false; error: CardError }> {
	const problem = cardProblem(input);
	if (problem) return { ok: false, error: problem };
	return db.transaction(async (tx) => {
		const [card] = await tx
			.insert(situationCards)
			.values({
				contestId,
				title: input.title.trim(),
				body: input.body,
				guidingPoints: input.guidingPoints,
				criteria: input.criteria,
				createdByUserId: actorUserId
			})
			.returning({ id: situationCards.id });
		await recordContestAudit(tx, {
			contestId,
			actorUserId,
			action: 'situation.card_added',
			targetType: 'situation_card',
			targetId: card.id
		});
		return { ok: true as const, id: card.id };
	});
}

/** A retired card is no longer drawn (draws that showed it keep it). */
export async function retireCard(db: Db, actorUserId: number, contestId: number, cardId: number) {
	return db.transaction(async (tx) => {
		const done = await tx
			.update(situationCards)
			.set({ retiredAt: new Date() })
			.where(
				and(
					eq(situationCards.id, cardId),
					eq(situationCards.contestId, contestId),
					isNull(situationCards.retiredAt)
				)
			)
			.returning({ id: situationCards.id });
		if (done.length === 0) return { ok: false as const, error: 'not_found' as const };
		await recordContestAudit(tx, {
			contestId,
			actorUserId,
			action: 'situation.card_retired',
			targetType: 'situation_card',
			targetId: cardId
		});
		return { ok: true as const };
	});
}

// ---------------------------------------------------------------- settings

export type SettingsInput = {
	aggregation: Aggregation;
	disagreementThreshold: number;
	projectorScores: ProjectorScores;
	noRepeat: boolean;
	prepSeconds: number;
	answerSeconds: number;
};

export function settingsProblem(input: SettingsInput): string | null {
	if (!AGGREGATIONS.includes(input.aggregation)) return 'aggregation_invalid';
	if (!PROJECTOR_SCORES.includes(input.projectorScores)) return 'projector_invalid';
	if (!(input.disagreementThreshold >= 0 && input.disagreementThreshold <= 1000))
		return 'threshold_invalid';
	for (const s of [input.prepSeconds, input.answerSeconds]) {
		if (!Number.isInteger(s) || s < 10 || s > 3 * 3600) return 'seconds_invalid';
	}
	return null;
}

export async function saveSettings(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	input: SettingsInput
) {
	const problem = settingsProblem(input);
	if (problem) return { ok: false as const, error: problem };
	return db.transaction(async (tx) => {
		const current = await judgedSettings(tx, round.id);
		if (current.lockedAt) return { ok: false as const, error: 'locked' };
		await tx
			.update(judgedRounds)
			.set({ ...input, updatedAt: new Date() })
			.where(eq(judgedRounds.roundId, round.id));
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.settings_saved',
			targetType: 'round',
			targetId: round.id,
			details: { ...input }
		});
		return { ok: true as const };
	});
}

// ---------------------------------------------------------------- rubric

export async function roundRubric(db: DbOrTx, roundId: number) {
	return db
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, roundId))
		.orderBy(asc(rubricCriteria.sortOrder));
}

/**
 * Replaces the round's rubric; the round's maximum becomes the sum of the criteria's maxima.
 * Refused once a judge has scored (sheets refer to the criteria) or the scores are locked.
 */
export async function saveRubric(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	criteria: CriterionInput[]
): Promise<
	| { ok: true; maxScore: number }
	| { ok: false; error: 'invalid'; problems: RubricProblem[] }
	| { ok: false; error: 'scored' | 'locked' }
> {
	const problems = rubricProblems(criteria);
	if (problems.length) return { ok: false, error: 'invalid', problems };
	return db.transaction(async (tx) => {
		const settings = await judgedSettings(tx, round.id);
		if (settings.lockedAt) return { ok: false as const, error: 'locked' as const };
		const [{ n }] = await tx
			.select({ n: count() })
			.from(judgeScores)
			.where(eq(judgeScores.roundId, round.id));
		if (n > 0) return { ok: false as const, error: 'scored' as const };
		await tx.delete(rubricCriteria).where(eq(rubricCriteria.roundId, round.id));
		await tx.insert(rubricCriteria).values(
			criteria.map((c, i) => ({
				roundId: round.id,
				sortOrder: i + 1,
				name: c.name.trim(),
				maxPoints: c.maxPoints,
				descriptors: c.descriptors
			}))
		);
		const maxScore = rubricMax(criteria);
		await tx
			.update(contestRounds)
			.set({ maxScore, updatedAt: new Date() })
			.where(eq(contestRounds.id, round.id));
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.rubric_saved',
			targetType: 'round',
			targetId: round.id,
			details: { criteria: criteria.map((c) => ({ name: c.name, maxPoints: c.maxPoints })) }
		});
		return { ok: true as const, maxScore };
	});
}

// ---------------------------------------------------------------- panel

/** A judge grant in the contest's scope: over the organizing unit, or inside it. */
export const judgeGrantFits = (grantPath: string, contestPath: string) =>
	contestPath.startsWith(grantPath) || grantPath.startsWith(contestPath);

/** Accounts with the judge role in the contest's scope (for the panel form). */
export async function eligibleJudges(db: DbOrTx, contestPath: string) {
	const rows = await db
		.selectDistinct({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			path: orgUnits.path
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
		.where(and(eq(roleGrants.role, 'judge'), isNull(users.disabledAt)))
		.orderBy(asc(users.username));
	const seen = new Set<number>();
	return rows.filter((r) => {
		if (!judgeGrantFits(r.path, contestPath) || seen.has(r.id)) return false;
		seen.add(r.id);
		return true;
	});
}

export async function roundPanel(db: DbOrTx, roundId: number) {
	return db
		.select({
			userId: judgePanel.userId,
			username: users.username,
			displayName: users.displayName,
			allowOwnUnit: judgePanel.allowOwnUnit,
			unitName: orgUnits.name,
			unitPath: orgUnits.path,
			scored: sql<number>`(select count(*)::int from ${judgeScores} where ${judgeScores.roundId} = ${judgePanel.roundId} and ${judgeScores.judgeUserId} = ${judgePanel.userId})`
		})
		.from(judgePanel)
		.innerJoin(users, eq(users.id, judgePanel.userId))
		.leftJoin(people, eq(people.id, users.personId))
		.leftJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
		.where(eq(judgePanel.roundId, roundId))
		.orderBy(asc(users.username));
}

export async function addJudge(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	contestPath: string,
	username: string
) {
	const wanted = username.trim().toLowerCase();
	const judge = (await eligibleJudges(db, contestPath)).find((j) => j.username === wanted);
	if (!judge) return { ok: false as const, error: 'not_a_judge' as const };
	return db.transaction(async (tx) => {
		const settings = await judgedSettings(tx, round.id);
		if (settings.lockedAt) return { ok: false as const, error: 'locked' as const };
		const added = await tx
			.insert(judgePanel)
			.values({ roundId: round.id, userId: judge.id, addedByUserId: actorUserId })
			.onConflictDoNothing()
			.returning({ userId: judgePanel.userId });
		if (added.length === 0) return { ok: false as const, error: 'already_on_panel' as const };
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.judge_added',
			targetType: 'round',
			targetId: round.id,
			details: { judge: judge.username }
		});
		return { ok: true as const, userId: judge.id };
	});
}

/** Off the panel; refused once the judge has scored (their sheets stay with the round). */
export async function removeJudge(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	userId: number
) {
	return db.transaction(async (tx) => {
		const [{ n }] = await tx
			.select({ n: count() })
			.from(judgeScores)
			.where(and(eq(judgeScores.roundId, round.id), eq(judgeScores.judgeUserId, userId)));
		if (n > 0) return { ok: false as const, error: 'scored' as const };
		const gone = await tx
			.delete(judgePanel)
			.where(and(eq(judgePanel.roundId, round.id), eq(judgePanel.userId, userId)))
			.returning({ userId: judgePanel.userId });
		if (gone.length === 0) return { ok: false as const, error: 'not_found' as const };
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: 'judging.judge_removed',
			targetType: 'round',
			targetId: round.id,
			details: { judgeUserId: userId }
		});
		return { ok: true as const };
	});
}

/** Lets a judge score candidates of their own unit (or withdraws it); reason required, logged. */
export async function setAllowOwnUnit(
	db: Db,
	actorUserId: number,
	round: ContestRound,
	userId: number,
	allow: boolean,
	reason: string
) {
	if (!reason.trim() || reason.length > 500)
		return { ok: false as const, error: 'reason_required' as const };
	return db.transaction(async (tx) => {
		const done = await tx
			.update(judgePanel)
			.set({ allowOwnUnit: allow })
			.where(and(eq(judgePanel.roundId, round.id), eq(judgePanel.userId, userId)))
			.returning({ userId: judgePanel.userId });
		if (done.length === 0) return { ok: false as const, error: 'not_found' as const };
		await recordContestAudit(tx, {
			contestId: round.contestId,
			actorUserId,
			action: allow ? 'judging.own_unit_allowed' : 'judging.own_unit_refused',
			targetType: 'round',
			targetId: round.id,
			reason: reason.trim(),
			details: { judgeUserId: userId }
		});
		return { ok: true as const };
	});
}

/** The contest's organizing unit path of a round (for scope checks of judges). */
export async function contestPathOfRound(db: DbOrTx, round: Pick<ContestRound, 'contestId'>) {
	const [row] = await db
		.select({ path: orgUnits.path, name: contests.name, id: contests.id })
		.from(contests)
		.innerJoin(orgUnits, eq(orgUnits.id, contests.orgUnitId))
		.where(eq(contests.id, round.contestId));
	return row;
}
