import { createHash } from 'node:crypto';
import { and, asc, count, eq, inArray, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../auth/session';
import type { Db, DbOrTx } from '../db/client';
import { optionId } from '../content/questions';
import {
	contestBankImports,
	contests,
	questionVersions,
	type BankImportQuestion
} from '../db/schema';
import type { BankQuestion } from '../quiz/draw';
import { contestForOrganizer } from './access';
import { recordContestAudit } from './audit';
import { parseBankFile, type BankFormat } from './bank-parse';

export const BANK_IMPORT_TTL_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A bank question's key in `question_versions`: namespaced by contest, never a content key. */
export const bankKey = (contestId: number, key: string) => `c${contestId}:${key}`;

/**
 * The contest's question bank: its rows of `question_versions` except essay rounds' prompts
 * (`essay-prompt.ts`), which share the table so that attempts point at what they showed but are
 * never drawn into an online round, listed, counted or retired by an import.
 */
const inBank = (contestId: number) =>
	and(eq(questionVersions.contestId, contestId), ne(questionVersions.kind, 'essay'));

function bankRow(contestId: number, q: BankImportQuestion) {
	const stored = {
		kind: q.kind,
		topic: q.topic,
		difficulty: q.difficulty,
		stem: { vi: q.stem },
		options: q.options.map((o, i) => ({ id: optionId(i), text: { vi: o.text } })),
		correct: q.options.flatMap((o, i) => (o.checked ? [optionId(i)] : [])),
		explanation: { vi: q.explanation },
		sources: []
	};
	const hash = createHash('sha256').update(JSON.stringify(stored)).digest('hex');
	return { key: bankKey(contestId, q.key), hash, contestId, moduleId: null, ...stored };
}

/**
 * Reads an organizer's bank file and keeps the readable questions in a short-lived batch for the
 * preview (problems listed with their line or row). Nothing enters the bank until the commit.
 */
export async function previewBankImport(
	db: Db,
	actor: SessionUser,
	input: { contestId: number; file: { name: string; bytes: Uint8Array }; format: BankFormat },
	now = new Date()
): Promise<{ ok: true; batchId: string } | { ok: false; error: 'not_found' }> {
	const contest = await contestForOrganizer(db, actor, input.contestId);
	if (!contest) return { ok: false, error: 'not_found' };
	const parsed = await parseBankFile(input.file, input.format);
	await db.delete(contestBankImports).where(lt(contestBankImports.expiresAt, now));
	const [batch] = await db
		.insert(contestBankImports)
		.values({
			contestId: contest.id,
			ownerUserId: actor.id,
			fileName: input.file.name.slice(0, 200),
			format: input.format,
			unit: parsed.unit,
			questions: parsed.questions,
			problems: parsed.problems,
			expiresAt: new Date(now.getTime() + BANK_IMPORT_TTL_MS)
		})
		.returning({ id: contestBankImports.id });
	return { ok: true, batchId: batch.id };
}

/** A pending or committed batch, for its owner only while they still organize the contest. */
export async function bankImportBatch(db: DbOrTx, actor: SessionUser, batchId: string) {
	if (!UUID.test(batchId)) return null;
	const [batch] = await db
		.select()
		.from(contestBankImports)
		.where(and(eq(contestBankImports.id, batchId), eq(contestBankImports.ownerUserId, actor.id)));
	if (!batch) return null;
	return (await contestForOrganizer(db, actor, batch.contestId)) ? batch : null;
}

export type BankCommitResult =
	| { ok: true; added: number; updated: number; unchanged: number; retired: number }
	| { ok: false; error: 'not_found' | 'expired' | 'already_committed' | 'has_problems' | 'empty' };

/**
 * Adds the batch's questions to the contest's bank in one transaction: a new key is version 1,
 * a changed question a new version (the old one stays for the attempts that showed it), an
 * unchanged one nothing. With `retireMissing`, bank questions not in the file stop being drawn.
 * The batch's questions are cleared afterwards: the bank is the only copy.
 */
export async function commitBankImport(
	db: Db,
	actor: SessionUser,
	batchId: string,
	options: { retireMissing?: boolean; now?: Date } = {}
): Promise<BankCommitResult> {
	const now = options.now ?? new Date();
	const batch = await bankImportBatch(db, actor, batchId);
	if (!batch) return { ok: false, error: 'not_found' };
	if (batch.status === 'committed') return { ok: false, error: 'already_committed' };
	if (batch.expiresAt < now) return { ok: false, error: 'expired' };
	if (batch.problems.length > 0) return { ok: false, error: 'has_problems' };
	if (batch.questions.length === 0) return { ok: false, error: 'empty' };
	const contestId = batch.contestId;
	return db.transaction(async (tx) => {
		const claimed = await tx
			.update(contestBankImports)
			.set({ status: 'committed', committedAt: now, questions: [] })
			.where(and(eq(contestBankImports.id, batchId), eq(contestBankImports.status, 'pending')))
			.returning({ id: contestBankImports.id });
		if (claimed.length === 0) return { ok: false as const, error: 'already_committed' as const };
		// One import at a time per contest, so version numbers are not raced. The contest's
		// `updated_at` always moves: a round's start plan cached in memory is then read again.
		await tx
			.update(contests)
			.set({ updatedAt: sql`greatest(now(), ${contests.updatedAt} + interval '1 microsecond')` })
			.where(eq(contests.id, contestId));
		const rows = batch.questions.map((q) => bankRow(contestId, q));
		const existing = await tx
			.select({
				key: questionVersions.key,
				version: questionVersions.version,
				hash: questionVersions.hash,
				isCurrent: questionVersions.isCurrent
			})
			.from(questionVersions)
			.where(inBank(contestId));
		const latest = new Map<string, (typeof existing)[number]>();
		for (const e of existing) {
			const seen = latest.get(e.key);
			if (!seen || e.version > seen.version) latest.set(e.key, e);
		}
		let added = 0;
		let updated = 0;
		let unchanged = 0;
		const inserts: (typeof questionVersions.$inferInsert)[] = [];
		const revive: { key: string; version: number }[] = [];
		for (const row of rows) {
			const last = latest.get(row.key);
			if (last && last.hash === row.hash) {
				unchanged++;
				if (!last.isCurrent) revive.push(last);
				continue;
			}
			if (last) updated++;
			else added++;
			inserts.push({ ...row, version: (last?.version ?? 0) + 1, isCurrent: true });
		}
		const changedKeys = inserts.map((r) => r.key);
		if (changedKeys.length) {
			await tx
				.update(questionVersions)
				.set({ isCurrent: false })
				.where(and(inBank(contestId), inArray(questionVersions.key, changedKeys)));
			for (let i = 0; i < inserts.length; i += 200)
				await tx.insert(questionVersions).values(inserts.slice(i, i + 200));
		}
		for (const r of revive) {
			await tx
				.update(questionVersions)
				.set({ isCurrent: true })
				.where(and(eq(questionVersions.key, r.key), eq(questionVersions.version, r.version)));
		}
		let retired = 0;
		if (options.retireMissing) {
			const keep = rows.map((r) => r.key);
			const gone = await tx
				.update(questionVersions)
				.set({ isCurrent: false })
				.where(
					and(
						inBank(contestId),
						eq(questionVersions.isCurrent, true),
						notInArray(questionVersions.key, keep)
					)
				)
				.returning({ key: questionVersions.key });
			retired = gone.length;
		}
		const result = { added, updated, unchanged };
		await tx.update(contestBankImports).set({ result }).where(eq(contestBankImports.id, batchId));
		await recordContestAudit(tx, {
			contestId,
			actorUserId: actor.id,
			action: 'bank.import',
			targetType: 'bank_import',
			targetId: batchId,
			details: { fileName: batch.fileName, format: batch.format, ...result, retired }
		});
		return { ok: true as const, ...result, retired };
	});
}

/** How many current questions the bank has per topic and difficulty (for the draw rules form). */
export async function bankSummary(db: DbOrTx, actor: SessionUser, contestId: number) {
	if (!(await contestForOrganizer(db, actor, contestId))) return null;
	return db
		.select({
			topic: questionVersions.topic,
			difficulty: questionVersions.difficulty,
			questions: count()
		})
		.from(questionVersions)
		.where(and(inBank(contestId), eq(questionVersions.isCurrent, true)))
		.groupBy(questionVersions.topic, questionVersions.difficulty)
		.orderBy(asc(questionVersions.topic), asc(questionVersions.difficulty));
}

/** The bank's current questions with their keys, for the contest's organizers only. */
export async function bankQuestions(db: DbOrTx, actor: SessionUser, contestId: number) {
	if (!(await contestForOrganizer(db, actor, contestId))) return null;
	return db
		.select({
			key: questionVersions.key,
			version: questionVersions.version,
			kind: questionVersions.kind,
			topic: questionVersions.topic,
			difficulty: questionVersions.difficulty,
			stem: questionVersions.stem,
			options: questionVersions.options,
			correct: questionVersions.correct,
			explanation: questionVersions.explanation
		})
		.from(questionVersions)
		.where(and(inBank(contestId), eq(questionVersions.isCurrent, true)))
		.orderBy(asc(questionVersions.key));
}

/** The contest bank as the draw sees it (no text, no key): server-side only, at a start. */
export async function loadContestBank(db: DbOrTx, contestId: number): Promise<BankQuestion[]> {
	return currentQuestions(db, inBank(contestId));
}

/** The current versions of the questions `where` picks, as the draw takes them. */
export async function currentQuestions(
	db: DbOrTx,
	where: SQL | undefined
): Promise<BankQuestion[]> {
	const rows = await db
		.select({
			key: questionVersions.key,
			version: questionVersions.version,
			kind: questionVersions.kind,
			topic: questionVersions.topic,
			difficulty: questionVersions.difficulty,
			options: questionVersions.options
		})
		.from(questionVersions)
		.where(and(where, eq(questionVersions.isCurrent, true)));
	return rows.map(({ options, ...q }) => ({ ...q, optionIds: options.map((o) => o.id) }));
}
