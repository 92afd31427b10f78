import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { IssueList } from './issues';
import { renderMarkdown, renderShortMarkdown, slugify, type LinkResolver } from './markdown';
import { sanitizeContentHtml } from './sanitize';

const resolver: LinkResolver = {
	link: (href) =>
		href === '02-bai.vi.md' ? { url: '/learn/m/bai' } : /^https?:/.test(href) ? { url: href } : { error: `bad ${href}` },
	image: (src) => (src === 'images/a.png' ? { url: '/learn/m/images/a.png?v=1' } : { error: `no ${src}` })
};

const render = (body: string, lang: 'vi' | 'en' = 'vi') => {
	const issues = new IssueList();
	const doc = renderMarkdown(body, { file: 'f.md', firstLine: 5, lang, issues, resolve: resolver });
	return { doc, issues: issues.items.map((i) => `${i.severity} ${i.line}: ${i.message}`) };
};

describe('Markdown rendering', () => {
	it('gives headings unique anchors and builds the table of contents from ## and ###', () => {
		const { doc } = render('# Mở đầu\n\n## Chi bộ là gì?\n\n### Nhiệm vụ\n\n#### Chi tiết\n\n## Chi bộ là gì?\n');
		expect(doc.toc).toEqual([
			{ id: 'mo-dau', text: 'Mở đầu', depth: 2 },
			{ id: 'chi-bo-la-gi', text: 'Chi bộ là gì?', depth: 2 },
			{ id: 'nhiem-vu', text: 'Nhiệm vụ', depth: 3 },
			{ id: 'chi-bo-la-gi-2', text: 'Chi bộ là gì?', depth: 2 }
		]);
		// A body "#" becomes h2: the page title is the only h1.
		expect(doc.html).toContain('<h2 id="mo-dau">Mở đầu <a class="anchor" href="#mo-dau"');
		expect(doc.html).toContain('<h4 id="chi-tiet">');
		expect(doc.html).not.toContain('<h1');
	});

	it('renders callouts with a label unless the text already starts with it', () => {
		const { doc } = render('> [!NOTE]\n> Lưu ý: nhớ điều này.\n\n> [!EXAMPLE]\n> Chi bộ thôn Đông.\n\n> Trích dẫn thường.\n');
		expect(doc.html).toContain('<aside class="callout callout-note" role="note" aria-label="Lưu ý"><p>Lưu ý: nhớ điều này.</p>');
		expect(doc.html).toContain('<aside class="callout callout-example" role="note" aria-label="Ví dụ"><p class="callout-title">Ví dụ</p><p>Chi bộ thôn Đông.</p>');
		expect(doc.html).toContain('<blockquote>\n<p>Trích dẫn thường.</p>\n</blockquote>');
		const english = render('> [!WARNING]\n> Do not.\n', 'en').doc;
		expect(english.html).toContain('<p class="callout-title">Warning</p>');
	});

	it('wraps tables for horizontal scrolling and rewrites images and lesson links', () => {
		const { doc, issues } = render('| a | b |\n|---|--:|\n| 1 | 2 |\n\n![Sơ đồ](images/a.png)\n\n[Bài 2](02-bai.vi.md)\n');
		expect(issues).toEqual([]);
		expect(doc.html).toMatch(
			/<div class="table-wrap" role="region" aria-label="Bảng 1 \(có thể cuộn ngang\)" tabindex="0"><table>[\s\S]*<td align="right">2<\/td>/
		);
		expect(doc.html).toContain('<img src="/learn/m/images/a.png?v=1" alt="Sơ đồ" loading="lazy" decoding="async" />');
		expect(doc.html).toContain('<a href="/learn/m/bai">Bài 2</a>');
	});

	it('reports unresolved links and images, missing alt text and raw HTML at their file lines', () => {
		const { issues } = render('Đoạn một.\n\n[x](03-khong.vi.md) và ![](images/a.png)\n\n<div>raw</div>\n\n![Ảnh](images/khong.png)\n');
		expect(issues).toEqual([
			'error 7: bad 03-khong.vi.md',
			'error 7: image images/a.png needs alt text: ![what it shows](images/a.png)',
			'warning 9: raw HTML is not allowed and is removed when rendered',
			'error 11: no images/khong.png'
		]);
	});

	it('counts words for the reading time and keeps plain text for search', () => {
		const words = Array.from({ length: 450 }, (_, i) => `từ${i}`).join(' ');
		const { doc } = render(`## Tiêu đề\n\n${words}\n`);
		expect(doc.words).toBe(452);
		expect(doc.minutes).toBe(2);
		expect(doc.text.startsWith('Tiêu đề\ntừ0 từ1')).toBe(true);
		expect(doc.text).not.toContain('#');
	});

	it('renders checklists as marks, numbers table regions, and keeps empty corner cells out of headers', () => {
		const { doc } = render('- [x] Đã làm\n- [ ] Chưa làm\n\n|  | A |\n|--|---|\n| 1 | 2 |\n\n| B |\n|---|\n| 3 |\n');
		expect(doc.html).toContain('<li><span class="task" aria-hidden="true">☑</span> Đã làm</li>');
		expect(doc.html).toContain('<span class="task" aria-hidden="true">☐</span> Chưa làm');
		expect(doc.html).not.toContain('<input');
		expect(doc.html).toContain('<thead>\n<tr>\n<td></td>\n<th>A</th>');
		expect(doc.html).toContain('aria-label="Bảng 1 (có thể cuộn ngang)"');
		expect(doc.html).toContain('aria-label="Bảng 2 (có thể cuộn ngang)"');
		expect(render('```\ncode\n```\n').doc.html).toContain('<pre tabindex="0"><code>code');
	});

	it('slugifies Vietnamese without diacritics', () => {
		expect(slugify('Đảng viên & chi bộ: 5 nhiệm vụ')).toBe('dang-vien-chi-bo-5-nhiem-vu');
	});
});

