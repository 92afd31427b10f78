import { and, desc, eq, like } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/log';
import type { DbOrTx } from '../db/client';
import { auditLog, people, trainingRecords, users } from '../db/schema';
import { isDay, type Day } from './calendar';
import { peopleChanged, personIdsOf } from './summary';

export const TRAINING_TEXT_MAX = 200;
export const CERTIFICATE_MAX = 50;
export const HOURS_MAX = 2000;

export type TrainingValue = {
	name: string;
	organizer: string;
	startOn: Day;
	endOn: Day;
	hours: number;
	certificateNumber: string | null;
};

/** NFC, trimmed, single spaces: what every text of a record is stored as. */
export const normalizeText = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/** "03/11/2025", "3/11/2025" or "2025-11-03" → "2025-11-03"; null when it is not a real day. */
export function parseDay(text: string): Day | null {
	const t = text.trim();
	const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
	const day = vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : t;
	return isDay(day) ? day : null;
}

const text = (max: number) =>
	z
		.string()
		.transform(normalizeText)
		.refine((v) => v.length > 0, 'required')
		.refine((v) => v.length <= max, 'too_long');

/** Error codes are message keys' suffixes (qualification_training_error_<code>). */
export const trainingSchema = (today: Day) =>
	z
		.object({
			name: text(TRAINING_TEXT_MAX),
			organizer: text(TRAINING_TEXT_MAX),
			startOn: z.string().transform((v, ctx) => {
				const day = parseDay(v);
				if (!day) ctx.addIssue({ code: 'custom', message: 'date' });
				return day ?? '';
			}),
			endOn: z.string().transform((v, ctx) => {
				const day = parseDay(v);
				if (!day) ctx.addIssue({ code: 'custom', message: 'date' });
				else if (day > today) ctx.addIssue({ code: 'custom', message: 'future' });
				return day ?? '';
			}),
			hours: z
				.string()
				.trim()
				.refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= HOURS_MAX, 'hours')
				.transform(Number),
			certificateNumber: z
				.string()
				.transform(normalizeText)
				.refine((v) => v.length <= CERTIFICATE_MAX, 'too_long')
				.transform((v) => (v === '' ? null : v))
		})
		.superRefine((v, ctx) => {
			if (v.startOn && v.endOn && v.endOn < v.startOn) {
				ctx.addIssue({ code: 'custom', message: 'order', path: ['endOn'] });
			}
		});

export type TrainingField = keyof TrainingValue;
export type TrainingFormValues = Record<TrainingField, string>;
export type TrainingErrors = Partial<Record<TrainingField, string>>;
export const TRAINING_FIELDS: TrainingField[] = [
	'name',
	'organizer',
	'startOn',
	'endOn',
	'hours',
	'certificateNumber'
];

export function checkTraining(
	values: TrainingFormValues,
	today: Day
): { ok: true; value: TrainingValue } | { ok: false; errors: TrainingErrors } {
	const parsed = trainingSchema(today).safeParse(values);
	if (parsed.success) return { ok: true, value: parsed.data };
	const errors: TrainingErrors = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as TrainingField;
		errors[field] ??= /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid';
	}
	return { ok: false, errors };
}

export function parseTrainingForm(form: FormData, today: Day) {
	const values = Object.fromEntries(
		TRAINING_FIELDS.map((f) => [f, String(form.get(f) ?? '')])
	) as TrainingFormValues;
	return { values, ...checkTraining(values, today) };
}

const AUDIT_TARGET = 'person';

/** Adds a course to a person (the caller checked the scope), with an audit entry. */
export async function addTrainingRecord(
	db: DbOrTx,
	input: { personId: number; orgUnitId: number; value: TrainingValue; actorUserId: number }
) {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(trainingRecords)
			.values({ personId: input.personId, ...input.value, createdByUserId: input.actorUserId })
			.returning({ id: trainingRecords.id });
		await peopleChanged(tx, personIdsOf([input.personId]));
		await recordAudit(tx, {
			actorUserId: input.actorUserId,
			action: 'qualification.training_added',
			targetType: AUDIT_TARGET,
			targetId: input.personId,
			orgUnitId: input.orgUnitId,
			details: { recordId: row.id, ...input.value }
		});
		return row.id;
	});
}

