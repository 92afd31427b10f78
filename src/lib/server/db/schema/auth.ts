import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	serial,
	bigserial,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { orgUnits } from './orgs';
import { people } from './people';

export const ROLES = ['admin', 'manager', 'organizer', 'judge', 'trainer', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
	'users',
	{
		id: serial('id').primaryKey(),
		username: text('username').notNull(),
		personId: integer('person_id').references(() => people.id),
		displayName: text('display_name').notNull(),
		passwordHash: text('password_hash'),
		locale: text('locale').$type<'vi' | 'en'>().notNull().default('vi'),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_username_key').on(t.username),
		uniqueIndex('users_person_key').on(t.personId)
	]
);

/** Lucia-guide sessions: `id` is the hex SHA-256 of the cookie token; the token itself is never stored. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One-time activation / reset codes for people without e-mail; only a hash is stored. */
export const activationCodes = pgTable(
	'activation_codes',
	{
		id: serial('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdByUserId: integer('created_by_user_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('activation_codes_hash_key').on(t.codeHash),
		index('activation_codes_user_idx').on(t.userId)
	]
);

/** A role granted over an org unit's whole subtree. */
export const roleGrants = pgTable(
	'role_grants',
	{
		id: serial('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role').$type<Role>().notNull(),
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id),
		createdByUserId: integer('created_by_user_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('role_grants_key').on(t.userId, t.role, t.orgUnitId)]
);

/** Failed-login counters per key ("acct:<name>", "ip:<addr>"), shared by every app instance. */
export const loginThrottle = pgTable(
	'login_throttle',
	{
		key: text('key').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		failures: integer('failures').notNull().default(0),
		blockedUntil: timestamp('blocked_until', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.key] })]
);

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorUserId: integer('actor_user_id'),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		orgUnitId: integer('org_unit_id'),
		success: boolean('success').notNull().default(true),
		details: jsonb('details').$type<Record<string, unknown>>(),
		ip: text('ip')
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_target_idx').on(t.targetType, t.targetId),
		index('audit_log_org_idx').on(t.orgUnitId)
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/**
 * Devices a user has signed in from (OWASP "device cookie"): failures from a known device are
 * counted per device, so an attacker hammering the account elsewhere cannot lock its owner out.
 */
export const trustedDevices = pgTable(
	'trusted_devices',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('trusted_devices_user_idx').on(t.userId)]
);
