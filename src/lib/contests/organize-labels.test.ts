import { describe, expect, it } from 'vitest';
import { advancementRuleText } from './organize-labels';

describe('advancementRuleText', () => {
	it('says "of each unit" for the top N of a level run per unit, as the proposal applies it', () => {
		const top = { mode: 'top_overall', count: 2 } as const;
		expect(advancementRuleText(top, false)).toBe('2 thí sinh đứng đầu toàn cấp.');
		expect(advancementRuleText(top, true)).toBe('2 thí sinh đứng đầu mỗi đơn vị.');
		expect(advancementRuleText({ mode: 'top_per_unit', count: 3 }, false)).toBe(
			'3 thí sinh đứng đầu mỗi đơn vị.'
		);
		expect(advancementRuleText({ mode: 'threshold', minScore: 7.5 }, true)).toBe(
			'Thí sinh đạt từ 7,5 điểm trở lên.'
		);
		expect(advancementRuleText(null, true)).toBe('Chưa đặt cách xét chọn cho cấp thi này.');
	});
});
