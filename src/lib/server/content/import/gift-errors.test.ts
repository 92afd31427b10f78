import { execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGift } from './gift';

const fixture = 'tests/fixtures/import/unclosed.gift';

describe('GIFT import of a file with mistakes', () => {
	const result = parseGift(readFileSync(fixture, 'utf8'));

	it('reports an unclosed { with its line and still reads the questions after it', () => {
		expect(result.questions.map((q) => q.at)).toEqual([1, 12]);
		expect(result.problems).toEqual([
			{ at: 3, message: expect.stringContaining('never closed') },
			{ at: 7, message: '"Q3 không có đáp án đúng": no right answer (= or a positive %weight%)' }
		]);
	});

	it('never puts the next question into an option', () => {
		for (const q of result.questions) {
			for (const o of q.options) expect(o.text).not.toMatch(/::|\{|\}/);
		}
	});

	it('reports a { inside the answers and a second answer set in one block', () => {
		const inside = parseGift('::A:: Câu một {=a ~b\n::B:: Câu hai {=c ~d}');
		expect(inside.questions.map((q) => q.stem)).toEqual(['Câu hai']);
		expect(inside.problems).toEqual([{ at: 1, message: expect.stringContaining('never closed') }]);
		const two = parseGift('Câu một {=a ~b}\nCâu hai {=c ~d}');
		expect(two.questions).toEqual([]);
		expect(two.problems).toEqual([{ at: 2, message: expect.stringContaining('second') }]);
		const stray = parseGift('Câu một } {=a ~b}');
		expect(stray.problems).toEqual([{ at: 1, message: expect.stringContaining('without an opening {') }]);
	});
});

describe('GIFT feedback', () => {
	it('keeps general feedback and per-answer feedback in the explanation, quoting the option', () => {
		const [q] = parseGift(
			'Chi bộ có ít nhất bao nhiêu đảng viên? {\n~2#Chưa đủ ba người\n=3#Đúng theo Điều lệ\n~5\n####Điều 24 Điều lệ Đảng\n}'
		).questions;
		expect(q.explanation).toBe(
			'Điều 24 Điều lệ Đảng. Vì sao không chọn “2”: Chưa đủ ba người. Vì sao chọn “3”: Đúng theo Điều lệ.'
		);
		const [en] = parseGift('How many? {~2#Too few =3}', { lang: 'en' }).questions;
		expect(en.explanation).toBe('Why not “2”: Too few.');
	});

	it('reads true/false feedback the Moodle way: first for the wrong answer, second for the right', () => {
		const [q] = parseGift('Chi bộ phải ghi biên bản.{T#Có quy định phải ghi#Đúng vậy####Chung}').questions;
		expect(q.explanation).toBe(
			'Chung. Vì sao không chọn “Sai”: Có quy định phải ghi. Vì sao chọn “Đúng”: Đúng vậy.'
		);
	});
});

describe('npm run content:import', () => {
	const run = (args: string[]) => {
		try {
			const stdout = execFileSync('npx', ['tsx', 'scripts/content-import.ts', ...args], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe']
			});
			return { code: 0, stdout, stderr: '' };
		} catch (e) {
			const err = e as { status: number; stdout: string; stderr: string };
			return { code: err.status, stdout: err.stdout, stderr: err.stderr };
		}
	};

	it('exits non-zero and writes nothing when any question has a problem', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'gift-')), 'bank.md');
		const r = run([fixture, '--out', out]);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(`${fixture}:3:`);
		expect(r.stderr).toContain(`${fixture}:7:`);
		expect(existsSync(out)).toBe(false);
	});

	it('with --partial writes the questions that converted and still exits non-zero', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'gift-')), 'bank.md');
		const r = run([fixture, '--partial', '--out', out]);
		expect(r.code).toBe(1);
		expect(readFileSync(out, 'utf8').match(/^## /gm)).toHaveLength(2);
	});
}, 60_000);
