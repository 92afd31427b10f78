import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestLevels, contestRounds } from '../db/schema';
import { unit } from '../orgs/test-fixtures';
import { describeEachDatabase } from '../testing/databases';
import { publicContestResults } from './public-results';
import { computeRoundResults, publishRoundResults } from './publish';
import { buildContest } from './testing/organize-fixtures';

describeEachDatabase('the public results page', ({ db }) => {
	async function publishedRound(unitKind: 'commune' | null) {
		const now = new Date();
		const f = await buildContest(db(), now);
		await db().update(contestLevels).set({ unitKind }).where(eq(contestLevels.id, f.level1.id));
		// A third ward whose name sorts first in Vietnamese (Á is an A) but last by code point.
		const communeC = await unit(
			db(),
			`${f.prefix}-AD`,
			'Đảng bộ phường Ánh Dương',
			'ward',
			f.province
		);
		const cellC = await unit(db(), `${f.prefix}-AD-01`, 'Chi bộ khu 3', 'cell', communeC);
		const base = now.getTime() - 3_600_000;
		const sit = async (cell: typeof f.cellA, name: string, score: number) => {
			const c = await f.register(cell, name);
			await f.attempt(c.user.id, {
				startedAt: new Date(base),
				finishedAt: new Date(base + 60_000),
				score
			});
		};
		await sit(f.cellA, 'Tân Lập nhất', 30);
		await sit(f.cellA, 'Tân Lập nhì', 29);
		await sit(f.cellB, 'Minh Khai nhất', 28);
		await sit(f.cellB, 'Minh Khai nhì', 20);
		await sit(cellC, 'Ánh Dương nhất', 10);
		const [round] = await db()
			.update(contestRounds)
			.set({ closesAt: new Date(now.getTime() - 1000) })
			.where(eq(contestRounds.id, f.round.id))
			.returning();
		const actor = { actorUserId: (await f.register(f.cellA, 'Ban tổ chức')).user.id, now };
		expect(await computeRoundResults(db(), round, actor)).toMatchObject({ ok: true, ranked: 5 });
		const [computed] = await db()
			.select()
			.from(contestRounds)
			.where(eq(contestRounds.id, round.id));
		expect(await publishRoundResults(db(), computed, actor)).toMatchObject({ ok: true });
		const results = await publicContestResults(db(), f.contest.id);
		expect(results?.rounds).toHaveLength(1);
		return results!.rounds[0];
	}

	it('groups a level run per unit by unit, a heading each, in Vietnamese order, ranks restarting', async () => {
		const round = await publishedRound('commune');
		expect(
			round.groups.map((g) => [g.unitName, g.rows.map((r) => [r.rank, r.name, r.unitName])])
		).toEqual([
			['Đảng bộ phường Ánh Dương', [[1, 'Ánh Dương nhất', 'Chi bộ khu 3']]],
			[
				'Đảng bộ phường Minh Khai',
				[
					[1, 'Minh Khai nhất', 'Chi bộ tổ dân phố 1'],
					[2, 'Minh Khai nhì', 'Chi bộ tổ dân phố 1']
				]
			],
			[
				'Đảng bộ xã Tân Lập',
				[
					[1, 'Tân Lập nhất', 'Chi bộ thôn Đồng Chùa'],
					[2, 'Tân Lập nhì', 'Chi bộ thôn Đồng Chùa']
				]
			]
		]);
	});

	it('keeps one list for a level ranked as a whole', async () => {
		const round = await publishedRound(null);
		expect(round.groups.map((g) => [g.unitId, g.unitName])).toEqual([[null, null]]);
		expect(round.groups[0].rows.map((r) => [r.rank, r.name])).toEqual([
			[1, 'Tân Lập nhất'],
			[2, 'Tân Lập nhì'],
			[3, 'Minh Khai nhất'],
			[4, 'Minh Khai nhì'],
			[5, 'Ánh Dương nhất']
		]);
	});
});
