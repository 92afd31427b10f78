import { ASSIGNMENT_KINDS, type AssignmentKind } from '../db/schema';

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) =>
	DAY.test(s) &&
	!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
	new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export type CohortInput = { name: string; orgUnitId: number; startsOn: string; endsOn: string };
export type CohortDetails = Omit<CohortInput, 'orgUnitId'>;

/** Name and period: what creating and editing a cohort share. */
function parseDetails(form: FormData, errors: FieldErrors): CohortDetails {
	const name = text(form, 'name');
	if (name.length < 3 || name.length > 200) errors.name = 'name';
	const startsOn = text(form, 'startsOn');
	const endsOn = text(form, 'endsOn');
	if (!isDay(startsOn)) errors.startsOn = 'date';
	if (!isDay(endsOn)) errors.endsOn = 'date';
	else if (isDay(startsOn) && endsOn < startsOn) errors.endsOn = 'before_start';
	return { name, startsOn, endsOn };
}

export function parseCohortForm(form: FormData): Parsed<CohortInput> {
	const errors: FieldErrors = {};
	const details = parseDetails(form, errors);
	const orgUnitId = Number(text(form, 'unit'));
	if (!Number.isSafeInteger(orgUnitId) || orgUnitId <= 0) errors.unit = 'unit';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, value: { ...details, orgUnitId } };
}

/** Renaming a cohort or changing its period (its unit stays: members were picked inside it). */
export function parseCohortEditForm(form: FormData): Parsed<CohortDetails> {
	const errors: FieldErrors = {};
	const details = parseDetails(form, errors);
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, value: details };
}

export type AssignmentInput = { moduleId: string; kind: AssignmentKind; dueOn: string };

export function parseAssignmentForm(
	form: FormData,
	moduleIds: readonly string[],
	quizModuleIds: readonly string[]
): Parsed<AssignmentInput> {
	const errors: FieldErrors = {};
	const moduleId = text(form, 'moduleId');
	const kind = text(form, 'kind') as AssignmentKind;
	const dueOn = text(form, 'dueOn');
	if (!moduleIds.includes(moduleId)) errors.moduleId = 'module';
	if (!ASSIGNMENT_KINDS.includes(kind)) errors.kind = 'kind';
	else if (kind === 'pass' && !quizModuleIds.includes(moduleId)) errors.kind = 'no_quiz';
	if (!isDay(dueOn)) errors.dueOn = 'date';
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, value: { moduleId, kind, dueOn } };
}
