import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
	contestIncidents,
	contestRegistrations,
	orgUnits,
	users,
	type IncidentKind
} from '../db/schema';
import { rowsOf } from '../orgs/scope';
import { groupingUnitSql } from './candidates';

/**
 * The live monitor of an online round: per unit, how many candidates are registered, have started,
 * are still working (an attempt in progress before its deadline) and have submitted; and the
 * latest incidents. Everything is read from the database on each call, so every app instance
 * shows the same figures; the monitor's stream (see `monitorStream`) calls it every second.
 */

export type UnitCounts = {
	unitId: number;
	unitName: string;
	unitCode: string;
	registered: number;
	started: number;
	working: number;
	submitted: number;
};

export type MonitorIncident = {
	id: number;
	at: string;
	kind: IncidentKind;
	candidateName: string;
	candidateCode: string | null;
	unitName: string | null;
	details: Record<string, unknown> | null;
};

export type MonitorSnapshot = {
	serverTime: string;
	totals: Omit<UnitCounts, 'unitId' | 'unitName' | 'unitCode'>;
	units: UnitCounts[];
	incidents: MonitorIncident[];
};

export type MonitorTarget = {
	roundId: number;
	levelId: number;
	/** The contest's organizing unit: counts are grouped by its direct sub-units. */
	contestUnit: { id: number; path: string };
};

export async function unitCounts(
	db: DbOrTx,
	target: MonitorTarget,
	now: Date
): Promise<UnitCounts[]> {
	const result = await db.execute(sql`
		with regs as (
			select r.user_id, ${groupingUnitSql(target.contestUnit)} as unit_id
			from contest_registrations r
			join org_units u on u.id = r.org_unit_id
			where r.level_id = ${target.levelId} and r.withdrawn_at is null
		),
		tries as (
			select user_id,
				bool_or(status = 'in_progress' and deadline > ${now.toISOString()}::timestamptz) as working,
				bool_or(status = 'finished') as finished
			from attempts
			where round_id = ${target.roundId}
			group by user_id
		)
		select regs.unit_id, g.name as unit_name, g.code as unit_code,
			count(*)::int as registered,
			count(tries.user_id)::int as started,
			(count(*) filter (where tries.working))::int as working,
			(count(*) filter (where tries.finished))::int as submitted
		from regs
		left join tries on tries.user_id = regs.user_id
		join org_units g on g.id = regs.unit_id
		group by regs.unit_id, g.name, g.code
		order by g.name, regs.unit_id
	`);
	return rowsOf<{
		unit_id: number;
		unit_name: string;
		unit_code: string;
		registered: number;
		started: number;
		working: number;
		submitted: number;
	}>(result).map((r) => ({
		unitId: Number(r.unit_id),
		unitName: r.unit_name,
		unitCode: r.unit_code,
		registered: Number(r.registered),
		started: Number(r.started),
		working: Number(r.working),
		submitted: Number(r.submitted)
	}));
}

export async function latestIncidents(
	db: DbOrTx,
	target: MonitorTarget,
	limit = 50
): Promise<MonitorIncident[]> {
	const rows = await db
		.select({
			id: contestIncidents.id,
			at: contestIncidents.at,
			kind: contestIncidents.kind,
			details: contestIncidents.details,
			candidateName: users.displayName,
			candidateCode: contestRegistrations.candidateCode,
			unitName: orgUnits.name
		})
		.from(contestIncidents)
		.innerJoin(users, eq(users.id, contestIncidents.userId))
		.leftJoin(
			contestRegistrations,
			and(
				eq(contestRegistrations.userId, contestIncidents.userId),
				eq(contestRegistrations.levelId, target.levelId)
			)
		)
		.leftJoin(orgUnits, eq(orgUnits.id, contestRegistrations.orgUnitId))
		.where(eq(contestIncidents.roundId, target.roundId))
		.orderBy(desc(contestIncidents.id))
		.limit(limit);
	return rows.map((r) => ({ ...r, at: r.at.toISOString(), details: r.details ?? null }));
}

export async function monitorSnapshot(
	db: DbOrTx,
	target: MonitorTarget,
	now = new Date()
): Promise<MonitorSnapshot> {
	const [units, incidents] = [await unitCounts(db, target, now), await latestIncidents(db, target)];
	const sum = (key: 'registered' | 'started' | 'working' | 'submitted') =>
		units.reduce((s, u) => s + u[key], 0);
	return {
		serverTime: now.toISOString(),
		totals: {
			registered: sum('registered'),
			started: sum('started'),
			working: sum('working'),
			submitted: sum('submitted')
		},
		units,
		incidents
	};
}

/** Any instance records an incident in the table; every instance's monitor reads it. */
export async function recordIncident(
	db: DbOrTx,
	incident: {
		roundId: number;
		userId: number;
		attemptId?: string | null;
		kind: IncidentKind;
		details?: Record<string, unknown>;
		at?: Date;
	}
) {
	await db.insert(contestIncidents).values({
		roundId: incident.roundId,
		userId: incident.userId,
		attemptId: incident.attemptId ?? null,
		kind: incident.kind,
		details: incident.details ?? null,
		...(incident.at ? { at: incident.at } : {})
	});
}
