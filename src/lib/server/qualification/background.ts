import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';
import { log } from '../log';
import { vietnamDay } from './calendar';
import { refreshSummaries } from './summary';
import { ruleInForce } from './rules';
import { refreshUnitRollups } from './unit-rollups';

/*
 * The summaries and unit rollups brought up to date ahead of the dashboards (README, "Kept up to
 * date in the background"): after a new rule version, which marks the whole province, and each
 * day as qualifications enter their last 60 days or lapse. A dashboard read still refreshes what
 * is left; this only takes the wait off the first reader.
 */

/** Minutes between two runs of the periodic task (`startup.ts`). */
export const BACKGROUND_REFRESH_MINUTES = 10;

/**
 * Refreshes every province with a rule (or the one given): its summaries, then its unit rollups.
 * Safe on several instances at once (both refreshes store only what no writer changed meanwhile).
 * Returns, per province, how many people were evaluated and how many units computed.
 */
export async function refreshQualificationAhead(
	db: DbOrTx,
	now: Date,
	provinceId?: number
): Promise<{ provinceId: number; evaluated: number; units: number }[]> {
	const today = vietnamDay(now);
	const provinces = rowsOf<{ id: number; path: string }>(
		await db.execute(sql`
			select o.id, o.path from org_units o
			where o.id in (select org_unit_id from qualification_rule_versions)
				and (${provinceId ?? null}::int is null or o.id = ${provinceId ?? null}::int)
			order by o.id`)
	);
	const done = [];
	for (const province of provinces) {
		const started = Date.now();
		const { versions, evaluated } = await refreshSummaries(db, { underPath: province.path }, today);
		const units = ruleInForce(versions, today)
			? await refreshUnitRollups(db, province.path, today)
			: 0;
		if (evaluated > 0 || units > 0) {
			log.info(
				{ provinceId: Number(province.id), evaluated, units, ms: Date.now() - started },
				'qualification refreshed ahead'
			);
		}
		done.push({ provinceId: Number(province.id), evaluated, units });
	}
	return done;
}

/**
 * Starts `refreshQualificationAhead` for one province without waiting (after a new rule version:
 * the administrator's redirect does not wait for 25,000 evaluations); a failure is logged.
 */
export function refreshProvinceSoon(db: DbOrTx, provinceId: number, now = new Date()) {
	void refreshQualificationAhead(db, now, provinceId).catch((err) =>
		log.error({ err, provinceId }, 'qualification refresh after a rule version failed')
	);
}
