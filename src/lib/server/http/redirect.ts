/** Control characters, spaces of every kind, invisible marks and backslashes. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]/;

/** Any origin would do: a target is accepted only when it resolves to this one. */
const BASE = 'http://app.invalid';

/**
 * The one check for every redirect target taken from a request (`redirectTo`): a path on the
 * app's own origin, or the fallback. Browsers drop tabs and newlines from URLs and read `\` as
 * `/`, so `/\t/evil.example` or `/\evil.example` would leave the site: anything with a control
 * character, a space, a backslash or a leading `//` is refused, and what is left must parse,
 * against the app's origin, to a same-origin URL whose path does not start with `//` either
 * (`/..//evil.example` resolves to `//evil.example`). Returns the normalised path.
 */
export function sameOriginPath(
	value: FormDataEntryValue | string | null | undefined,
	fallback = '/'
): string {
	if (typeof value !== 'string' || value.length > 2048) return fallback;
	if (UNSAFE.test(value)) return fallback;
	if (!value.startsWith('/') || value.startsWith('//')) return fallback;
	let url: URL;
	try {
		url = new URL(value, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE || url.username || url.password) return fallback;
	const path = url.pathname + url.search + url.hash;
	return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
