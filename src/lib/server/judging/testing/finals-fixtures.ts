import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { SessionUser } from '../../auth/session';
import { grantRole } from '../../auth/users';
import type { Db } from '../../db/client';
import { contestRounds, type OrgUnit } from '../../db/schema';
import { createPersonWithAccount } from '../../people/people';
import { actorWith } from '../../testing/actors';
import { buildContest } from '../../contests/testing/organize-fixtures';
import { addJudge } from '../panel';
import { saveRubric } from '../rubric';
import { judgeSeat } from '../seats';
import { judgeView } from '../sheets';

/** A judge account whose person record is in `unit` (for the conflict rule), judging over `grant`. */
export async function judgeFrom(
	db: Db,
	unit: OrgUnit,
	grant: OrgUnit,
	name: string
): Promise<SessionUser> {
	const made = await createPersonWithAccount(db, { orgUnitId: unit.id, fullName: name }, null);
	await grantRole(db, { userId: made.userId, role: 'judge', orgUnitId: grant.id });
	return {
		id: made.userId,
		username: made.username,
		displayName: name,
		personId: made.person.id,
		orgUnitId: unit.id,
		orgPath: unit.path,
		locale: 'vi',
		grants: [{ role: 'judge', orgUnitId: grant.id, path: grant.path }]
	};
}

/**
 * A province contest's judged round (level 1, weight 2) with two candidates (cells A and B), a
 * rubric of 40 + 20 points and three judges: two of the province, one from commune A (conflicted
 * for candidate A). `sheet(x, y)` builds the points of one sheet.
 */
export async function finals(db: Db, kind: 'situation' | 'essay' = 'situation') {
	const f = await buildContest(db);
	const organizer = await actorWith(db, [{ role: 'organizer', unit: f.province }]);
	const [round] = await db
		.insert(contestRounds)
		.values({
			contestId: f.contest.id,
			levelId: f.level1.id,
			name: kind === 'essay' ? 'Bài viết' : 'Xử lý tình huống',
			sortOrder: 2,
			kind,
			status: 'scheduled',
			weight: 2
		})
		.returning();
	const a = await f.register(f.cellA, 'Nguyễn Thị Hồng');
	const b = await f.register(f.cellB, 'Trần Văn Bắc');
	const judges = [
		await judgeFrom(db, f.province, f.province, 'Giám khảo Một'),
		await judgeFrom(db, f.province, f.province, 'Giám khảo Hai'),
		await judgeFrom(db, f.communeA, f.province, 'Giám khảo Tân Lập')
	];
	for (const j of judges) {
		expect(await addJudge(db, organizer.id, round, f.province.path, j.username)).toMatchObject({
			ok: true
		});
	}
	const rubric = await saveRubric(db, organizer.id, round, [
		{ name: 'Nội dung', maxPoints: 40, descriptors: 'Đúng, đủ' },
		{ name: 'Giải pháp', maxPoints: 20, descriptors: '' }
	]);
	expect(rubric).toEqual({ ok: true, maxScore: 60 });
	const [fresh] = await db.select().from(contestRounds).where(eq(contestRounds.id, round.id));
	const [c1, c2] = (await judgeView(db, (await judgeSeat(db, judges[0], round.id))!)).rubric;
	const sheet = (x: number, y: number) => ({ [c1.id]: x, [c2.id]: y });
	return { ...f, organizer, round: fresh, a, b, judges, sheet };
}
