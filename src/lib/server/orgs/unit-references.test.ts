import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { rowsOf } from './scope';
import { UNIT_HISTORY_COLUMNS, UNIT_REFERENCES } from './unit-references';
import { getTableName } from 'drizzle-orm';

describeEachDatabase('merge coverage', ({ db }) => {
	it('knows what to do on a merge with every column that names an org unit', async () => {
		// Foreign keys to org_units, and any column named like one (audit_log has no foreign key).
		const rows = rowsOf<{ table_name: string; column_name: string }>(
			await db().execute(sql`
				select kcu.table_name, kcu.column_name
				from information_schema.referential_constraints rc
				join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name
				join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name
				where ccu.table_name = 'org_units' and kcu.table_schema = 'public'
				union
				select table_name, column_name from information_schema.columns
				where table_schema = 'public' and column_name like '%unit_id'`)
		);
		const found = [...new Set(rows.map((r) => `${r.table_name}.${r.column_name}`))].sort();
		const handled = [
			...UNIT_REFERENCES.map((r) => `${getTableName(r.column.table)}.${r.column.name}`),
			...UNIT_HISTORY_COLUMNS
		].sort();
		expect(found).toEqual(handled);
	});
});
