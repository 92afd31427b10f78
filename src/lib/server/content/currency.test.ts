import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from './load';
import { IssueList } from './issues';
import { editorialMarker, parseSources, urlProblem } from './sources';
import { copyFixture } from './testing/fixture';
import { readText } from './files';

let fixture: ReturnType<typeof copyFixture> | null = null;
afterEach(() => {
	fixture?.dispose();
	fixture = null;
});

/** Loads an edited copy of the fixture; findings as "severity file-suffix:line: message". */
function findingsAfter(change: (f: ReturnType<typeof copyFixture>) => void, today?: string): string[] {
	fixture = copyFixture();
	change(fixture);
	return loadContent(fixture.root, { today })
		.issues.filter((i) => !i.file.includes('03-kiem-thu-an-toan'))
		.map((i) => `${i.severity} ${i.file.split('/').slice(-2).join('/')}:${i.line}: ${i.message}`);
}

/** Makes fx-q003 (which cites only hd-12-hdbtctw-2018) rest on a document under review. */
const putHd12UnderReview = (f: ReturnType<typeof copyFixture>, extra = '') =>
	f.edit(
		'sources.yml',
		"  status: in_force\n  url: https://example.org/hd-12-2018\n  checked: '2026-11-23'",
		`  status: review\n  see: [kl-229-kltw-2026]\n  review_note: { vi: Đã có văn bản mới hơn., en: A newer document exists. }\n  url: https://example.org/hd-12-2018\n  checked: '2026-11-23'${extra}`
	);

