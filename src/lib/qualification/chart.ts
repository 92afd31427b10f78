/**
 * Geometry of the "share qualified per unit" bars (client-safe, no chart library): one row per
 * unit, highest share first, units nobody is tracked in last; the parent's share as a line.
 */
export type BarInput = { id: number; label: string; share: number | null };

export type BarRow = BarInput & { y: number; width: number; labelY: number };

export type BarChart = {
	width: number;
	height: number;
	plotX: number;
	plotWidth: number;
	rows: BarRow[];
	average: { x: number; top: number; bottom: number } | null;
};

export const CHART_WIDTH = 320;
const ROW = 40;
const TOP = 24;
const BAR = 14;
const PAD = 8;

export function barChart(units: BarInput[], average: number | null): BarChart {
	const plotX = PAD;
	const plotWidth = CHART_WIDTH - 2 * PAD;
	const sorted = [...units].sort((a, b) => {
		if (a.share === null || b.share === null)
			return a.share === null ? (b.share === null ? 0 : 1) : -1;
		return b.share - a.share;
	});
	const rows = sorted.map((u, i) => ({
		...u,
		labelY: TOP + i * ROW + 12,
		y: TOP + i * ROW + 18,
		width: u.share === null ? 0 : Math.max(0, Math.min(1, u.share)) * plotWidth
	}));
	const height = TOP + rows.length * ROW + PAD;
	return {
		width: CHART_WIDTH,
		height,
		plotX,
		plotWidth,
		rows,
		average:
			average === null
				? null
				: {
						x: plotX + Math.max(0, Math.min(1, average)) * plotWidth,
						top: TOP - 4,
						bottom: height - PAD
					}
	};
}

export const BAR_HEIGHT = BAR;
