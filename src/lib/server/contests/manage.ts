import { and, eq, max } from 'drizzle-orm';
import { hasRoleAt } from '../auth/access';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db/client';
import {
	contestLevels,
	contestRounds,
	contests,
	orgUnits,
	type ContestKind,
	type ContestStatus,
	type CountingRule,
	type OrgKind,
	type PublishNames,
	type RoundDrawRule,
	type RoundKind,
	type RoundRankKey
} from '../db/schema';
import { contestForOrganizer, levelForOrganizer, roundForOrganizer } from './access';
import { recordContestAudit } from './audit';
import { ESSAY_PROMPT_MAX, syncEssayPrompt } from './essay-prompt';

export type ContestInput = {
	name: string;
	year: number;
	kind: ContestKind;
	orgUnitId: number;
	rules: string;
	publishNames: PublishNames;
	selfRegistration: boolean;
};

export type ManageError = 'not_found' | 'invalid' | 'bad_transition' | 'in_use';

/** draft → open → finished → archived; an open contest may go back to draft while nobody sat. */
const TRANSITIONS: Record<ContestStatus, ContestStatus[]> = {
	draft: ['open'],
	open: ['finished', 'draft'],
	finished: ['archived', 'open'],
	archived: []
};

function validContest(input: ContestInput) {
	return (
		input.name.trim().length > 0 &&
		input.name.length <= 300 &&
		Number.isInteger(input.year) &&
		input.year >= 2000 &&
		input.year <= 2100 &&
		input.rules.length <= 100_000
	);
}

/** Creates a contest in the organizer's scope (the organizing unit must be inside it). */
export async function createContest(
	db: Db,
	actor: SessionUser,
	input: ContestInput
): Promise<{ ok: true; id: number } | { ok: false; error: ManageError }> {
	if (!validContest(input)) return { ok: false, error: 'invalid' };
	const [unit] = await db
		.select({ path: orgUnits.path, mergedIntoId: orgUnits.mergedIntoId })
		.from(orgUnits)
		.where(eq(orgUnits.id, input.orgUnitId));
	if (!unit || unit.mergedIntoId !== null || !hasRoleAt(actor, 'organizer', unit.path)) {
		return { ok: false, error: 'not_found' };
	}
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(contests)
			.values({ ...input, name: input.name.trim(), createdByUserId: actor.id })
			.returning({ id: contests.id });
		await recordContestAudit(tx, {
			contestId: row.id,
			actorUserId: actor.id,
			action: 'contest.create',
			details: { ...input, rules: undefined }
		});
		return { ok: true as const, id: row.id };
	});
}

/** Edits a contest's name, year, rules and publication settings (not its kind or unit). */
export async function updateContest(
	db: Db,
	actor: SessionUser,
	contestId: number,
	input: Omit<ContestInput, 'kind' | 'orgUnitId'>
): Promise<{ ok: true } | { ok: false; error: ManageError }> {
	const contest = await contestForOrganizer(db, actor, contestId);
	if (!contest) return { ok: false, error: 'not_found' };
	if (!validContest({ ...input, kind: contest.kind, orgUnitId: contest.orgUnitId })) {
		return { ok: false, error: 'invalid' };
	}
	await db.transaction(async (tx) => {
		await tx
			.update(contests)
			.set({ ...input, name: input.name.trim(), updatedAt: new Date() })
			.where(eq(contests.id, contestId));
		await recordContestAudit(tx, {
			contestId,
			actorUserId: actor.id,
			action: 'contest.update',
			details: {
				before: { name: contest.name, year: contest.year },
				after: { ...input, rules: undefined },
				rulesChanged: input.rules !== contest.rules
			}
		});
	});
	return { ok: true };
}

export async function setContestStatus(
	db: Db,
	actor: SessionUser,
	contestId: number,
	status: ContestStatus
): Promise<{ ok: true } | { ok: false; error: ManageError }> {
	const contest = await contestForOrganizer(db, actor, contestId);
	if (!contest) return { ok: false, error: 'not_found' };
	if (!TRANSITIONS[contest.status].includes(status)) return { ok: false, error: 'bad_transition' };
	await db.transaction(async (tx) => {
		const changed = await tx
			.update(contests)
			.set({ status, updatedAt: new Date() })
			.where(and(eq(contests.id, contestId), eq(contests.status, contest.status)))
			.returning({ id: contests.id });
		if (changed.length === 0) return;
		await recordContestAudit(tx, {
			contestId,
			actorUserId: actor.id,
			action: 'contest.status',
			details: { from: contest.status, to: status }
		});
	});
	return { ok: true };
}

export type LevelInput = { name: string; unitKind: OrgKind | null };

/** Adds a level after the contest's last one. */
export async function addLevel(
	db: Db,
	actor: SessionUser,
	contestId: number,
	input: LevelInput
): Promise<{ ok: true; id: number } | { ok: false; error: ManageError }> {
	const contest = await contestForOrganizer(db, actor, contestId);
	if (!contest) return { ok: false, error: 'not_found' };
	if (!input.name.trim() || input.name.length > 200) return { ok: false, error: 'invalid' };
	return db.transaction(async (tx) => {
		await tx
			.select({ id: contests.id })
			.from(contests)
			.where(eq(contests.id, contestId))
			.for('update');
		const [{ last }] = await tx
			.select({ last: max(contestLevels.sortOrder) })
			.from(contestLevels)
			.where(eq(contestLevels.contestId, contestId));
		const [row] = await tx
			.insert(contestLevels)
			.values({
				contestId,
				name: input.name.trim(),
				unitKind: input.unitKind,
				sortOrder: (last ?? 0) + 1
			})
			.returning({ id: contestLevels.id });
		await recordContestAudit(tx, {
			contestId,
			actorUserId: actor.id,
			action: 'level.create',
			targetType: 'level',
			targetId: row.id,
			details: { ...input }
		});
		return { ok: true as const, id: row.id };
	});
}

