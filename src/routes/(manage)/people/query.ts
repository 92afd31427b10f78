/** The current query string with some parameters replaced (null removes one), for links. */
export function withParams(
	current: URLSearchParams,
	changes: Record<string, string | number | null>
) {
	const params = new URLSearchParams(current);
	for (const [key, value] of Object.entries(changes)) {
		if (value === null) params.delete(key);
		else params.set(key, String(value));
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}
