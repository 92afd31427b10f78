import { and, count, eq, isNull, like, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/log';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { orgMerges, orgUnits, people, type OrgKind, type OrgUnit } from '../db/schema';
import { escapeLike } from '../text/fold';
import { managedUnit } from './manage';
import { scopePaths } from '../auth/access';
import { lockOrgTree } from './scope';
import { searchUnits } from './tree';
import { UNIT_REFERENCES, countReferences, moveReferences } from './unit-references';
import { peopleChanged } from '../qualification/summary';

export type MergeError =
	| 'survivor_not_found'
	| 'nothing_selected'
	| 'unit_not_found'
	| 'same_unit'
	| 'into_own_descendant';

export type MergeCandidatePlan = {
	id: number;
	code: string;
	name: string;
	kind: OrgKind;
	/** Child units re-parented under the survivor, and all units in their subtrees. */
	children: number;
	descendants: number;
	/** People in the merged unit itself (moved), and in its whole subtree (now under the survivor). */
	peopleInSubtree: number;
	/** Rows that will move, by reference key (people, classificationRecords, roleGrants…). */
	references: Record<string, number>;
};

export type MergePlan = {
	survivor: { id: number; code: string; name: string; kind: OrgKind };
	units: MergeCandidatePlan[];
};

export const MAX_MERGE_UNITS = 20;

async function check(
	tx: DbOrTx,
	actor: SessionUser,
	survivorId: number,
	mergedIds: number[]
): Promise<{ ok: true; survivor: OrgUnit; merged: OrgUnit[] } | { ok: false; error: MergeError }> {
	const survivor = await managedUnit(tx, actor, survivorId);
	if (!survivor) return { ok: false, error: 'survivor_not_found' };
	const ids = [...new Set(mergedIds)];
	if (ids.length === 0 || ids.length > MAX_MERGE_UNITS)
		return { ok: false, error: 'nothing_selected' };
	const merged: OrgUnit[] = [];
	for (const id of ids) {
		if (id === survivor.id) return { ok: false, error: 'same_unit' };
		const unit = await managedUnit(tx, actor, id);
		if (!unit) return { ok: false, error: 'unit_not_found' };
		if (survivor.path.startsWith(unit.path)) return { ok: false, error: 'into_own_descendant' };
		merged.push(unit);
	}
	return { ok: true, survivor, merged };
}

/** What a merge would move, for the confirmation step; nothing is changed. */
export async function planMerge(
	db: DbOrTx,
	actor: SessionUser,
	survivorId: number,
	mergedIds: number[]
): Promise<{ ok: true; plan: MergePlan } | { ok: false; error: MergeError }> {
	const checked = await check(db, actor, survivorId, mergedIds);
	if (!checked.ok) return checked;
	const units: MergeCandidatePlan[] = [];
	for (const unit of checked.merged) {
		const subtree = and(
			like(orgUnits.path, escapeLike(unit.path) + '%'),
			ne(orgUnits.id, unit.id),
			isNull(orgUnits.mergedIntoId)
		);
		const [[children], [descendants], [inSubtree]] = await Promise.all([
			db
				.select({ n: count() })
				.from(orgUnits)
				.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
			db.select({ n: count() }).from(orgUnits).where(subtree),
			db
				.select({ n: count() })
				.from(people)
				.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
				.where(like(orgUnits.path, escapeLike(unit.path) + '%'))
		]);
		const references: Record<string, number> = {};
		for (const ref of UNIT_REFERENCES)
			references[ref.key] = await countReferences(db, ref, unit.id);
		units.push({
			id: unit.id,
			code: unit.code,
			name: unit.name,
			kind: unit.kind,
			children: Number(children.n),
			descendants: Number(descendants.n),
			peopleInSubtree: Number(inSubtree.n),
			references
		});
	}
	const s = checked.survivor;
	return {
		ok: true,
		plan: { survivor: { id: s.id, code: s.code, name: s.name, kind: s.kind }, units }
	};
}

export type MergeRecord = { mergedId: number; moved: Record<string, number> };

/**
 * Merges units into a survivor, all in one transaction: child units (with their subtrees) are
 * re-parented under the survivor, every row listed in `UNIT_REFERENCES` moves to it (people get a
 * 'merge' history row each), and the merged unit stays in the table marked `mergedIntoId` so
 * history naming it still resolves. Each merge is recorded in `org_merges` and the audit log.
 */
export async function mergeUnits(
	db: DbOrTx,
	actor: SessionUser,
	survivorId: number,
	mergedIds: number[],
	now = new Date()
): Promise<{ ok: true; merges: MergeRecord[] } | { ok: false; error: MergeError }> {
	return db.transaction(async (tx) => {
		await lockOrgTree(tx);
		const checked = await check(tx, actor, survivorId, mergedIds);
		if (!checked.ok) return checked;
		const records: MergeRecord[] = [];
		for (const stale of checked.merged) {
			// Re-read: an earlier merge in this batch may have moved this unit under the survivor.
			const unit = (await managedUnit(tx, actor, stale.id))!;
			const survivor = (await managedUnit(tx, actor, survivorId))!;
			records.push({ mergedId: unit.id, moved: await mergeOne(tx, actor, unit, survivor, now) });
		}
		return { ok: true, merges: records };
	});
}

async function mergeOne(
	tx: DbOrTx,
	actor: SessionUser,
	unit: OrgUnit,
	survivor: OrgUnit,
	now: Date
): Promise<Record<string, number>> {
	const [[{ n: children }], [{ n: peopleInSubtree }]] = await Promise.all([
		tx
			.select({ n: count() })
			.from(orgUnits)
			.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
		tx
			.select({ n: count() })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(like(orgUnits.path, escapeLike(unit.path) + '%'))
	]);
	// Its people may come under another province's rules: evaluated again (qualification).
	await peopleChanged(
		tx,
		tx
			.select({ id: people.id })
			.from(people)
			.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
			.where(like(orgUnits.path, escapeLike(unit.path) + '%'))
	);
	// The merged unit's whole subtree (without itself) now hangs under the survivor.
	const relocated = await tx
		.update(orgUnits)
		.set({
			path: sql`${survivor.path}::text || substr(${orgUnits.path}, ${unit.path.length + 1}::int)`,
			depth: sql`${orgUnits.depth} + ${survivor.depth - unit.depth}::int`,
			parentId: sql`case when ${orgUnits.parentId} = ${unit.id}::int then ${survivor.id}::int else ${orgUnits.parentId} end`
		})
		.where(and(like(orgUnits.path, escapeLike(unit.path) + '%'), ne(orgUnits.id, unit.id)))
		.returning({ mergedIntoId: orgUnits.mergedIntoId });

	const moved: Record<string, number> = {
		childUnits: Number(children),
		descendantUnits: relocated.filter((r) => r.mergedIntoId === null).length,
		peopleInSubtree: Number(peopleInSubtree)
	};
	const ctx = { fromId: unit.id, toId: survivor.id, actorUserId: actor.id };
	for (const ref of UNIT_REFERENCES) {
		const r = await moveReferences(tx, ref, ctx);
		moved[ref.key] = r.moved;
		if (ref.uniqueWith) moved[`${ref.key}Collapsed`] = r.collapsed;
	}
	moved.personHistory = moved.people;

	await tx
		.update(orgUnits)
		.set({ mergedIntoId: survivor.id, mergedAt: now, updatedAt: now })
		.where(eq(orgUnits.id, unit.id));
	await tx.insert(orgMerges).values({
		survivorId: survivor.id,
		mergedId: unit.id,
		mergedCode: unit.code,
		mergedName: unit.name,
		actorUserId: actor.id,
		moved,
		mergedAt: now
	});
	await recordAudit(tx, {
		actorUserId: actor.id,
		action: 'orgs.merge',
		targetType: 'org_unit',
		targetId: survivor.id,
		orgUnitId: survivor.id,
		details: { mergedId: unit.id, mergedCode: unit.code, mergedName: unit.name, moved }
	});
	return moved;
}

/**
 * Units the actor could merge into `survivor`: live, in scope, not the survivor or one of its
 * ancestors. Without a query, units of the survivor's kind; with one, any matching unit.
 */
export async function mergeCandidates(
	db: DbOrTx,
	actor: SessionUser,
	survivor: OrgUnit,
	query: string
) {
	const paths = scopePaths(actor, 'manager');
	const found = query.trim()
		? (await searchUnits(db, paths, query, { limit: 100 })).matches
		: (await searchUnits(db, paths, '', { limit: 100, kinds: [survivor.kind], all: true })).matches;
	return found.filter((u) => u.id !== survivor.id && !survivor.path.includes(`/${u.id}/`));
}
