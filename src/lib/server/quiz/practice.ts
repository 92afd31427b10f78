import { and, eq, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { modules, questionVersions, type LocalizedText, type QuizConfig } from '../db/schema';
import type { BankQuestion } from './draw';
import { moduleSubject, startAttempt, type StartResult } from './start';

export type QuizModule = {
	id: string;
	slug: string;
	title: LocalizedText;
	quiz: QuizConfig;
	retired: boolean;
	/** The module's content hash, which covers its question bank: names the bank for the cache. */
	contentHash?: string;
};

/** A module with a practice quiz, by its URL slug or its id; null when there is none. */
export async function findQuizModule(db: DbOrTx, slugOrId: string): Promise<QuizModule | null> {
	const rows = await db
		.select({
			id: modules.id,
			slug: modules.slug,
			title: modules.title,
			quiz: modules.quiz,
			retiredAt: modules.retiredAt,
			contentHash: modules.contentHash
		})
		.from(modules)
		.where(or(eq(modules.slug, slugOrId), eq(modules.id, slugOrId)));
	const row = rows.find((r) => r.slug === slugOrId) ?? rows[0];
	if (!row?.quiz) return null;
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		quiz: row.quiz,
		retired: row.retiredAt !== null,
		contentHash: row.contentHash
	};
}

/** The module's current questions, as the draw sees them. */
export async function loadModuleBank(db: DbOrTx, moduleId: string): Promise<BankQuestion[]> {
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
		.where(and(eq(questionVersions.moduleId, moduleId), eq(questionVersions.isCurrent, true)));
	return rows.map(({ options, ...q }) => ({ ...q, optionIds: options.map((o) => o.id) }));
}

/** Starts (or resumes) the user's practice attempt at a module's quiz. */
export async function startPracticeAttempt(
	db: Db,
	input: { userId: number; module: QuizModule; now?: Date; seed?: string }
): Promise<StartResult> {
	if (input.module.retired) return { ok: false, reason: 'closed' };
	return startAttempt(
		db,
		{
			userId: input.userId,
			kind: 'practice',
			subject: moduleSubject(input.module.id),
			moduleId: input.module.id,
			config: input.module.quiz,
			loadBank: () => loadModuleBank(db, input.module.id),
			// A content sync that changes the bank changes the module's hash.
			bankKey: input.module.contentHash
				? `module:${input.module.id}:${input.module.contentHash}`
				: undefined
		},
		{ now: input.now, seed: input.seed }
	);
}