export type RoundInput = {
	name: string;
	kind: RoundKind;
	opensAt: Date | null;
	closesAt: Date | null;
	durationSeconds: number;
	attemptsAllowed: number | null;
	counting: CountingRule;
	rankOrder: RoundRankKey[];
	weight: number;
	questionCount: number;
	draw: RoundDrawRule[];
	multipleScoring: 'all_or_nothing' | 'partial';
	maxScore: number | null;
	predictionQuestion: string | null;
	reviewOpensAt: Date | null;
	/** Essay rounds: what candidates write about (Markdown); they cannot start without one. */
	essayPrompt?: string | null;
};

/** The checks the database also enforces, as a field list for the form. */
export function roundProblems(input: RoundInput): string[] {
	const problems: string[] = [];
	if (!input.name.trim() || input.name.length > 200) problems.push('name');
	if (input.kind === 'online') {
		if (!input.opensAt || !input.closesAt || input.closesAt <= input.opensAt)
			problems.push('window');
		if (
			!Number.isInteger(input.durationSeconds) ||
			input.durationSeconds < 60 ||
			input.durationSeconds > 86_400
		)
			problems.push('duration');
		if (
			input.attemptsAllowed !== null &&
			(!Number.isInteger(input.attemptsAllowed) || input.attemptsAllowed < 1)
		)
			problems.push('attempts');
		if (
			!Number.isInteger(input.questionCount) ||
			input.questionCount < 1 ||
			input.questionCount > 500
		)
			problems.push('question_count');
		// The rules are filled in order up to the question count: more would never be drawn.
		if (
			input.draw.some((r) => !Number.isInteger(r.count) || r.count < 1) ||
			input.draw.reduce((sum, r) => sum + r.count, 0) > input.questionCount
		)
			problems.push('draw');
	}
	if (input.reviewOpensAt && (!input.closesAt || input.reviewOpensAt < input.closesAt))
		problems.push('review');
	if ((input.essayPrompt ?? '').length > ESSAY_PROMPT_MAX) problems.push('essay_prompt');
	if (!(input.weight >= 0) || input.weight > 1000) problems.push('weight');
	if (input.rankOrder.length === 0 || input.rankOrder[0] !== 'correct_desc')
		problems.push('rank_order');
	return problems;
}

export async function addRound(
	db: Db,
	actor: SessionUser,
	levelId: number,
	input: RoundInput
): Promise<{ ok: true; id: number } | { ok: false; error: ManageError; problems?: string[] }> {
	const found = await levelForOrganizer(db, actor, levelId);
	if (!found) return { ok: false, error: 'not_found' };
	const problems = roundProblems(input);
	if (problems.length) return { ok: false, error: 'invalid', problems };
	return db.transaction(async (tx) => {
		await tx
			.select({ id: contestLevels.id })
			.from(contestLevels)
			.where(eq(contestLevels.id, levelId))
			.for('update');
		const [{ last }] = await tx
			.select({ last: max(contestRounds.sortOrder) })
			.from(contestRounds)
			.where(eq(contestRounds.levelId, levelId));
		const [row] = await tx
			.insert(contestRounds)
			.values({
				...input,
				name: input.name.trim(),
				contestId: found.contest.id,
				levelId,
				sortOrder: (last ?? 0) + 1
			})
			.returning({ id: contestRounds.id });
		await syncEssayPrompt(tx, {
			id: row.id,
			contestId: found.contest.id,
			kind: input.kind,
			essayPrompt: input.essayPrompt ?? null
		});
		await recordContestAudit(tx, {
			contestId: found.contest.id,
			actorUserId: actor.id,
			action: 'round.create',
			targetType: 'round',
			targetId: row.id,
			details: { ...input }
		});
		return { ok: true as const, id: row.id };
	});
}

/** Makes a round visible to candidates (scheduled) or hides it again (draft) before it opens. */
export async function setRoundStatus(
	db: Db,
	actor: SessionUser,
	roundId: number,
	status: 'draft' | 'scheduled',
	now = new Date()
): Promise<{ ok: true } | { ok: false; error: ManageError }> {
	const found = await roundForOrganizer(db, actor, roundId);
	if (!found) return { ok: false, error: 'not_found' };
	const r = found.round;
	if (r.status === 'closed') return { ok: false, error: 'bad_transition' };
	if (status === 'draft' && r.opensAt && r.opensAt <= now) return { ok: false, error: 'in_use' };
	await db.transaction(async (tx) => {
		await tx
			.update(contestRounds)
			.set({ status, updatedAt: now })
			.where(eq(contestRounds.id, roundId));
		await recordContestAudit(tx, {
			contestId: found.contest.id,
			actorUserId: actor.id,
			action: 'round.status',
			targetType: 'round',
			targetId: roundId,
			details: { from: r.status, to: status }
		});
	});
	return { ok: true };
}
