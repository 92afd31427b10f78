// bench:crash's verdict: every acknowledged save against what the database holds, and the
// figures of the run, printed and written to bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import type { Candidate } from './app';
import type { Stats } from './http';
import { log } from './app';

/** Every acknowledged (candidate, question, seq) against the stored seq of that question. */
export async function checkAcknowledged(
	url: string,
	candidates: Candidate[],
	acked: Map<number, number>[]
) {
	const sql = postgres(url, { max: 1 });
	const rows = await sql<{ attemptId: string; position: number; seq: number }[]>`
		select attempt_id as "attemptId", position, seq from attempt_questions
		where attempt_id = any(${candidates.map((c) => c.attemptId)}::uuid[])`;
	await sql.end();
	const stored = new Map(rows.map((r) => [`${r.attemptId}/${r.position}`, r.seq]));
	const result = { ackedAnswers: 0, ackedMissing: 0, missingExamples: [] as string[] };
	candidates.forEach((cand, c) => {
		for (const [position, seq] of acked[c]) {
			result.ackedAnswers++;
			// A save may be stored without its acknowledgement having arrived, never the reverse.
			const have = stored.get(`${cand.attemptId}/${position}`) ?? 0;
			if (have >= seq) continue;
			result.ackedMissing++;
			if (result.missingExamples.length < 10) {
				result.missingExamples.push(`${cand.username} q${position}: acked ${seq}, stored ${have}`);
			}
		}
	});
	return result;
}

type Report = {
	requests: number;
	requestsAcknowledged: number;
	savesSent: number;
	savesAcknowledged: number;
	invalid: number;
	latency: Stats;
	windows: Record<string, Record<string, number>>;
	unsentAfterDrain: number;
	ackedAnswers: number;
	ackedMissing: number;
	missingExamples: string[];
	loadAverage: number[];
};

export function printReport(report: Report) {
	log(
		`requests ${report.requests} (${report.requestsAcknowledged} answered 200);`,
		`saves sent ${report.savesSent}, acknowledged ${report.savesAcknowledged}; invalid ${report.invalid}`
	);
	const l = report.latency;
	log(`acknowledged requests: p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms`);
	for (const [window, { ok, longestOkMs, ...kinds }] of Object.entries(report.windows)) {
		const errors = Object.entries(kinds).filter(([, n]) => n > 0);
		log(
			`sent while ${window}: ${ok} answered 200 (longest wait ${longestOkMs} ms);`,
			`errors: ${errors.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`
		);
	}
	log(`queued saves never acknowledged after the load: ${report.unsentAfterDrain}`);
	log(
		`acknowledged answers (candidate × question, highest seq) ${report.ackedAnswers};`,
		`MISSING ${report.ackedMissing}${report.missingExamples.map((e) => `\n  ${e}`).join('')}`
	);
	log(`machine load average (1, 5, 15 min): ${report.loadAverage}`);
}

export function writeReport(report: object) {
	mkdirSync('bench-results', { recursive: true });
	const file = `bench-results/crash-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
	writeFileSync(file, JSON.stringify(report, null, 2));
	log(`report written to ${file}`);
}
