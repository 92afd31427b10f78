// npm run admin:create -- --username quantri --name "Nguyễn Văn A" --unit-code TQ
//   [--unit-name "Tỉnh ủy Tuyên Quang"]
//
// The first administrator of a server without demo data (SEED_DEMO=0), on the database the app
// uses (DATABASE_URL, or the embedded one in DATA_DIR with the app stopped). On an empty
// database --unit-name is required and the top unit (a province) is created with --unit-code;
// otherwise the administrator is granted `admin` on the existing unit with that code. The
// password is read from ADMIN_PASSWORD or typed (not echoed) — never given on the command line.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { databaseConfigFromEnv, openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { createFirstAdmin } from '../src/lib/server/auth/first-admin';

const { values: args } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		'unit-code': { type: 'string' },
		'unit-name': { type: 'string' }
	}
});
if (!args.username || !args['unit-code']) {
	console.error(
		'Usage: npm run admin:create -- --username quantri --name "Nguyễn Văn A" --unit-code TQ [--unit-name "Tỉnh ủy Tuyên Quang"]\n' +
			'The password comes from ADMIN_PASSWORD or is asked for.'
	);
	process.exit(2);
}

async function askPassword(prompt: string) {
	let muted = false;
	const output = new Writable({
		write(chunk, _encoding, done) {
			if (!muted) process.stdout.write(chunk);
			done();
		}
	});
	const rl = createInterface({ input: process.stdin, output, terminal: true });
	const answer = new Promise<string>((resolve) => rl.question(prompt, resolve));
	muted = true;
	const password = await answer;
	rl.close();
	process.stdout.write('\n');
	return password;
}

let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
	password = await askPassword('Password for the administrator: ');
	if ((await askPassword('Again: ')) !== password) {
		console.error('The two passwords differ.');
		process.exit(1);
	}
}

const database = await openDatabase(databaseConfigFromEnv(process.env));
try {
	await migrateDatabase(database);
	const result = await createFirstAdmin(database.db, {
		username: args.username,
		displayName: args.name ?? args.username,
		password,
		unitCode: args['unit-code'],
		unitName: args['unit-name']
	});
	if (!result.ok) {
		const why = {
			bad_username: 'the username must be 3–64 letters, digits, ".", "_" or "-"',
			username_taken: 'that username exists already',
			unit_not_found: 'no unit has that code (the database has units: give an existing code)',
			unit_name_needed: 'the database has no unit yet: give --unit-name for the top unit',
			weak_password: `the password is too weak (${'problem' in result ? result.problem : ''})`
		}[result.error];
		console.error(`Not created: ${why}.`);
		process.exitCode = 1;
	} else {
		console.log(
			`Administrator "${args.username.trim().toLowerCase()}" created with the admin role on unit ${args['unit-code']}` +
				(result.unitCreated ? ' (created now as the top unit).' : '.')
		);
	}
} finally {
	await database.close();
}
