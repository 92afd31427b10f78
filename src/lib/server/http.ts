/** A same-site path to go back to after a form, or the fallback; never another origin. */
export function safeRedirectPath(
	value: FormDataEntryValue | string | null | undefined,
	fallback = '/'
) {
	if (typeof value !== 'string') return fallback;
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	return value;
}
