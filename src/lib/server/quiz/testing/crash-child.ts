// The "app process" of the crash test: saves answers as fast as it can and prints each
// acknowledgement, until the test kills it with SIGKILL. Run with `node --import tsx`.
import { openDatabase, type DatabaseConfig } from '../../db/client';
import { saveAnswers } from '../save';

const { config, attemptId, userId, questions } = JSON.parse(process.argv[2]) as {
	config: DatabaseConfig;
	attemptId: string;
	userId: number;
	questions: number;
};
const database = await openDatabase(config);
process.stdout.write('READY\n');
for (let seq = 1; ; seq++) {
	const position = (seq % questions) + 1;
	const out = await saveAnswers(database.db, {
		attemptId,
		userId,
		now: new Date(),
		graceMs: 10_000,
		saves: [{ position, seq, selected: [seq % 2], flagged: false }]
	});
	if (!out.ok || out.results[0].status !== 'saved') throw new Error(JSON.stringify(out));
	// Written to a pipe, which Node writes synchronously on Linux: printed means acknowledged.
	process.stdout.write(`ACK ${position} ${seq}\n`);
}
