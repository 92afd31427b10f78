import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { lessonProgress, lessons, modules, questionVersions, sources, users } from '../db/schema';
import { peopleChanged } from '../qualification/summary';
import type { LoadedContent, QuestionEntry } from './types';

/** Serializes content syncs across app instances starting at once against one database. */
const CONTENT_SYNC_LOCK = 727_002;

export type SyncReport = {
	modules: number;
	lessons: number;
	questionVersionsAdded: number;
	questionsRetired: number;
};

/**
 * Mirrors the loaded content into the database so progress, attempts and statistics point at
 * exactly what was shown. Idempotent: modules, lessons and sources are upserted by id; a question
 * gets a new version only when its hash changes, and old versions are never rewritten.
 */
export async function syncContent(db: Db, content: LoadedContent, now = new Date()): Promise<SyncReport> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${CONTENT_SYNC_LOCK})`);
		await syncSources(tx, content, now);
		const lessonCount = await syncModulesAndLessons(tx, content, now);
		const questions = await syncQuestions(tx, content.modules.flatMap((m) => m.questions));
		return { modules: content.modules.length, lessons: lessonCount, ...questions };
	});
}

async function syncSources(tx: Tx, content: LoadedContent, now: Date) {
	for (const s of content.sources.values()) {
		const values = {
			number: s.number,
			issued: s.issued,
			kind: s.kind,
			issuer: s.issuer,
			title: s.title,
			status: s.status,
			supersededBy: s.supersededBy,
			url: s.url,
			checkedOn: s.checked,
			note: s.note,
			syncedAt: now
		};
		await tx.insert(sources).values({ id: s.id, ...values }).onConflictDoUpdate({ target: sources.id, set: values });
	}
}

async function syncModulesAndLessons(tx: Tx, content: LoadedContent, now: Date) {
	const currentBefore = await currentLessons(tx);
	const moduleIds = content.modules.map((m) => m.id);
	for (const m of content.modules) {
		const values = {
			slug: m.slug,
			sortOrder: m.order,
			title: m.title,
			summary: m.summary,
			estimatedMinutes: m.estimatedMinutes,
			requiredForQualification: m.requiredForQualification,
			quiz: m.quiz,
			contentVersion: m.contentVersion,
			contentDate: m.contentDate,
			contentHash: m.hash,
			retiredAt: null,
			syncedAt: now
		};
		await tx.insert(modules).values({ id: m.id, ...values }).onConflictDoUpdate({ target: modules.id, set: values });
	}
	await tx
		.update(modules)
		.set({ retiredAt: now })
		.where(and(isNull(modules.retiredAt), moduleIds.length ? notInArray(modules.id, moduleIds) : undefined));

	const all = content.modules.flatMap((m) => m.lessons);
	for (const l of all) {
		const values = {
			moduleId: l.moduleId,
			slug: l.slug,
			sortOrder: l.order,
			title: l.title,
			contentHash: l.hash,
			retiredAt: null,
			syncedAt: now
		};
		await tx.insert(lessons).values({ id: l.id, ...values }).onConflictDoUpdate({ target: lessons.id, set: values });
	}
	const lessonIds = all.map((l) => l.id);
	await tx
		.update(lessons)
		.set({ retiredAt: now })
		.where(and(isNull(lessons.retiredAt), lessonIds.length ? notInArray(lessons.id, lessonIds) : undefined));
	await lessonsChanged(tx, currentBefore, await currentLessons(tx));
	return all.length;
}

const currentLessons = async (tx: Tx) =>
	new Map(
		(await tx.select({ id: lessons.id, moduleId: lessons.moduleId }).from(lessons).where(isNull(lessons.retiredAt))).map(
			(l) => [l.id, l.moduleId]
		)
	);

/**
 * A module read through is one whose current lessons are all completed: when a module's current
 * lessons change, its readers' qualification is evaluated again (qualification/summary.ts).
 */
async function lessonsChanged(tx: Tx, before: Map<string, string>, after: Map<string, string>) {
	const changed = new Set<string>();
	for (const [id, moduleId] of before) if (after.get(id) !== moduleId) changed.add(moduleId);
	for (const [id, moduleId] of after) if (before.get(id) !== moduleId) changed.add(moduleId);
	if (changed.size === 0) return;
	await peopleChanged(
		tx,
		tx
			.selectDistinct({ id: users.personId })
			.from(lessonProgress)
			.innerJoin(users, eq(users.id, lessonProgress.userId))
			.where(inArray(lessonProgress.moduleId, [...changed]))
	);
}

async function syncQuestions(tx: Tx, questions: QuestionEntry[]) {
	const existing = await tx
		.select({
			key: questionVersions.key,
			version: questionVersions.version,
			hash: questionVersions.hash,
			isCurrent: questionVersions.isCurrent
		})
		.from(questionVersions)
		.where(isNull(questionVersions.contestId));
	const latest = new Map<string, (typeof existing)[number]>();
	for (const row of existing) {
		const seen = latest.get(row.key);
		if (!seen || row.version > seen.version) latest.set(row.key, row);
	}

	const inserts: (typeof questionVersions.$inferInsert)[] = [];
	const revive: string[] = [];
	for (const q of questions) {
		const last = latest.get(q.key);
		if (last && last.hash === q.hash) {
			if (!last.isCurrent) revive.push(q.key);
			continue;
		}
		inserts.push({
			key: q.key,
			version: (last?.version ?? 0) + 1,
			hash: q.hash,
			moduleId: q.moduleId,
			kind: q.kind,
			topic: q.topic,
			difficulty: q.difficulty,
			tests: q.tests,
			stem: q.stem,
			options: q.options,
			correct: q.correct,
			explanation: q.explanation,
			sources: q.citations.map((c) => (c.locator ? { source: c.source, locator: c.locator } : { source: c.source })),
			isCurrent: true
		});
	}
	const changedKeys = inserts.map((q) => q.key);
	if (changedKeys.length > 0) {
		await tx
			.update(questionVersions)
			.set({ isCurrent: false })
			.where(
				and(
					inArray(questionVersions.key, changedKeys),
					eq(questionVersions.isCurrent, true),
					isNull(questionVersions.contestId)
				)
			);
		for (let i = 0; i < inserts.length; i += 200) {
			await tx.insert(questionVersions).values(inserts.slice(i, i + 200));
		}
	}
	for (const key of revive) {
		const last = latest.get(key)!;
		await tx
			.update(questionVersions)
			.set({ isCurrent: true })
			.where(
				and(
					eq(questionVersions.key, key),
					eq(questionVersions.version, last.version),
					isNull(questionVersions.contestId)
				)
			);
	}

	const currentKeys = questions.map((q) => q.key);
	const retired = await tx
		.update(questionVersions)
		.set({ isCurrent: false })
		.where(
			and(
				eq(questionVersions.isCurrent, true),
				// A contest's confidential bank is not content: the sync never retires it.
				isNull(questionVersions.contestId),
				currentKeys.length ? notInArray(questionVersions.key, currentKeys) : undefined
			)
		)
		.returning({ key: questionVersions.key });
	return { questionVersionsAdded: inserts.length, questionsRetired: retired.length };
}