/** Removes one of a person's courses; false when the person has no such record. */
export async function deleteTrainingRecord(
	db: DbOrTx,
	input: { personId: number; orgUnitId: number; recordId: number; actorUserId: number }
) {
	return db.transaction(async (tx) => {
		const [gone] = await tx
			.delete(trainingRecords)
			.where(
				and(eq(trainingRecords.id, input.recordId), eq(trainingRecords.personId, input.personId))
			)
			.returning();
		if (!gone) return false;
		await peopleChanged(tx, personIdsOf([input.personId]));
		await recordAudit(tx, {
			actorUserId: input.actorUserId,
			action: 'qualification.training_deleted',
			targetType: AUDIT_TARGET,
			targetId: input.personId,
			orgUnitId: input.orgUnitId,
			details: {
				recordId: gone.id,
				name: gone.name,
				organizer: gone.organizer,
				startOn: gone.startOn,
				endOn: gone.endOn,
				hours: gone.hours,
				certificateNumber: gone.certificateNumber
			}
		});
		return true;
	});
}

/**
 * Changes one of a person's courses (the caller checked the scope); false when the person has no
 * such record. The audit entry keeps the fields before and after.
 */
export async function updateTrainingRecord(
	db: DbOrTx,
	input: {
		personId: number;
		orgUnitId: number;
		recordId: number;
		value: TrainingValue;
		actorUserId: number;
	}
) {
	return db.transaction(async (tx) => {
		const mine = and(
			eq(trainingRecords.id, input.recordId),
			eq(trainingRecords.personId, input.personId)
		);
		const [before] = await tx.select().from(trainingRecords).where(mine).for('update');
		if (!before) return false;
		await tx.update(trainingRecords).set(input.value).where(mine);
		await peopleChanged(tx, personIdsOf([input.personId]));
		const changed = TRAINING_FIELDS.filter((f) => before[f] !== input.value[f]);
		await recordAudit(tx, {
			actorUserId: input.actorUserId,
			action: 'qualification.training_updated',
			targetType: AUDIT_TARGET,
			targetId: input.personId,
			orgUnitId: input.orgUnitId,
			details: {
				recordId: before.id,
				name: input.value.name,
				changed,
				before: Object.fromEntries(changed.map((f) => [f, before[f]]))
			}
		});
		return true;
	});
}

/** A person's courses, latest first. */
export async function trainingRecordsOf(db: DbOrTx, personId: number) {
	return db
		.select({
			id: trainingRecords.id,
			name: trainingRecords.name,
			organizer: trainingRecords.organizer,
			startOn: trainingRecords.startOn,
			endOn: trainingRecords.endOn,
			hours: trainingRecords.hours,
			certificateNumber: trainingRecords.certificateNumber
		})
		.from(trainingRecords)
		.where(eq(trainingRecords.personId, personId))
		.orderBy(desc(trainingRecords.endOn), desc(trainingRecords.id));
}

/** Who changed a person's courses and when (added, deleted, imported), latest first. */
export async function trainingChangesOf(db: DbOrTx, personId: number) {
	const rows = await db
		.select({
			at: auditLog.at,
			action: auditLog.action,
			actor: users.displayName,
			details: auditLog.details
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorUserId))
		.where(
			and(
				eq(auditLog.targetType, AUDIT_TARGET),
				eq(auditLog.targetId, String(personId)),
				like(auditLog.action, 'qualification.training%')
			)
		)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(50);
	return rows.map((r) => ({
		at: r.at,
		action: r.action.replace('qualification.training_', '') as
			'added' | 'updated' | 'deleted' | 'imported',
		actor: r.actor,
		name: typeof r.details?.name === 'string' ? r.details.name : ''
	}));
}

/** The unit a person belongs to, for the audit entry. */
export async function personUnitId(db: DbOrTx, personId: number) {
	const [row] = await db
		.select({ orgUnitId: people.orgUnitId })
		.from(people)
		.where(eq(people.id, personId));
	return row?.orgUnitId ?? null;
}
