import { createUser } from '../../auth/users';
import type { DbOrTx } from '../../db/client';
import {
	attempts,
	contestLevels,
	contestPredictions,
	contestRegistrations,
	contestRounds,
	contests,
	type OrgUnit
} from '../../db/schema';
import { unit, uniquePrefix } from '../../orgs/test-fixtures';
import { defaultQuiz } from '../../quiz/testing/fixtures';

/**
 * A province contest written straight into the tables (the organizer side's tests and the
 * benchmark): a province with two communes and a cell each, a contest with two levels, an online
 * round in the first, and helpers to register candidates and record their attempts.
 */
export async function buildContest(db: DbOrTx, now = new Date()) {
	const p = uniquePrefix();
	const province = await unit(db, p, 'Đảng bộ tỉnh Thử Nghiệm', 'province', null);
	const communeA = await unit(db, `${p}-TL`, 'Đảng bộ xã Tân Lập', 'commune', province);
	const communeB = await unit(db, `${p}-MK`, 'Đảng bộ phường Minh Khai', 'ward', province);
	const cellA = await unit(db, `${p}-TL-01`, 'Chi bộ thôn Đồng Chùa', 'cell', communeA);
	const cellB = await unit(db, `${p}-MK-01`, 'Chi bộ tổ dân phố 1', 'cell', communeB);
	const [contest] = await db
		.insert(contests)
		.values({
			name: 'Hội thi Bí thư chi bộ giỏi',
			year: 2026,
			kind: 'hoi_thi',
			orgUnitId: province.id,
			status: 'open'
		})
		.returning();
	const [level1, level2] = await db
		.insert(contestLevels)
		.values([
			{
				contestId: contest.id,
				name: 'Vòng sơ khảo',
				sortOrder: 1,
				advancement: { mode: 'top_overall', count: 2 }
			},
			{ contestId: contest.id, name: 'Chung khảo', sortOrder: 2 }
		])
		.returning();
	const [round] = await db
		.insert(contestRounds)
		.values({
			contestId: contest.id,
			levelId: level1.id,
			name: 'Thi trắc nghiệm trực tuyến',
			sortOrder: 1,
			kind: 'online',
			status: 'scheduled',
			opensAt: new Date(now.getTime() - 3_600_000),
			closesAt: new Date(now.getTime() + 3_600_000),
			durationSeconds: 1800,
			questionCount: 30,
			predictionQuestion: 'Có bao nhiêu người trả lời đúng tất cả?'
		})
		.returning();
	let n = 0;
	const register = async (at: OrgUnit, name: string, levelId = level1.id) => {
		n++;
		const user = await createUser(db, { username: `${p}_c${n}`.toLowerCase(), displayName: name });
		const [registration] = await db
			.insert(contestRegistrations)
			.values({
				contestId: contest.id,
				levelId,
				userId: user.id,
				orgUnitId: at.id,
				position: 'secretary',
				source: 'list',
				candidateCode: `${p}-${String(n).padStart(3, '0')}`
			})
			.returning();
		return { user, registration };
	};
	let attemptNo = 0;
	/** An attempt at the round: finished with a score, or in progress until `deadline`. */
	const attempt = async (
		userId: number,
		a: {
			startedAt: Date;
			finishedAt?: Date;
			deadline?: Date;
			score?: number;
			prediction?: number;
		}
	) => {
		const [row] = await db
			.insert(attempts)
			.values({
				userId,
				kind: 'contest',
				subject: `round:${round.id}`,
				attemptNo: ++attemptNo,
				roundId: round.id,
				config: { ...defaultQuiz, questionCount: 30 },
				seed: 'fixture',
				status: a.finishedAt ? 'finished' : 'in_progress',
				startedAt: a.startedAt,
				deadline: a.deadline ?? a.finishedAt ?? new Date(a.startedAt.getTime() + 1_800_000),
				finishedAt: a.finishedAt ?? null,
				finishReason: a.finishedAt ? 'submitted' : null,
				score: a.finishedAt ? (a.score ?? 0) : null,
				maxScore: 30
			})
			.returning();
		if (a.prediction !== undefined) {
			await db
				.insert(contestPredictions)
				.values({ attemptId: row.id, roundId: round.id, value: a.prediction });
		}
		return row;
	};
	return {
		prefix: p,
		province,
		communeA,
		communeB,
		cellA,
		cellB,
		contest,
		level1,
		level2,
		round,
		register,
		attempt
	};
}
