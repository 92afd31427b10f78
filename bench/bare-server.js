// The physical ceiling for the benchmark: a bare Node HTTP server that does the same conditional
// upsert of one answer with postgres.js, and nothing else (no sessions, no framework, no checks
// beyond the statement). Usage: node bench/bare-server.js <port> <database-url> <pool-size>
import http from 'node:http';
import postgres from 'postgres';

const [port, url, poolSize] = process.argv.slice(2);
const sql = postgres(url, { max: Number(poolSize), onnotice: () => {} });

http
	.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			try {
				const s = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				const rows = await sql`
					update attempt_questions
					set selected = ${sql.json(s.selected)}, seq = ${s.seq}, flagged = ${s.flagged},
						saved_at = ${new Date().toISOString()}
					where attempt_id = ${s.attemptId} and position = ${s.position} and seq < ${s.seq}
					returning position, seq`;
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ saved: rows.length }));
			} catch (e) {
				res.writeHead(500);
				res.end(String(e));
			}
		});
	})
	.listen(Number(port), () => console.log('READY'));
