import {
	date,
	integer,
	jsonb,
	pgTable,
	serial,
	smallint,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { orgUnits } from './orgs';
import type { TheoryLevel } from './people';

/**
 * One version of a province's qualification rule (qualification/README.md). Versions are only
 * added, never changed: each applies from `effectiveFrom` (a Vietnamese calendar day) until the
 * next one, so past results keep the rule they were earned under.
 */
export const qualificationRuleVersions = pgTable(
	'qualification_rule_versions',
	{
		id: serial('id').primaryKey(),
		/** The province (root unit) the rule applies to. */
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
		requiredModules: jsonb('required_modules').$type<string[]>().notNull(),
		passPercent: smallint('pass_percent').notNull(),
		validityYears: smallint('validity_years').notNull(),
		minTheoryLevel: text('min_theory_level').$type<TheoryLevel>(),
		createdByUserId: integer('created_by_user_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('qualification_rule_versions_unit_from_key').on(t.orgUnitId, t.effectiveFrom)]
);

export type QualificationRuleVersion = typeof qualificationRuleVersions.$inferSelect;
