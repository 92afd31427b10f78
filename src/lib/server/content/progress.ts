import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { lessonProgress } from '../db/schema';
import type { ContentCatalog } from './catalog';
import type { LessonEntry, ModuleEntry } from './types';
import { peopleChanged, personIdsOfUsers } from '../qualification/summary';

/** Reading position in thousandths of the lesson's length (0 = top, 1000 = end). */
export const POSITION_SCALE = 1000;

export type ProgressRow = {
	lessonId: string;
	position: number;
	completedAt: Date | null;
	contentHash: string | null;
	updatedAt: Date;
};

export type LessonState = 'not_started' | 'in_progress' | 'done';

export type ModuleProgress = {
	state: LessonState;
	done: number;
	total: number;
	percent: number;
};

const clampPosition = (position: number) =>
	Math.max(0, Math.min(POSITION_SCALE, Math.round(Number.isFinite(position) ? position : 0)));

/** Saves where the learner is in a lesson (a beacon from the reader); never un-completes it. */
export async function saveLessonPosition(
	db: DbOrTx,
	userId: number,
	lesson: Pick<LessonEntry, 'id' | 'moduleId'>,
	position: number,
	now = new Date()
) {
	const value = clampPosition(position);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(lessonProgress)
			.values({ userId, lessonId: lesson.id, moduleId: lesson.moduleId, position: value, updatedAt: now })
			.onConflictDoUpdate({
				target: [lessonProgress.userId, lessonProgress.lessonId],
				set: { position: value, updatedAt: now }
			})
			.returning({ inserted: sql<boolean>`xmax = 0` });
		// A first lesson opened makes a module started (qualification/summary.ts).
		if (row?.inserted) await peopleChanged(tx, personIdsOfUsers([userId]));
	});
}

/**
 * Records that the learner finished a lesson, and which version they read. The first completion
 * time is kept; completing again after the lesson changed records the new version.
 */
export async function completeLesson(
	db: DbOrTx,
	userId: number,
	lesson: Pick<LessonEntry, 'id' | 'moduleId' | 'hash'>,
	now = new Date()
) {
	await db.transaction(async (tx) => {
		await tx
		.insert(lessonProgress)
		.values({
			userId,
			lessonId: lesson.id,
			moduleId: lesson.moduleId,
			position: POSITION_SCALE,
			contentHash: lesson.hash,
			completedAt: now,
			updatedAt: now
		})
		.onConflictDoUpdate({
			target: [lessonProgress.userId, lessonProgress.lessonId],
			set: {
				contentHash: lesson.hash,
				completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now.toISOString()}::timestamptz)`,
				updatedAt: now
			}
		});
		// Reading a module through counts towards qualification (qualification/summary.ts).
		await peopleChanged(tx, personIdsOfUsers([userId]));
	});
}

export async function progressRows(db: DbOrTx, userId: number, moduleId?: string): Promise<ProgressRow[]> {
	return db
		.select({
			lessonId: lessonProgress.lessonId,
			position: lessonProgress.position,
			completedAt: lessonProgress.completedAt,
			contentHash: lessonProgress.contentHash,
			updatedAt: lessonProgress.updatedAt
		})
		.from(lessonProgress)
		.where(
			moduleId
				? and(eq(lessonProgress.userId, userId), eq(lessonProgress.moduleId, moduleId))
				: eq(lessonProgress.userId, userId)
		)
		.orderBy(desc(lessonProgress.updatedAt));
}

export function lessonState(row: ProgressRow | undefined): LessonState {
	if (!row) return 'not_started';
	return row.completedAt ? 'done' : 'in_progress';
}

/** Progress on a module's current lessons (lessons removed from the content no longer count). */
export function moduleProgress(module: ModuleEntry, rows: Map<string, ProgressRow>): ModuleProgress {
	const total = module.lessons.length;
	const done = module.lessons.filter((l) => rows.get(l.id)?.completedAt).length;
	const started = module.lessons.some((l) => rows.has(l.id));
	const state: LessonState = total > 0 && done === total ? 'done' : started ? 'in_progress' : 'not_started';
	return { state, done, total, percent: total ? Math.floor((done * 100) / total) : 0 };
}

export type ContinueReading = { module: ModuleEntry; lesson: LessonEntry; position: number; resumed: boolean };

/**
 * Where to pick up: the last lesson the learner touched if unfinished; otherwise the next
 * unfinished lesson of that module, then of the following modules. Null before any reading.
 */
export function continueReading(catalog: ContentCatalog, rows: ProgressRow[]): ContinueReading | null {
	const byLesson = new Map(rows.map((r) => [r.lessonId, r]));
	const last = rows.find((r) => catalog.lessonById(r.lessonId));
	if (!last) return null;
	const found = catalog.lessonById(last.lessonId)!;
	if (!last.completedAt) return { ...found, position: last.position, resumed: true };
	const start = catalog.modules.indexOf(found.module);
	for (const module of [...catalog.modules.slice(start), ...catalog.modules.slice(0, start)]) {
		const lesson = module.lessons.find((l) => !byLesson.get(l.id)?.completedAt);
		if (lesson) return { module, lesson, position: byLesson.get(lesson.id)?.position ?? 0, resumed: false };
	}
	return null;
}

export async function lessonProgressRow(
	db: DbOrTx,
	userId: number,
	lessonId: string
): Promise<ProgressRow | undefined> {
	const [row] = await db
		.select({
			lessonId: lessonProgress.lessonId,
			position: lessonProgress.position,
			completedAt: lessonProgress.completedAt,
			contentHash: lessonProgress.contentHash,
			updatedAt: lessonProgress.updatedAt
		})
		.from(lessonProgress)
		.where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId)));
	return row;
}
