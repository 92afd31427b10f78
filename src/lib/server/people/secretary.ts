import { and, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgUnits, people, type Position } from '../db/schema';

/** A unit's current secretaries, when a save would give it another one. */
export type SecretaryConflict = {
	unit: { code: string; name: string };
	existing: { id: number; fullName: string }[];
	/** The form was sent again without a choice. */
	choiceMissing: boolean;
};

/**
 * The manager's answer to a conflict, with the secretaries it was given for: "replace" turns
 * exactly those into members, so someone made secretary meanwhile is asked about again.
 */
export type SecretaryDecision = { choice: 'replace' | 'deputy'; seen: number[] };

/** What a save does: the position to store, the secretaries turned into members, the choice applied. */
export type SecretarySettled = {
	position: Position;
	demoted: number[];
	choice: SecretaryDecision['choice'] | null;
};

/**
 * The answer fields of the person form: `secretaryChoice` with `secretarySeen` (ids,
 * comma-separated), or the `secretaryCancel` button. "missing": the question was shown (the
 * form carries `secretarySeen`) and not answered.
 */
export function parseSecretaryDecision(
	form: FormData
): SecretaryDecision | 'cancel' | 'missing' | null {
	if (form.has('secretaryCancel')) return 'cancel';
	const choice = form.get('secretaryChoice');
	const seen = String(form.get('secretarySeen') ?? '')
		.split(',')
		.filter((id) => /^\d{1,10}$/.test(id))
		.map(Number);
	if (choice === 'replace' || choice === 'deputy') return { choice, seen };
	return form.has('secretarySeen') ? 'missing' : null;
}

/**
 * One secretary a unit (Party Charter: a cell elects one secretary and its deputies). When a
 * save makes `personId` (null for someone new) secretary of `unitId` and the unit has another,
 * the manager must choose: "replace" (the others become members) or "deputy" (this person is
 * saved as deputy secretary). Without a choice for exactly these secretaries, nothing is saved and
 * the conflict is returned. Run inside the transaction, after `lockOrgTree`.
 */
export async function settleSecretary(
	tx: DbOrTx,
	input: {
		unitId: number;
		personId: number | null;
		decision: SecretaryDecision | 'missing' | null;
	}
): Promise<SecretarySettled | { conflict: SecretaryConflict }> {
	const { unitId, personId, decision } = input;
	const existing = await tx
		.select({ id: people.id, fullName: people.fullName })
		.from(people)
		.where(
			and(
				eq(people.orgUnitId, unitId),
				eq(people.position, 'secretary'),
				personId === null ? undefined : ne(people.id, personId)
			)
		)
		.orderBy(people.id);
	if (existing.length === 0) return { position: 'secretary', demoted: [], choice: null };
	const ids = existing.map((p) => p.id);
	const answered =
		decision !== null &&
		decision !== 'missing' &&
		decision.seen.length === ids.length &&
		ids.every((id) => decision.seen.includes(id));
	if (!answered) {
		const [unit] = await tx
			.select({ code: orgUnits.code, name: orgUnits.name })
			.from(orgUnits)
			.where(eq(orgUnits.id, unitId));
		return { conflict: { unit, existing, choiceMissing: decision === 'missing' } };
	}
	if (decision.choice === 'deputy') {
		return { position: 'deputy_secretary', demoted: [], choice: 'deputy' };
	}
	await tx
		.update(people)
		.set({ position: 'member', updatedAt: new Date() })
		.where(inArray(people.id, ids));
	return { position: 'secretary', demoted: ids, choice: 'replace' };
}
