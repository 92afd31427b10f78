import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from './client';
import { DERIVED_TABLES, moveDatabase, tablesInOrder } from './move';
import { orgUnits } from './schema';
import { seedDemo } from '../demo/seed';
import { contestWorld } from '../contests/testing/fixtures';
import { rowsOf } from '../orgs/scope';
import { createTestDatabase, testDatabaseKinds } from '../testing/databases';

/** Every table's rows as one fingerprint (UTC, rows sorted by their text), to compare two databases. */
async function fingerprints(db: Db) {
	const tables = await tablesInOrder(db);
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local timezone = 'UTC'`);
		const out: Record<string, { rows: number; md5: string }> = {};
		for (const t of tables) {
			const [row] = rowsOf<{ rows: number; md5: string }>(
				await tx.execute(sql`
					select count(*)::int as rows, md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) as md5
					from ${sql.identifier(t.name)} x`)
			);
			out[t.name] = row;
		}
		return out;
	});
}

for (const kind of testDatabaseKinds) {
	describe(`db:move from the embedded database [to ${kind}]`, () => {
		let source: Database;
		let target: Database;
		beforeAll(async () => {
			source = await createTestDatabase('pglite');
			await seedDemo(source.db);
			await contestWorld(source.db, { bankSize: 12 });
			// A unit moved under one created after it: its parent has the higher id.
			const [late] = await source.db
				.insert(orgUnits)
				.values({ code: 'LATE', name: 'Đơn vị tạo sau', kind: 'commune', path: '/', depth: 1 })
				.returning();
			await source.db.execute(
				sql`update org_units set path = '/' || id || '/' where id = ${late.id}`
			);
			await source.db.execute(
				sql`update org_units set parent_id = ${late.id} where id = (select min(id) from org_units where parent_id is not null)`
			);
			target = await createTestDatabase(kind);
		}, 120_000);
		afterAll(async () => {
			await source?.close();
			await target?.close();
		});

		it('copies every row of every table, in one transaction, and sets the sequences', async () => {
			const before = await fingerprints(source.db);
			const filled = Object.entries(before).filter(([, f]) => f.rows > 0);
			expect(filled.length).toBeGreaterThanOrEqual(12);

			const moved = await moveDatabase(source.db, target.db);
			expect(moved.mismatches).toEqual([]);
			expect(moved.sequences).toBeGreaterThan(10);

			// Not only the counts: every row arrives with the same values, but for the tables
			// computed from the others (the dashboard's unit rollups), left empty to compute again.
			const copied = (f: Awaited<ReturnType<typeof fingerprints>>) =>
				Object.fromEntries(Object.entries(f).filter(([t]) => !DERIVED_TABLES.includes(t)));
			const after = await fingerprints(target.db);
			expect(copied(after)).toEqual(copied(before));
			expect(before.qualification_rollup_changes.rows).toBeGreaterThan(0);
			expect(DERIVED_TABLES.map((t) => after[t].rows)).toEqual([0, 0, 0]);

			// Sequences continue after the copied ids: a new unit gets a fresh id.
			const [maxId] = rowsOf<{ max: number }>(
				await target.db.execute(sql`select max(id)::int as max from org_units`)
			);
			const [added] = await target.db
				.insert(orgUnits)
				.values({
					code: 'NEW-AFTER-MOVE',
					name: 'Đơn vị mới',
					kind: 'commune',
					path: '/',
					depth: 0
				})
				.returning({ id: orgUnits.id });
			expect(added.id).toBeGreaterThan(maxId.max);
		}, 120_000);

		it('refuses a target that already holds rows', async () => {
			await expect(moveDatabase(source.db, target.db)).rejects.toThrow(/not empty/);
		});
	});
}
