import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDrill } from './ops-drill';

/** The drill needs the machine's PostgreSQL binaries (Debian: /usr/lib/postgresql/<v>/bin). */
const hasPostgres =
	existsSync('/usr/lib/postgresql') &&
	readdirSync('/usr/lib/postgresql').some((v) =>
		existsSync(`/usr/lib/postgresql/${v}/bin/pg_basebackup`)
	);

describe.skipIf(!hasPostgres)('backup drill (npm run ops:drill)', () => {
	it('restores a base backup plus archived WAL to a point in time, and a pg_dump', async () => {
		const result = await runDrill({ port: Number(process.env.OPS_DRILL_PORT ?? 5461), rows: 300 });
		expect(result.mismatches).toEqual([]);
		expect(result.restoredToTime).toEqual({ a: 300, b: 150, c: 0 });
		expect(result.restoredFromDump).toEqual({ a: 270, b: 150, c: 100 });
	}, 120_000);
});