/** Payloads from the OWASP XSS filter evasion cheat sheet and html5sec, as Markdown would carry them. */
const XSS_CORPUS = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'<svg onload=alert(1)>',
	'<svg><script>alert(1)</script></svg>',
	'<iframe src="javascript:alert(1)"></iframe>',
	'<iframe srcdoc="<script>alert(1)</script>"></iframe>',
	'<object data="javascript:alert(1)"></object>',
	'<embed src="javascript:alert(1)">',
	'<a href="javascript:alert(1)">x</a>',
	'<a href="JaVaScRiPt:alert(1)">x</a>',
	'<a href="&#106;avascript:alert(1)">x</a>',
	'<a href="java\tscript:alert(1)">x</a>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
	'<a href="vbscript:msgbox(1)">x</a>',
	'<body onload=alert(1)>',
	'<div style="background:url(javascript:alert(1))">x</div>',
	'<style>@import "javascript:alert(1)";</style>',
	'<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
	'<link rel=stylesheet href="javascript:alert(1)">',
	'<form action="javascript:alert(1)"><button>x</button></form>',
	'<input onfocus=alert(1) autofocus>',
	'<details open ontoggle=alert(1)>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
	'<base href="javascript:alert(1)//">',
	'<img src="//evil.example/x.png">',
	'<img src="https://evil.example/x.png">',
	'<img src="data:image/svg+xml,<svg onload=alert(1)>">',
	'<h2 onclick=alert(1) id=x>t</h2>',
	'<aside class="callout evil" onmouseover=alert(1)>t</aside>',
	'<input type="text" value="x">',
	'<a href="/learn/ok" onclick="alert(1)">ok</a>',
	'[x](javascript:alert(1))',
	'[x](JAVASCRIPT:alert(1))',
	'![x](javascript:alert(1))',
	'[x](https://ok.example "\\" onmouseover=alert(1) x=\\"")',
	'<https://ok.example/<script>alert(1)</script>>',
	'`<script>alert(1)</script>`'
];

const RUNNABLE_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'style', 'meta', 'link', 'form', 'base', 'svg', 'math', 'body', 'noscript', 'textarea', 'select', 'button']);
const SAFE_URL = /^(\/(?!\/)|#|https?:\/\/|mailto:)/i;

/** What an HTML parser (the browser's view) finds that could run code or load foreign content. */
function dangerousParts(html: string): string[] {
	const found: string[] = [];
	const parser = new Parser({
		onopentag(name, attributes) {
			if (RUNNABLE_TAGS.has(name)) found.push(`<${name}>`);
			if (name === 'input') found.push('<input>');
			for (const [attr, value] of Object.entries(attributes)) {
				if (attr.startsWith('on')) found.push(`${name}[${attr}]`);
				if (attr === 'style') found.push(`${name}[style]`);
				if (['href', 'src', 'action', 'data', 'formaction', 'srcdoc'].includes(attr) && !SAFE_URL.test(value)) {
					found.push(`${name}[${attr}=${value}]`);
				}
				if (name === 'img' && attr === 'src' && !/^\/(?!\/)/.test(value)) found.push(`img from ${value}`);
			}
		}
	});
	parser.write(html);
	parser.end();
	return found;
}

describe('sanitizer', () => {
	it.each(XSS_CORPUS)('neutralizes %s', (payload) => {
		// The corpus itself is caught by the detector, so a passing test means something.
		if (payload.startsWith('<') && !payload.startsWith('<https')) expect(dangerousParts(payload)).not.toEqual([]);
		expect(dangerousParts(sanitizeContentHtml(payload))).toEqual([]);
		expect(dangerousParts(renderShortMarkdown(payload))).toEqual([]);
	});

	it('keeps what the renderer produces', () => {
		const html =
			'<h2 id="a">A <a class="anchor" href="#a" aria-label="x"><span class="anchor-mark" aria-hidden="true">#</span></a></h2>' +
			'<aside class="callout callout-note" role="note" aria-label="Lưu ý"><p class="callout-title">Lưu ý</p><p>t</p></aside>' +
			'<div class="table-wrap" role="region" aria-label="Bảng" tabindex="0"><table><thead><tr><th align="center">h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table></div>' +
			'<p><img src="/learn/m/images/a.png?v=1" alt="a" loading="lazy" decoding="async" /></p>';
		expect(sanitizeContentHtml(html)).toBe(html);
	});

	it('marks external links noopener and lets no form control through', () => {
		expect(sanitizeContentHtml('<a href="https://x.example">x</a>')).toBe(
			'<a href="https://x.example" rel="noopener noreferrer">x</a>'
		);
		expect(sanitizeContentHtml('<li><input type="checkbox" checked> done</li>')).toBe('<li> done</li>');
	});
});
