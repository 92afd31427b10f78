import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { pickFromPool } from './draw';
import { addCard } from './cards';
import { drawCard } from './draw-card';
import { projectorSnapshot } from './projector';
import { saveSettings } from './settings';
import { setCurrentFinalist } from './stage';
import { finals } from './testing/finals-fixtures';

describeEachDatabase('the hall', ({ db }) => {
	it('draw by lot: no repeat in the round, reproducible from the stored seed, shown on the projector', async () => {
		const f = await finals(db());
		for (const t of ['Tình huống 1', 'Tình huống 2']) {
			await addCard(db(), f.organizer.id, f.contest.id, {
				title: t,
				body: `Nội dung **${t}**<script>alert(1)</script>`,
				guidingPoints: 'GỢI Ý MẬT',
				criteria: ''
			});
		}
		expect(await drawCard(db(), f.organizer.id, f.round)).toEqual({
			ok: false,
			error: 'no_finalist'
		});
		await setCurrentFinalist(db(), f.round, f.a.registration.id);
		const first = await drawCard(db(), f.organizer.id, f.round);
		if (!first.ok) throw new Error(first.error);
		expect(pickFromPool(first.pool, first.seed)).toBe(first.cardId);
		expect(first.pool).toHaveLength(2);
		// Pressing again shows the same card.
		expect(await drawCard(db(), f.organizer.id, f.round)).toMatchObject({
			cardId: first.cardId,
			again: true
		});
		const shown = await projectorSnapshot(db(), f.round);
		expect(shown.card?.title).toMatch(/^Tình huống/);
		expect(shown.card?.html).not.toContain('<script');
		expect(JSON.stringify(shown)).not.toContain('GỢI Ý MẬT');
		expect(shown.finalist?.name).toBe('Nguyễn Thị Hồng');
		await setCurrentFinalist(db(), f.round, f.b.registration.id);
		const second = await drawCard(db(), f.organizer.id, f.round);
		if (!second.ok) throw new Error(second.error);
		expect(second.pool).toEqual(first.pool.filter((id) => id !== first.cardId));
		expect(second.cardId).not.toBe(first.cardId);
		// Repeats allowed: the full bank again for a new finalist.
		await saveSettings(db(), f.organizer.id, f.round, {
			aggregation: 'mean',
			disagreementThreshold: 10,
			projectorScores: 'live',
			noRepeat: false,
			prepSeconds: 60,
			answerSeconds: 180
		});
		const c = await f.register(f.cellA, 'Lê Đức Anh');
		await setCurrentFinalist(db(), f.round, c.registration.id);
		const third = await drawCard(db(), f.organizer.id, f.round);
		expect(third.ok && third.pool).toHaveLength(2);
	});
});