describe('the review status', () => {
	it('warns at file:line for a key resting only on a review document, and fails after its deadline', () => {
		const before = findingsAfter((f) => putHd12UnderReview(f), '2027-01-01');
		expect(before.filter((m) => m.includes('fx-q002'))).toEqual([
			'warning 01-sinh-hoat-chi-bo/questions.vi.md:26: fx-q002: its key rests only on hd-12-hdbtctw-2018 (status review; newer: kl-229-kltw-2026); cite the newer document by 2027-05-22'
		]);
		// fx-q004 cites hd-12 and the unverified ct-10 only: still no document in force.
		expect(before.some((m) => m.startsWith('warning') && m.includes('fx-q004: its key rests only on hd-12'))).toBe(true);
		// fx-q003 also cites the Charter (in force): no finding.
		expect(before.some((m) => m.includes('fx-q003: its key rests'))).toBe(false);

		fixture?.dispose();
		const after = findingsAfter((f) => putHd12UnderReview(f, "\n  review_until: '2026-12-01'"), '2026-12-02');
		expect(after).toContain(
			'error 01-sinh-hoat-chi-bo/questions.vi.md:26: fx-q002: its key rests only on hd-12-hdbtctw-2018 (status review; newer: kl-229-kltw-2026); the review deadline 2026-12-01 has passed: cite the newer document or mark it {historical=true}'
		);
		// The app at start (no date given) never fails on a date.
		fixture?.dispose();
		fixture = copyFixture();
		putHd12UnderReview(fixture, "\n  review_until: '2026-12-01'");
		expect(loadContent(fixture.root).ok).toBe(true);
	});

	it('requires see and review_note on a review document, and allows them on no other', () => {
		const missing = findingsAfter((f) => f.edit('sources.yml', / {2}see: \[kl-229-kltw-2026\]\n {2}review_note:\n.*\n.*\n/, ''));
		expect(missing.filter((m) => m.startsWith('error')).map((m) => m.replace(/^error [^/]+\//, ''))).toEqual([
			'sources.yml:65: "qd-213-qdtw-2020" has status review: name the newer or ordering documents in see: [ids]',
			'sources.yml:65: "qd-213-qdtw-2020" has status review: add review_note { vi, en }, one plain sentence for readers'
		]);
		fixture?.dispose();
		const misplaced = findingsAfter((f) => f.edit('sources.yml', "  status: in_force\n  url: https://example.org/hd-12-2018", '  status: in_force\n  see: [kl-229-kltw-2026]\n  url: https://example.org/hd-12-2018'));
		expect(misplaced.some((m) => m.includes('"hd-12-hdbtctw-2018": see is only for status review (its status is in_force)'))).toBe(true);
		fixture?.dispose();
		const unknown = findingsAfter((f) => f.edit('sources.yml', 'see: [kl-229-kltw-2026]', 'see: [kl-999]'));
		expect(unknown.some((m) => m.includes('"qd-213-qdtw-2020": see "kl-999" is not a registered source'))).toBe(true);
	});

	it('warns when a checked date is older than 180 days (only when the day is given)', () => {
		// The oldest fixture date is ct-10-cttw-2007's 2026-11-18: 180 days later it is still fine.
		const findings = findingsAfter(() => {}, '2027-05-17');
		expect(findings.filter((m) => m.includes('days old'))).toEqual([]);
		fixture?.dispose();
		const later = findingsAfter(() => {}, '2027-05-18');
		expect(later.filter((m) => m.includes('days old')).map((m) => m.replace(/^warning [^/]+\//, ''))).toEqual([
			'sources.yml:42: "ct-10-cttw-2007": checked 2026-11-18 is 181 days old (more than 180); re-check its status and update checked'
		]);
		fixture?.dispose();
		expect(findingsAfter(() => {}).filter((m) => m.includes('days old'))).toEqual([]);
	});
});

describe('registry addresses and reader-facing text', () => {
	it('accepts a page on a named host and refuses IP literals, home pages and other schemes', () => {
		expect(urlProblem('https://thads.moj.gov.vn/noidung/tintuc/View_Detail.aspx?ItemID=288')).toBeNull();
		expect(urlProblem('http://118.69.84.237:801/phap-luat/x.html')).toMatch(/IP address/);
		expect(urlProblem('https://[2001:db8::1]/x')).toMatch(/IP address/);
		expect(urlProblem('https://daihoidang.baoquangninh.vn')).toMatch(/home page/);
		expect(urlProblem('https://daihoidang.baoquangninh.vn', { allowHomePage: true })).toBeNull();
		expect(urlProblem('ftp://example.org/x')).toMatch(/https/);
		expect(urlProblem('https://localhost/x')).toMatch(/public host/);
		expect(urlProblem('not a url')).toMatch(/well-formed/);
	});

	it('finds editorial markers and lets plain titles through', () => {
		expect(editorialMarker('Cần đối chiếu với văn bản trước khi ghi số điều')).toBe('Cần đối chiếu');
		expect(editorialMarker('TODO: sửa')).toBe('TODO');
		expect(editorialMarker('status [check]')).toBe('[check]');
		expect(editorialMarker('xem https://example.org/x')).toBe('https://');
		expect(editorialMarker('Hướng dẫn một số vấn đề cụ thể về nâng cao chất lượng sinh hoạt chi bộ')).toBeNull();
	});

	it('reports a research note in a reader-facing field as an error at its line', () => {
		const findings = findingsAfter((f) =>
			f.edit('sources.yml', 'vi: Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ', 'vi: Chỉ thị (cần đối chiếu) về nâng cao chất lượng')
		);
		expect(findings.some((m) => m.startsWith('error') && m.includes('"ct-10-cttw-2007": title is shown to readers but contains "cần đối chiếu"'))).toBe(true);
	});

	it('the shipped registry: every address is http(s) to a named host, no reader-facing text carries an editorial marker', () => {
		const issues = new IssueList();
		const registry = parseSources(readText('content/sources.yml'), 'content/sources.yml', issues);
		expect(issues.items).toEqual([]);
		expect(registry.size).toBeGreaterThan(25);
		for (const source of registry.values()) {
			if (source.url) expect(urlProblem(source.url), `${source.id} url`).toBeNull();
			for (const e of source.evidence) expect(urlProblem(e.url, { allowHomePage: true }), `${source.id} evidence`).toBeNull();
			const texts = [source.number, source.issuer.vi, source.issuer.en, source.title.vi, source.title.en, source.reviewNote?.vi, source.reviewNote?.en];
			for (const text of texts) if (text) expect(editorialMarker(text), `${source.id}: ${text}`).toBeNull();
		}
		expect(registry.get('hd-12-hdbtctw-2018')).toMatchObject({ status: 'review', see: ['ct-50-cttw-2025', 'hd-42-hdbtctw-2025'] });
		expect(registry.get('qd-213-qdtw-2020')).toMatchObject({ status: 'review', see: ['kl-229-kltw-2026'] });
		expect(registry.get('qd-294-qdtw-2025')?.status).toBe('in_force');
		// Directive 10's reader link is a report on Directive 10 itself, never the text of Guidance 09 that cites it.
		expect(registry.get('ct-10-cttw-2007')?.url).not.toBe(registry.get('hd-09-hdbtctw-2012')?.url);
	});

	it('the shipped registry: no home page and no raw GitHub copy, even among the editorial evidence', () => {
		const registry = parseSources(readText('content/sources.yml'), 'content/sources.yml', new IssueList());
		for (const source of registry.values()) {
			for (const address of [source.url, ...source.evidence.map((e) => e.url)]) {
				if (!address) continue;
				expect(urlProblem(address), `${source.id}: ${address}`).toBeNull();
				expect(new URL(address).hostname, `${source.id}: ${address}`).not.toBe('raw.githubusercontent.com');
			}
		}
	});
});
