import { INDICATOR_KEYS, type IndicatorKey } from './indicators';
import { TREND_YEARS } from './rollup';
import type { Day } from './calendar';

/**
 * The dashboard's query string: `unit` (an id), `year` (this year or one of the four before) and
 * `indicator` (which one the unit comparison and the trend draw); null when a value is not one.
 */
export function parseDashboardQuery(params: URLSearchParams, today: Day) {
	const current = Number(today.slice(0, 4));
	const rawUnit = params.get('unit');
	const unitId = rawUnit === null ? null : Number(rawUnit);
	if (unitId !== null && (!Number.isSafeInteger(unitId) || unitId <= 0)) return null;
	const rawYear = params.get('year');
	const year = rawYear === null || rawYear === '' ? current : Number(rawYear);
	if (!Number.isInteger(year) || year > current || year <= current - TREND_YEARS) return null;
	const rawIndicator = params.get('indicator');
	const indicator: IndicatorKey =
		INDICATOR_KEYS.find((k) => k === rawIndicator) ?? ('qualified' as const);
	return { unitId, year, indicator };
}
