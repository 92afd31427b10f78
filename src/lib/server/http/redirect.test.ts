import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './redirect';

/** Targets that browsers (or URL parsers) would take off the site: every one must fall back. */
const bypasses: [name: string, target: string][] = [
	['tab after the slash (the reported one)', '/\t/evil.example/phish'],
	['newline after the slash', '/\n/evil.example'],
	['carriage return + newline', '/\r\n/evil.example'],
	['NUL', '/\u0000/evil.example'],
	['DEL', '/\u007f/evil.example'],
	['leading space', ' //evil.example'],
	['leading tab', '\t//evil.example'],
	['protocol-relative', '//evil.example/phish'],
	['three slashes', '///evil.example'],
	['backslash after the slash', '/\\evil.example'],
	['backslash then slash', '/\\/evil.example'],
	['two backslashes', '\\\\evil.example'],
	['slash backslash tab', '/\t\\evil.example'],
	['absolute URL', 'https://evil.example/'],
	['scheme without slashes', 'http:evil.example'],
	['javascript: URL', 'javascript:alert(1)'],
	['data: URL', 'data:text/html,<script>alert(1)</script>'],
	['dot segments to //', '/..//evil.example'],
	['encoded dot segments to //', '/.%2e//evil.example'],
	['dot slash to //', '/.//evil.example'],
	['relative host-like path', 'evil.example/phish'],
	['empty', ''],
	['line separator', '/\u2028/evil.example'],
	['ideographic space', '/\u3000/evil.example'],
	['no-break space', '/\u00a0/evil.example'],
	['zero-width space', '/\u200b/evil.example'],
	['byte order mark', '\ufeff//evil.example'],
	['very long', '/' + 'a'.repeat(5000)]
];

/** Targets inside the app, kept (normalised as the browser would send them). */
const kept: [target: string, path: string][] = [
	['/', '/'],
	['/people?q=an&page=2', '/people?q=an&page=2'],
	['/learn/01-to-chuc/bai-1#lesson-end', '/learn/01-to-chuc/bai-1#lesson-end'],
	['/search?q=Đảng', '/search?q=%C4%90%E1%BA%A3ng'],
	['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
	['/%09/evil.example/phish', '/%09/evil.example/phish'],
	['/a/../people', '/people'],
	['/@evil.example', '/@evil.example']
];

describe('sameOriginPath', () => {
	it.each(bypasses)('refuses %s', (_name, target) => {
		expect(sameOriginPath(target)).toBe('/');
		expect(sameOriginPath(target, '/account')).toBe('/account');
	});

	it.each(kept)('keeps %j', (target, path) => {
		expect(sameOriginPath(target)).toBe(path);
	});

	it('falls back for a missing value or a file', () => {
		expect(sameOriginPath(null)).toBe('/');
		expect(sameOriginPath(undefined, '/x')).toBe('/x');
		expect(sameOriginPath(new File(['/'], 'a.txt'))).toBe('/');
	});
});
