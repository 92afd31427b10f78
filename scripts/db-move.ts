// npm run db:move -- postgres://user:pass@host:5432/db
//
// Moves the embedded database (PGlite in DATA_DIR, default ./data) to an empty PostgreSQL
// database: both migrated to this version's schema, every table copied in foreign-key order in
// one transaction, sequences reset, rows counted per table on both sides. Stop the app first (the
// embedded database must not be open in another process). Exits 1 on any difference.
import { existsSync } from 'node:fs';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { moveDatabase } from '../src/lib/server/db/move';

const url = process.argv[2];
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
	console.error('Usage: npm run db:move -- postgres://user:password@host:5432/database');
	process.exit(2);
}
const dataDir = process.env.DATA_DIR?.trim() || './data';
if (!existsSync(dataDir)) {
	console.error(`No embedded database in ${dataDir} (set DATA_DIR to its folder).`);
	process.exit(2);
}
console.log(`Moving the embedded database in ${dataDir} to ${url.replace(/:[^:@/]*@/, ':***@')}`);
console.log('The app must be stopped while this runs.');
const source = await openDatabase({ driver: 'pglite', dataDir });
const target = await openDatabase({ driver: 'postgres', url, max: 2 });
try {
	await migrateDatabase(source);
	await migrateDatabase(target);
	const started = Date.now();
	const result = await moveDatabase(source.db, target.db, (line) => console.log(`  ${line}`));
	console.log(`\n${'table'.padEnd(36)} ${'embedded'.padStart(10)} ${'PostgreSQL'.padStart(10)}`);
	for (const r of result.tables) {
		console.log(
			`${r.table.padEnd(36)} ${String(r.source).padStart(10)} ${String(r.target).padStart(10)}${r.source === r.target ? '' : '  MISMATCH'}`
		);
	}
	console.log(
		`\n${result.sequences} sequences reset; ${((Date.now() - started) / 1000).toFixed(1)} s`
	);
	if (result.mismatches.length > 0) {
		console.error(`MISMATCH: ${result.mismatches.join('; ')}`);
		process.exitCode = 1;
	} else {
		console.log('Every row arrived. Now set DATABASE_URL for the app (OPERATIONS.md) and keep');
		console.log(`${dataDir} as a backup until you have checked the app on PostgreSQL.`);
	}
} catch (e) {
	console.error((e as Error).message);
	process.exitCode = 1;
} finally {
	await source.close();
	await target.close();
}
