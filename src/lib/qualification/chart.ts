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

export type LinePoint = { label: string; value: number | null; x: number; y: number | null };

export type LineChart = {
	width: number;
	height: number;
	plot: { left: number; right: number; top: number; bottom: number };
	points: LinePoint[];
	/** SVG path through the known points (a gap where a value is missing). */
	path: string;
	gridlines: { y: number; value: number }[];
};

/** A share (0..1) per period, left to right; the y axis runs from 0 to 100 %. */
export function lineChart(series: { label: string; value: number | null }[]): LineChart {
	const width = CHART_WIDTH;
	const height = 180;
	const plot = { left: 36, right: width - 12, top: 12, bottom: height - 28 };
	const step = series.length > 1 ? (plot.right - plot.left) / (series.length - 1) : 0;
	const yOf = (v: number) => plot.bottom - Math.max(0, Math.min(1, v)) * (plot.bottom - plot.top);
	const points = series.map((s, i) => ({
		...s,
		x: series.length > 1 ? plot.left + i * step : (plot.left + plot.right) / 2,
		y: s.value === null ? null : yOf(s.value)
	}));
	let path = '';
	let pen = false;
	for (const p of points) {
		if (p.y === null) {
			pen = false;
			continue;
		}
		path += `${pen ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)} `;
		pen = true;
	}
	return {
		width,
		height,
		plot,
		points,
		path: path.trim(),
		gridlines: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: yOf(value) }))
	};
}

export type HistogramBar = { label: string; count: number; x: number; y: number; height: number };

/** Vertical bars of counts (e.g. attempts per 10-point score band), scaled to the largest. */
export function histogram(bands: { label: string; count: number }[]) {
	const width = CHART_WIDTH;
	const height = 160;
	const plot = { left: 8, right: width - 8, top: 16, bottom: height - 24 };
	const max = Math.max(1, ...bands.map((b) => b.count));
	const slot = (plot.right - plot.left) / Math.max(1, bands.length);
	const bars: HistogramBar[] = bands.map((b, i) => {
		const h = (b.count / max) * (plot.bottom - plot.top);
		return { ...b, x: plot.left + i * slot + 2, y: plot.bottom - h, height: h };
	});
	return { width, height, plot, bars, barWidth: Math.max(1, slot - 4) };
}
