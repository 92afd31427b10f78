// A throwaway PostgreSQL cluster of the machine's own binaries, in a temporary folder and on its
// own port, that a benchmark may crash at will without touching any other server.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed version's bin folder (Debian layout: /usr/lib/postgresql/<v>/bin). */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) throw new Error(`No PostgreSQL binaries under ${root}/*/bin`);
	return join(root, versions[0], 'bin');
}

/** Whether something already answers on the port (then it is not ours to start on). */
function portTaken(port: number) {
	return new Promise<boolean>((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});
}

export type PrivateCluster = Awaited<ReturnType<typeof createCluster>>;

/**
 * initdb in a temporary folder. PostgreSQL refuses to run as root, so as root the commands run
 * as the `postgres` OS user (runuser) in a folder it owns; as anyone else, as themselves.
 */
export async function createCluster(port: number, settings: Record<string, string>) {
	if (await portTaken(port)) throw new Error(`Port ${port} is in use: choose another --pg-port`);
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'bt-crash-pg-'));
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
		chownSync(dir, uid, gid);
	}
	const data = join(dir, 'data');
	const logFile = join(dir, 'postgres.log');
	const command = (tool: string, argv: string[]): [string, string[]] =>
		asRoot
			? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...argv]]
			: [join(bin, tool), argv];
	// Asynchronous, so that the load keeps running while PostgreSQL stops and recovers.
	const must = (tool: string, argv: string[]) =>
		new Promise<void>((resolve, reject) =>
			execFile(...command(tool, argv), { cwd: dir }, (error, stdout, stderr) =>
				error
					? reject(new Error(`${tool} ${argv.join(' ')} failed:\n${stdout}${stderr}`))
					: resolve()
			)
		);
	let removed = false;
	const cluster = {
		bin,
		dir,
		data,
		/** A PostgreSQL program of this cluster's version (as the `postgres` user when root), in its folder. */
		run: (tool: string, argv: string[]) => must(tool, argv),
		/** Any command as the user the cluster runs as, in its folder (to copy a backup, say). */
		runAs: (program: string, argv: string[]) =>
			new Promise<string>((resolve, reject) =>
				execFile(
					...(asRoot
						? (['runuser', ['-u', 'postgres', '--', program, ...argv]] as [string, string[]])
						: ([program, argv] as [string, string[]])),
					{ cwd: dir },
					(error, stdout, stderr) =>
						error
							? reject(new Error(`${program} ${argv.join(' ')} failed:\n${stdout}${stderr}`))
							: resolve(stdout)
				)
			),
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		/** Waits until it accepts connections (after a crash: until recovery is done). */
		start: () => must('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '120']),
		/** A crash: every server process killed at once, no checkpoint, recovery at next start. */
		crash: () => must('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']),
		log: () => (existsSync(logFile) ? execFileSync('tail', ['-n', '30', logFile]).toString() : ''),
		/** Stops it if running and deletes its folder; synchronous, so it also runs on exit. */
		remove() {
			if (removed) return;
			removed = true;
			// The cluster and any replica made in its folder (addStreamingReplica).
			for (const folder of [join(dir, 'replica'), data]) {
				if (existsSync(join(folder, 'postmaster.pid'))) {
					spawnSync(...command('pg_ctl', ['stop', '-D', folder, '-m', 'immediate', '-w']), {
						stdio: 'ignore'
					});
				}
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
	try {
		await must('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
		const conf = {
			port: String(port),
			listen_addresses: "'127.0.0.1'",
			unix_socket_directories: `'${dir}'`,
			...settings
		};
		appendFileSync(
			join(data, 'postgresql.conf'),
			Object.entries(conf)
				.map(([k, v]) => `${k} = ${v}\n`)
				.join('')
		);
		await cluster.start();
	} catch (e) {
		cluster.remove();
		throw e;
	}
	return cluster;
}

/**
 * A streaming replica of a private cluster (pg_basebackup -R) in the cluster's folder, on its own
 * port; the cluster's `remove()` stops it too and deletes its folder.
 */
export async function addStreamingReplica(cluster: PrivateCluster, port: number) {
	if (await portTaken(port)) throw new Error(`Port ${port} is in use: choose another replica port`);
	const data = join(cluster.dir, 'replica');
	const logFile = join(cluster.dir, 'replica.log');
	const primaryPort = new URL(cluster.url).port;
	await cluster.run('pg_basebackup', [
		...['-h', '127.0.0.1', '-p', primaryPort, '-U', 'postgres', '-D', data],
		...['-Fp', '-X', 'stream', '-c', 'fast', '-R']
	]);
	// The copied configuration names the primary's port; the last setting wins.
	appendFileSync(join(data, 'postgresql.conf'), `port = ${port}\nhot_standby = on\n`);
	const start = () =>
		cluster.run('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '120']);
	await start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		start,
		/** Every replica process killed at once. */
		stop: () => cluster.run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'])
	};
}
