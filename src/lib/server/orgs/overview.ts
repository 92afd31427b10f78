import { and, asc, count, desc, eq, inArray, isNull, like, ne, sql } from 'drizzle-orm';
import { hasRoleAt } from '../auth/access';
import type { SessionUser } from '../auth/session';
import type { DbOrTx } from '../db/client';
import { orgMerges, orgUnits, people, users, type OrgKind, type Position } from '../db/schema';
import { compareVietnamese, escapeLike } from '../text/fold';
import { getOrgUnit } from './units';

export type UnitRef = { id: number; code: string; name: string };

export type UnitOverview = {
	unit: UnitRef & { kind: OrgKind; mergedAt: Date | null };
	/** Where a merged unit went; null for a live unit. */
	mergedInto: UnitRef | null;
	/** Ancestors the viewer manages, outermost first (for the breadcrumb). */
	ancestors: UnitRef[];
	children: (UnitRef & { kind: OrgKind; childCount: number; peopleTotal: number })[];
	counts: { children: number; descendants: number; peopleDirect: number; peopleTotal: number };
	merges: {
		mergedId: number;
		mergedCode: string;
		mergedName: string;
		mergedAt: Date;
		actorName: string | null;
		moved: Record<string, number>;
	}[];
	people: { id: number; fullName: string; position: Position }[];
	peopleMore: boolean;
};

const PEOPLE_SHOWN = 200;

/**
 * What the unit page shows, for a viewer who manages the unit (checked by the caller). Merged
 * units resolve too, with a pointer to where they went.
 */
export async function getUnitOverview(
	db: DbOrTx,
	viewer: SessionUser,
	id: number
): Promise<UnitOverview | null> {
	const unit = await getOrgUnit(db, id);
	if (!unit) return null;
	const ancestorIds = unit.path.split('/').filter(Boolean).map(Number).slice(0, -1);
	const ancestorRows = ancestorIds.length
		? await db
				.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, path: orgUnits.path })
				.from(orgUnits)
				.where(inArray(orgUnits.id, ancestorIds))
		: [];
	const ancestors = ancestorRows
		.filter((a) => hasRoleAt(viewer, 'manager', a.path))
		.sort((a, b) => a.path.length - b.path.length)
		.map(({ id, code, name }) => ({ id, code, name }));
	const mergedInto = unit.mergedIntoId ? await getOrgUnit(db, unit.mergedIntoId) : null;

	const subtree = like(orgUnits.path, escapeLike(unit.path) + '%');
	const [childRows, [descendants], [peopleTotal], [peopleDirect], peopleRows, merges] =
		await Promise.all([
			db
				.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
				.from(orgUnits)
				.where(and(eq(orgUnits.parentId, unit.id), isNull(orgUnits.mergedIntoId))),
			db
				.select({ n: count() })
				.from(orgUnits)
				.where(and(subtree, isNull(orgUnits.mergedIntoId))),
			db
				.select({ n: count() })
				.from(people)
				.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
				.where(subtree),
			db.select({ n: count() }).from(people).where(eq(people.orgUnitId, unit.id)),
			db
				.select({ id: people.id, fullName: people.fullName, position: people.position })
				.from(people)
				.where(eq(people.orgUnitId, unit.id))
				.orderBy(asc(people.id))
				.limit(PEOPLE_SHOWN + 1),
			db
				.select({
					mergedId: orgMerges.mergedId,
					mergedCode: orgMerges.mergedCode,
					mergedName: orgMerges.mergedName,
					mergedAt: orgMerges.mergedAt,
					actorName: users.displayName,
					moved: orgMerges.moved
				})
				.from(orgMerges)
				.leftJoin(users, eq(users.id, orgMerges.actorUserId))
				.where(eq(orgMerges.survivorId, unit.id))
				.orderBy(desc(orgMerges.mergedAt), desc(orgMerges.id))
		]);

	const childIds = childRows.map((c) => c.id);
	const childKey = sql<number>`split_part(substr(${orgUnits.path}, ${unit.path.length + 1}::int), '/', 1)::int`;
	const [grandchildren, childPeople] = childIds.length
		? await Promise.all([
				db
					.select({ id: orgUnits.parentId, n: count() })
					.from(orgUnits)
					.where(and(inArray(orgUnits.parentId, childIds), isNull(orgUnits.mergedIntoId)))
					.groupBy(orgUnits.parentId),
				db
					.select({ id: childKey, n: count() })
					.from(people)
					.innerJoin(orgUnits, eq(orgUnits.id, people.orgUnitId))
					.where(and(subtree, ne(orgUnits.id, unit.id)))
					.groupBy(sql`1`)
			])
		: [[], []];
	const kidsOf = new Map(grandchildren.map((r) => [r.id, Number(r.n)]));
	const peopleOf = new Map(childPeople.map((r) => [Number(r.id), Number(r.n)]));
	const children = childRows.map((c) => ({
		id: c.id,
		code: c.code,
		name: c.name,
		kind: c.kind,
		childCount: kidsOf.get(c.id) ?? 0,
		peopleTotal: peopleOf.get(c.id) ?? 0
	}));
	const position = { secretary: 0, deputy_secretary: 1, committee_member: 2, member: 3 };
	const shownPeople = peopleRows
		.slice(0, PEOPLE_SHOWN)
		.sort(
			(a, b) =>
				position[a.position] - position[b.position] ||
				compareVietnamese(lastWord(a.fullName), lastWord(b.fullName)) ||
				compareVietnamese(a.fullName, b.fullName)
		);
	return {
		unit: {
			id: unit.id,
			code: unit.code,
			name: unit.name,
			kind: unit.kind,
			mergedAt: unit.mergedAt
		},
		mergedInto: mergedInto
			? { id: mergedInto.id, code: mergedInto.code, name: mergedInto.name }
			: null,
		ancestors,
		children: children.sort(
			(a, b) => compareVietnamese(a.name, b.name) || compareVietnamese(a.code, b.code)
		),
		counts: {
			children: children.length,
			descendants: Math.max(0, Number(descendants.n) - (unit.mergedIntoId ? 0 : 1)),
			peopleDirect: Number(peopleDirect.n),
			peopleTotal: Number(peopleTotal.n)
		},
		merges: merges.map((m) => ({ ...m, moved: m.moved ?? {} })),
		people: shownPeople,
		peopleMore: peopleRows.length > PEOPLE_SHOWN
	};
}

/** Vietnamese lists sort people by given name (the last word), then the full name. */
const lastWord = (name: string) => name.split(' ').at(-1) ?? name;
