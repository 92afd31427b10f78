import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { auditEntriesFor } from '../audit/log';
import { actorWith, buildProvince } from '../orgs/test-fixtures';
import { describeEachDatabase } from '../testing/databases';
import { addRuleVersion, parseRuleForm, ruleVersions } from './store';

const form = (fields: Record<string, string | string[]>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) data.append(k, x);
	return data;
};

const valid = {
	effectiveFrom: '2027-01-01',
	requiredModules: ['m01', 'm07'],
	passPercent: '70',
	validityYears: '2',
	minTheoryLevel: 'elementary',
	trainingWithinYears: '3'
};

describe('parseRuleForm', () => {
	it('reads a complete form', () => {
		const parsed = parseRuleForm(form(valid), '2026-12-07', ['m01', 'm07', 'm09']);
		expect(parsed).toMatchObject({
			ok: true,
			value: {
				effectiveFrom: '2027-01-01',
				requiredModules: ['m01', 'm07'],
				passPercent: 70,
				validityYears: 2,
				minTheoryLevel: 'elementary',
				trainingWithinYears: 3
			}
		});
		const none = parseRuleForm(form({ ...valid, minTheoryLevel: '' }), '2026-12-07', [
			'm01',
			'm07'
		]);
		expect(none.ok && none.value.minTheoryLevel).toBeNull();
		const noCourse = parseRuleForm(form({ ...valid, trainingWithinYears: '' }), '2026-12-07', [
			'm01',
			'm07'
		]);
		expect(noCourse.ok && noCourse.value.trainingWithinYears).toBeNull();
	});

	it('names each wrong field: a past or impossible date, an unknown module, marks out of range', () => {
		const parsed = parseRuleForm(
			form({
				effectiveFrom: '2026-12-06',
				requiredModules: ['m01', 'm99'],
				passPercent: '101',
				validityYears: '0',
				minTheoryLevel: 'doctor',
				trainingWithinYears: '11'
			}),
			'2026-12-07',
			['m01']
		);
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.errors).toEqual({
			effectiveFrom: 'past',
			requiredModules: 'module',
			passPercent: 'percent',
			validityYears: 'years',
			minTheoryLevel: 'theory',
			trainingWithinYears: 'training'
		});
		const bad = parseRuleForm(form({ ...valid, effectiveFrom: '2027-02-30' }), '2026-12-07', [
			'm01',
			'm07'
		]);
		expect(!bad.ok && bad.errors.effectiveFrom).toBe('date');
		// Today is allowed: the rule applies from now on.
		expect(
			parseRuleForm(form({ ...valid, effectiveFrom: '2026-12-07' }), '2026-12-07', ['m01', 'm07'])
				.ok
		).toBe(true);
	});
});

describeEachDatabase('rule versions', ({ db }) => {
	it('adds versions, refuses a second one on the same day, and logs who did it', async () => {
		const { province } = await buildProvince(db());
		const admin = await actorWith(db(), [{ role: 'admin', unit: province }]);
		const rule = {
			effectiveFrom: '2027-01-01',
			requiredModules: ['m01'],
			passPercent: 70,
			validityYears: 2,
			minTheoryLevel: null,
			trainingWithinYears: null
		};
		expect(
			await addRuleVersion(db(), { provinceId: province.id, rule, actorUserId: admin.id })
		).toEqual({ ok: true });
		const later = { ...rule, effectiveFrom: '2028-01-01', passPercent: 80 };
		await addRuleVersion(db(), { provinceId: province.id, rule: later, actorUserId: admin.id });
		expect(
			await addRuleVersion(db(), { provinceId: province.id, rule, actorUserId: admin.id })
		).toEqual({
			ok: false,
			errors: { effectiveFrom: 'taken' }
		});
		expect(await ruleVersions(db(), province.id)).toEqual([rule, later]);
		const entries = await db().select().from(auditLog).where(eq(auditLog.orgUnitId, province.id));
		expect(entries).toHaveLength(2);
		expect(entries[0]).toMatchObject({
			actorUserId: admin.id,
			action: 'qualification.rule_version'
		});
		const [entry] = await auditEntriesFor(db(), 'qualification_rule_version', entries[0].targetId!);
		expect(entry.details).toMatchObject({ effectiveFrom: '2027-01-01', passPercent: 70 });
	});
});
