import { m } from '$lib/paraglide/messages.js';
import { extractLocaleFromRequest } from '$lib/paraglide/runtime.js';
import type { WriteRefusal } from './security';

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/**
 * The answer to a refused cross-site or foreign-host write: for a browser, a small page in the
 * reader's language saying what happened and what to do (a link back to the page on the app's
 * own address); for scripts, JSON like SvelteKit's errors. Built here rather than by
 * `+error.svelte`, which SvelteKit does not render for an error thrown in a hook.
 */
export function refusalResponse(request: Request, reason: WriteRefusal, target: URL): Response {
	const accept = request.headers.get('accept') ?? '';
	if (!accept.includes('text/html')) {
		return Response.json({ message: 'cross_site' }, { status: 403 });
	}
	const locale = extractLocaleFromRequest(request);
	const app = target.origin;
	const from = request.headers.get('origin') ?? '?';
	const [what, todo] =
		reason === 'cross_site'
			? [
					m.refused_cross_site({ from, app }, { locale }),
					m.refused_cross_site_todo({ app }, { locale })
				]
			: [
					m.refused_foreign_host({ host: target.host }, { locale }),
					m.refused_foreign_host_todo({}, { locale })
				];
	const title = m.refused_title({}, { locale });
	// Back to the page at the app's address; a foreign host is not one to send anybody back to.
	const again = reason === 'cross_site' ? new URL(target.pathname, target.origin).href : null;
	const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(m.app_name({}, { locale }))}</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1f2328; background: #f6f7f9; }
main { max-width: 40rem; margin: 2rem auto; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem 1.25rem; overflow-wrap: anywhere; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; color: #a40e26; }
a { color: #0b57d0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(what)}</p>
<p>${escapeHtml(todo)}</p>
${again ? `<p><a href="${escapeHtml(again)}">${escapeHtml(m.refused_open_again({}, { locale }))}</a></p>` : ''}
</main>
</body>
</html>
`;
	return new Response(html, {
		status: 403,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		}
	});
}
