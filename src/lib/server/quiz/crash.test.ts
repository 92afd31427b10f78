import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type DatabaseConfig } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { attemptQuestions } from '../db/schema';
import { createTestDatabase, testDatabaseKinds } from '../testing/databases';
import { startPracticeAttempt } from './practice';
import { createQuizModule, createQuizUser } from './testing/fixtures';

const child = join(import.meta.dirname, 'testing', 'crash-child.ts');

/** Runs the saving process until it has acknowledged `acks` saves, then kills it with SIGKILL. */
function saveUntilKilled(args: object, acks: number): Promise<Map<number, number>> {
	return new Promise((resolve, reject) => {
		const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(args)], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const acked = new Map<number, number>();
		let count = 0;
		let buffer = '';
		let stderr = '';
		proc.stderr.on('data', (d) => (stderr += d));
		proc.stdout.on('data', (d: Buffer) => {
			buffer += d.toString();
			const lines = buffer.split('\n');
			buffer = lines.pop()!;
			for (const line of lines) {
				const m = /^ACK (\d+) (\d+)$/.exec(line);
				if (!m) continue;
				acked.set(Number(m[1]), Number(m[2]));
				if (++count === acks) proc.kill('SIGKILL');
			}
		});
		proc.on('exit', (_code, signal) =>
			signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child exited: ${stderr}`))
		);
	});
}

async function prepare(database: Database) {
	const { module } = await createQuizModule(database.db, {
		questions: 6,
		quiz: { questionCount: 6 }
	});
	const user = await createQuizUser(database.db);
	const r = await startPracticeAttempt(database.db, { userId: user.id, module });
	if (!r.ok) throw new Error(r.reason);
	return { attemptId: r.attemptId, userId: user.id, questions: 6 };
}

async function expectAllAcknowledged(
	database: Database,
	attemptId: string,
	acked: Map<number, number>
) {
	const rows = await database.db
		.select({ position: attemptQuestions.position, seq: attemptQuestions.seq })
		.from(attemptQuestions)
		.where(eq(attemptQuestions.attemptId, attemptId));
	expect(acked.size).toBe(6);
	for (const row of rows) {
		// A save may have committed without its acknowledgement being printed, never the reverse.
		expect(row.seq).toBeGreaterThanOrEqual(acked.get(row.position) ?? 0);
	}
}

describe('guarantee 5: an acknowledged save survives a crash of the app process', () => {
	const dir = mkdtempSync(join(tmpdir(), 'bt-crash-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('embedded database (PGlite data folder)', async () => {
		const config: DatabaseConfig = { driver: 'pglite', dataDir: join(dir, 'data') };
		const before = await openDatabase(config);
		await migrateDatabase(before);
		const attempt = await prepare(before);
		await before.close();
		const acked = await saveUntilKilled({ config, ...attempt }, 300);
		const after = await openDatabase(config);
		try {
			await expectAllAcknowledged(after, attempt.attemptId, acked);
		} finally {
			await after.close();
		}
	});

	it.runIf(testDatabaseKinds.includes('postgres'))('PostgreSQL', async () => {
		const database = await createTestDatabase('postgres');
		try {
			const attempt = await prepare(database);
			const acked = await saveUntilKilled({ config: database.config, ...attempt }, 1000);
			await expectAllAcknowledged(database, attempt.attemptId, acked);
		} finally {
			await database.close();
		}
	});
});
