import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/log';
import { hasRoleAt } from '../auth/access';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { ORG_KINDS, orgUnits, type OrgKind, type OrgUnit } from '../db/schema';
import { foldVietnamese } from '../text/fold';
import {
	codeProblem,
	nameProblem,
	normalizeCode,
	normalizeName,
	type CodeProblem,
	type NameProblem
} from './names';
import { isUniqueViolation, lockOrgTree } from './scope';
import { createOrgUnit, getOrgUnit, getOrgUnitByCode, relocateSubtree } from './units';

type FieldErrors<F extends string> = Partial<Record<F, string>>;
export type ManageResult<T, F extends string> =
	{ ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

/** A live unit the actor manages, or null: the same answer for "missing" and "outside scope". */
export async function managedUnit(
	db: DbOrTx,
	actor: SessionUser,
	id: number
): Promise<OrgUnit | null> {
	const unit = await getOrgUnit(db, id);
	if (!unit || unit.mergedIntoId !== null || !hasRoleAt(actor, 'manager', unit.path)) return null;
	return unit;
}

export type NewChildInput = { parentId: number; code: string; name: string; kind: string };

/** Creates a unit under a parent the actor manages; codes are unique across the whole tree. */
export async function createChildUnit(
	db: DbOrTx,
	actor: SessionUser,
	input: NewChildInput
): Promise<ManageResult<OrgUnit, 'code' | 'name' | 'kind' | 'parent'>> {
	const code = normalizeCode(input.code);
	const name = normalizeName(input.name);
	const errors: FieldErrors<'code' | 'name' | 'kind' | 'parent'> = {};
	const codeErr: CodeProblem | null = codeProblem(code);
	const nameErr: NameProblem | null = nameProblem(name);
	if (codeErr) errors.code = codeErr;
	if (nameErr) errors.name = nameErr;
	if (!(ORG_KINDS as readonly string[]).includes(input.kind)) errors.kind = 'unknown_kind';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	try {
		return await db.transaction(async (tx) => {
			const parent = await managedUnit(tx, actor, input.parentId);
			if (!parent) return { ok: false, errors: { parent: 'not_found' } };
			if (await getOrgUnitByCode(tx, code)) return { ok: false, errors: { code: 'code_taken' } };
			const unit = await createOrgUnit(tx, {
				code,
				name,
				kind: input.kind as OrgKind,
				parentId: parent.id
			});
			await recordAudit(tx, {
				actorUserId: actor.id,
				action: 'orgs.create',
				targetType: 'org_unit',
				targetId: unit.id,
				orgUnitId: unit.id,
				details: { code, name, kind: unit.kind, parentId: parent.id }
			});
			return { ok: true, value: unit };
		});
	} catch (e) {
		// Two managers creating the same code at once: the unique index decides.
		if (isUniqueViolation(e)) return { ok: false, errors: { code: 'code_taken' } };
		throw e;
	}
}

/** Renames a unit and/or changes its code or kind. */
export async function updateUnit(
	db: DbOrTx,
	actor: SessionUser,
	input: { id: number; code: string; name: string; kind: string }
): Promise<ManageResult<OrgUnit, 'code' | 'name' | 'kind' | 'unit'>> {
	const code = normalizeCode(input.code);
	const name = normalizeName(input.name);
	const errors: FieldErrors<'code' | 'name' | 'kind' | 'unit'> = {};
	const codeErr = codeProblem(code);
	const nameErr = nameProblem(name);
	if (codeErr) errors.code = codeErr;
	if (nameErr) errors.name = nameErr;
	if (!(ORG_KINDS as readonly string[]).includes(input.kind)) errors.kind = 'unknown_kind';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	try {
		return await db.transaction(async (tx) => {
			const unit = await managedUnit(tx, actor, input.id);
			if (!unit) return { ok: false, errors: { unit: 'not_found' } };
			if (code !== unit.code) {
				const other = await getOrgUnitByCode(tx, code);
				if (other && other.id !== unit.id) return { ok: false, errors: { code: 'code_taken' } };
			}
			const [updated] = await tx
				.update(orgUnits)
				.set({
					code,
					name,
					searchText: foldVietnamese(name),
					kind: input.kind as OrgKind,
					updatedAt: new Date()
				})
				.where(eq(orgUnits.id, unit.id))
				.returning();
			await recordAudit(tx, {
				actorUserId: actor.id,
				action: 'orgs.update',
				targetType: 'org_unit',
				targetId: unit.id,
				orgUnitId: unit.id,
				details: {
					before: { code: unit.code, name: unit.name, kind: unit.kind },
					after: { code, name, kind: input.kind }
				}
			});
			return { ok: true, value: updated };
		});
	} catch (e) {
		if (isUniqueViolation(e)) return { ok: false, errors: { code: 'code_taken' } };
		throw e;
	}
}

export type MoveError = 'not_found' | 'parent_not_found' | 'into_own_subtree' | 'same_parent';

/**
 * Moves a unit with its whole subtree under a new parent. The actor must manage both the unit
 * and the new parent; a unit cannot go under itself or one of its descendants.
 */
export async function moveUnit(
	db: DbOrTx,
	actor: SessionUser,
	input: { id: number; parentCode: string }
): Promise<{ ok: true; moved: number } | { ok: false; error: MoveError }> {
	return db.transaction(async (tx) => {
		await lockOrgTree(tx);
		const unit = await managedUnit(tx, actor, input.id);
		if (!unit) return { ok: false, error: 'not_found' };
		const target = await getOrgUnitByCode(tx, input.parentCode);
		const parent = target && (await managedUnit(tx, actor, target.id));
		if (!parent) return { ok: false, error: 'parent_not_found' };
		if (parent.path.startsWith(unit.path)) return { ok: false, error: 'into_own_subtree' };
		if (unit.parentId === parent.id) return { ok: false, error: 'same_parent' };
		const moved = await relocateSubtree(tx, unit, parent);
		await recordAudit(tx, {
			actorUserId: actor.id,
			action: 'orgs.move',
			targetType: 'org_unit',
			targetId: unit.id,
			orgUnitId: unit.id,
			details: { fromParentId: unit.parentId, toParentId: parent.id, unitsMoved: moved }
		});
		return { ok: true, moved };
	});
}
