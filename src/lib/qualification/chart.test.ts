import { describe, expect, it } from 'vitest';
import { barChart, CHART_WIDTH } from './chart';

describe('barChart', () => {
	it('sorts units by share, highest first, units with nobody tracked last', () => {
		const chart = barChart(
			[
				{ id: 1, label: 'A', share: 0.2 },
				{ id: 2, label: 'B', share: null },
				{ id: 3, label: 'C', share: 0.9 },
				{ id: 4, label: 'D', share: 0.5 }
			],
			0.5
		);
		expect(chart.rows.map((r) => r.label)).toEqual(['C', 'D', 'A', 'B']);
		expect(chart.rows.map((r) => r.y)).toEqual(
			[...chart.rows.map((r) => r.y)].sort((a, b) => a - b)
		);
		expect(chart.rows.at(-1)!.width).toBe(0);
	});

	it('scales bars to the plot and marks the average at the same scale', () => {
		const chart = barChart(
			[
				{ id: 1, label: 'full', share: 1 },
				{ id: 2, label: 'half', share: 0.5 }
			],
			0.5
		);
		expect(chart.rows[0].width).toBe(chart.plotWidth);
		expect(chart.rows[1].width).toBe(chart.plotWidth / 2);
		expect(chart.average!.x).toBe(chart.plotX + chart.rows[1].width);
		expect(chart.plotX + chart.plotWidth).toBeLessThanOrEqual(CHART_WIDTH);
		expect(chart.average!.bottom).toBeLessThanOrEqual(chart.height);
		expect(chart.rows[1].y + 14).toBeLessThanOrEqual(chart.height);
	});

	it('has no average line when nobody is tracked', () => {
		expect(barChart([], null).average).toBeNull();
	});
});
