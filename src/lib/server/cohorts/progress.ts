import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { AssignmentKind } from '../db/schema';
import { rowsOf } from '../orgs/scope';
import type { Day } from '../qualification/calendar';

export const ASSIGNMENT_STATUSES = ['not_started', 'started', 'read', 'passed', 'overdue'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** One person × one assignment. */
export type ProgressCell = {
	assignmentId: number;
	moduleId: string;
	kind: AssignmentKind;
	dueOn: Day;
	status: AssignmentStatus;
	/** The Vietnamese day the work was done (read or first passed), null when not yet. */
	doneOn: Day | null;
	lessonsDone: number;
	lessonsTotal: number;
	attempts: number;
	/** Best practice score in percent, null before a finished attempt. */
	bestPercent: number | null;
};

export type ProgressRow = {
	personId: number;
	fullName: string;
	sortKey: string;
	hasAccount: boolean;
	unitId: number;
	unitCode: string;
	unitName: string;
	cells: ProgressCell[];
};

type RawRow = {
	person_id: number;
	full_name: string;
	sort_key: string;
	user_id: number | null;
	unit_id: number;
	unit_code: string;
	unit_name: string;
	cohort_id: number;
	assignment_id: number;
	module_id: string;
	kind: AssignmentKind;
	due_on: string;
	lessons_done: number;
	lessons_total: number;
	reading_started: boolean;
	read_on: string | null;
	attempts: number;
	best: number | null;
	passed_on: string | null;
};

/**
 * The status of one cell, from what the person did: the work done (at any time, a late one
 * included) wins; otherwise past the due day it is overdue; otherwise started or not.
 */
export function cellStatus(
	r: Pick<RawRow, 'kind' | 'due_on' | 'read_on' | 'passed_on' | 'reading_started' | 'attempts'>,
	today: Day
): { status: AssignmentStatus; doneOn: Day | null } {
	const doneOn = r.kind === 'read' ? r.read_on : r.passed_on;
	if (doneOn) return { status: r.kind === 'read' ? 'read' : 'passed', doneOn };
	if (today > r.due_on) return { status: 'overdue', doneOn: null };
	return { status: r.reading_started || r.attempts > 0 ? 'started' : 'not_started', doneOn: null };
}

/**
 * Person × assignment, in one query: the members (of one cohort, or the cohorts of one person),
 * their reading per module (complete when every current lesson is completed, as qualification
 * counts it) and their finished practice attempts (count, best percent, first pass).
 */
async function progressQuery(db: DbOrTx, members: SQL) {
	const tz = 'Asia/Ho_Chi_Minh';
	const result = await db.execute(sql`
		with m as (${members}),
		a as (
			select ca.id, ca.cohort_id, ca.module_id, ca.kind, ca.due_on
			from cohort_assignments ca where ca.cohort_id in (select distinct cohort_id from m)
		),
		lc as (
			select module_id, count(*)::int as total from lessons
			where retired_at is null and module_id in (select module_id from a) group by module_id
		),
		rd as (
			select lp.user_id, lp.module_id,
				count(*) filter (where lp.completed_at is not null and l.retired_at is null)::int as done,
				max(lp.completed_at) as last_done
			from lesson_progress lp join lessons l on l.id = lp.lesson_id
			where lp.user_id in (select user_id from m) and lp.module_id in (select module_id from a)
			group by lp.user_id, lp.module_id
		),
		pr as (
			select user_id, module_id, count(*)::int as attempts,
				max(score * 100.0 / nullif(max_score, 0))::float8 as best,
				min(finished_at) filter (where passed) as first_pass
			from attempts
			where kind = 'practice' and status = 'finished'
				and user_id in (select user_id from m) and module_id in (select module_id from a)
			group by user_id, module_id
		)
		select m.person_id, m.full_name, m.sort_key, m.user_id, m.unit_id, m.unit_code, m.unit_name,
			a.cohort_id, a.id as assignment_id, a.module_id, a.kind, a.due_on::text as due_on,
			coalesce(rd.done, 0) as lessons_done, coalesce(lc.total, 0) as lessons_total,
			rd.user_id is not null as reading_started,
			case when lc.total > 0 and rd.done >= lc.total
				then to_char(rd.last_done at time zone ${tz}, 'YYYY-MM-DD') end as read_on,
			coalesce(pr.attempts, 0) as attempts, pr.best,
			to_char(pr.first_pass at time zone ${tz}, 'YYYY-MM-DD') as passed_on
		from m join a on a.cohort_id = m.cohort_id
		left join lc on lc.module_id = a.module_id
		left join rd on rd.user_id = m.user_id and rd.module_id = a.module_id
		left join pr on pr.user_id = m.user_id and pr.module_id = a.module_id
		order by a.due_on, a.module_id, a.kind
	`);
	return rowsOf<RawRow>(result);
}

const toCell = (r: RawRow, today: Day): ProgressCell => ({
	assignmentId: Number(r.assignment_id),
	moduleId: r.module_id,
	kind: r.kind,
	dueOn: r.due_on,
	lessonsDone: Number(r.lessons_done),
	lessonsTotal: Number(r.lessons_total),
	attempts: Number(r.attempts),
	bestPercent: r.best === null ? null : Math.round(Number(r.best) * 10) / 10,
	...cellStatus({ ...r, attempts: Number(r.attempts) }, today)
});

/** The trainer's table: every member of the cohort with a cell per assignment. */
export async function cohortProgress(
	db: DbOrTx,
	cohortId: number,
	today: Day
): Promise<ProgressRow[]> {
	const [members, raw] = await Promise.all([
		db.execute(sql`
			select p.id as person_id, p.full_name, p.sort_key, u.id is not null as has_account,
				o.id as unit_id, o.code as unit_code, o.name as unit_name
			from cohort_members cm join people p on p.id = cm.person_id
			join org_units o on o.id = p.org_unit_id left join users u on u.person_id = p.id
			where cm.cohort_id = ${cohortId}
		`),
		progressQuery(db, memberSql(sql`cm.cohort_id = ${cohortId}`))
	]);
	const cells = new Map<number, ProgressCell[]>();
	for (const r of raw) {
		const id = Number(r.person_id);
		cells.set(id, [...(cells.get(id) ?? []), toCell(r, today)]);
	}
	return rowsOf<{
		person_id: number;
		full_name: string;
		sort_key: string;
		has_account: boolean;
		unit_id: number;
		unit_code: string;
		unit_name: string;
	}>(members).map((m) => ({
		personId: Number(m.person_id),
		fullName: m.full_name,
		sortKey: m.sort_key,
		hasAccount: m.has_account,
		unitId: Number(m.unit_id),
		unitCode: m.unit_code,
		unitName: m.unit_name,
		cells: cells.get(Number(m.person_id)) ?? []
	}));
}

const memberSql = (where: SQL) => sql`
	select cm.cohort_id, p.id as person_id, p.full_name, p.sort_key, u.id as user_id,
		o.id as unit_id, o.code as unit_code, o.name as unit_name
	from cohort_members cm join people p on p.id = cm.person_id
	join org_units o on o.id = p.org_unit_id left join users u on u.person_id = p.id
	where ${where}
`;

export type MyAssignment = ProgressCell & { cohortId: number; cohortName: string };

/**
 * A member's own assignments (home page): those of the cohorts they belong to whose period has
 * not ended, most urgent first.
 */
export async function myAssignments(
	db: DbOrTx,
	personId: number,
	today: Day
): Promise<MyAssignment[]> {
	const raw = await progressQuery(
		db,
		memberSql(sql`cm.person_id = ${personId} and cm.cohort_id in (
			select id from cohorts where ends_on >= ${today}::date)`)
	);
	if (raw.length === 0) return [];
	const names = rowsOf<{ id: number; name: string }>(
		await db.execute(
			sql`select id, name from cohorts where id in (select cohort_id from cohort_members where person_id = ${personId})`
		)
	);
	const nameOf = new Map(names.map((n) => [Number(n.id), n.name]));
	const rank = (s: AssignmentStatus) =>
		s === 'overdue' ? 0 : s === 'read' || s === 'passed' ? 2 : 1;
	return raw
		.map((r) => ({
			...toCell(r, today),
			cohortId: Number(r.cohort_id),
			cohortName: nameOf.get(Number(r.cohort_id)) ?? ''
		}))
		.sort((a, b) => rank(a.status) - rank(b.status) || a.dueOn.localeCompare(b.dueOn));
}
