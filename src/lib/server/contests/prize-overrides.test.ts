import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { contestAuditLog, contestLevels, contestRounds } from '../db/schema';
import { describeEachDatabase } from '../testing/databases';
import {
	clearOverride,
	computeAwards,
	levelAwards,
	levelOverrides,
	overrideAward,
	publishAwards,
	saveBands
} from './prizes-store';
import { closeRound, computeRoundResults } from './publish';
import { buildContest } from './testing/organize-fixtures';

const MIN = 60_000;

describeEachDatabase('prize overrides survive a recomputation', ({ db }) => {
	const level = async (id: number) =>
		(await db().select().from(contestLevels).where(eq(contestLevels.id, id)))[0];

	async function ranked() {
		const now = new Date();
		const f = await buildContest(db(), now);
		const t = (min: number) => new Date(now.getTime() - 60 * MIN + min * MIN);
		const people = [];
		for (const [i, name] of ['An', 'Bình', 'Cường', 'Dung', 'Em'].entries()) {
			const c = await f.register(i % 2 ? f.cellB : f.cellA, `Nguyễn Văn ${name}`);
			people.push(c);
			await f.attempt(c.user.id, {
				startedAt: t(0),
				finishedAt: t(10 + i),
				score: 30 - i
			});
		}
		const actorUserId = people[0].user.id;
		await closeRound(db(), f.round, { actorUserId, now });
		const [round] = await db().select().from(contestRounds).where(eq(contestRounds.id, f.round.id));
		await computeRoundResults(db(), round, { actorUserId, now });
		const ctx = { actorUserId, contestUnit: f.province };
		await saveBands(
			db(),
			await level(f.level1.id),
			[
				{ name: 'Giải Nhất', count: 1 },
				{ name: 'Giải Nhì', count: 1 },
				{ name: 'Giải Ba', count: 2 }
			],
			ctx
		);
		expect(await computeAwards(db(), await level(f.level1.id), ctx)).toMatchObject({
			ok: true,
			awarded: 4,
			overridden: 0
		});
		const bands = new Map(
			(await levelAwards(db(), f.level1.id)).map((a) => [a.band.name, a.band.id])
		);
		return { f, people, ctx, bands };
	}

	const awarded = async (levelId: number) =>
		(await levelAwards(db(), levelId)).map((a) => [
			a.award.rank,
			a.band.name,
			a.award.registrationId
		]);

	it('keeps a prize given and a prize taken away by the organizer when prizes are computed again', async () => {
		const { f, people, ctx, bands } = await ranked();
		const [, , , dung, em] = people.map((p) => p.registration.id);
		const lvl = await level(f.level1.id);
		expect(
			await overrideAward(
				db(),
				lvl,
				{ registrationId: em, bandId: bands.get('Giải Ba')!, rank: 5, reason: 'Bổ sung giải' },
				ctx
			)
		).toEqual({ ok: true });
		expect(
			await overrideAward(
				db(),
				lvl,
				{ registrationId: dung, bandId: null, rank: 4, reason: 'Vi phạm quy chế' },
				ctx
			)
		).toEqual({ ok: true });
		const before = await awarded(f.level1.id);

		const again = await computeAwards(db(), await level(f.level1.id), ctx);
		expect(again).toMatchObject({ ok: true, awarded: 4, overridden: 2 });
		expect(await awarded(f.level1.id)).toEqual(before);
		expect(before.map((a) => a[2])).toContain(em);
		expect(before.map((a) => a[2])).not.toContain(dung);
		const kept = await levelOverrides(db(), f.level1.id);
		expect(kept.map((o) => [o.registrationId, o.bandId, o.reason]).sort()).toEqual(
			[
				[dung, null, 'Vi phạm quy chế'],
				[em, bands.get('Giải Ba')!, 'Bổ sung giải']
			].sort()
		);
		const logged = await db()
			.select()
			.from(contestAuditLog)
			.where(
				and(
					eq(contestAuditLog.contestId, f.contest.id),
					eq(contestAuditLog.action, 'level.awards_computed')
				)
			);
		expect(logged.at(-1)?.details).toMatchObject({ overridden: [dung, em].sort((a, b) => a - b) });
	});

	it('refuses new bands while overrides point at the old ones, naming them; a withdrawn override goes back to the bands', async () => {
		const { f, people, ctx, bands } = await ranked();
		const em = people[4].registration.id;
		await overrideAward(
			db(),
			await level(f.level1.id),
			{ registrationId: em, bandId: bands.get('Giải Ba')!, rank: 5, reason: 'Bổ sung giải' },
			ctx
		);
		expect(
			await saveBands(db(), await level(f.level1.id), [{ name: 'Giải A', count: 3 }], ctx)
		).toEqual({ ok: false, error: 'overrides_exist', overrides: [em] });
		expect((await levelAwards(db(), f.level1.id)).map((a) => a.band.name)).toContain('Giải Ba');

		expect(
			await clearOverride(db(), await level(f.level1.id), { registrationId: em, reason: '' }, ctx)
		).toEqual({ ok: false, error: 'reason_required' });
		expect(
			await clearOverride(
				db(),
				await level(f.level1.id),
				{ registrationId: em, reason: 'Hội đồng rút lại' },
				ctx
			)
		).toMatchObject({ ok: true });
		expect(await levelOverrides(db(), f.level1.id)).toEqual([]);
		expect((await awarded(f.level1.id)).map((a) => a[2])).not.toContain(em);
		expect(
			await saveBands(db(), await level(f.level1.id), [{ name: 'Giải A', count: 3 }], ctx)
		).toEqual({ ok: true });
	});

	it('once published, overrides are frozen with the awards', async () => {
		const { f, people, ctx, bands } = await ranked();
		const em = people[4].registration.id;
		await overrideAward(
			db(),
			await level(f.level1.id),
			{ registrationId: em, bandId: bands.get('Giải Ba')!, rank: 5, reason: 'Bổ sung giải' },
			ctx
		);
		await publishAwards(db(), await level(f.level1.id), { ...ctx, year: 2026 });
		expect(
			await clearOverride(
				db(),
				await level(f.level1.id),
				{ registrationId: em, reason: 'Muộn' },
				ctx
			)
		).toEqual({ ok: false, error: 'published' });
		expect(await computeAwards(db(), await level(f.level1.id), ctx)).toEqual({
			ok: false,
			error: 'published'
		});
	});
});
