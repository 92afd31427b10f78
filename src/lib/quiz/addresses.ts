/**
 * The addresses of an attempt's autosave and clock, in one place: the page's autosave
 * (`attempt-sync.ts`), the server's handler in front of SvelteKit and its log lines use
 * these, and the SvelteKit routes live at the same paths (src/routes/(learn)/attempts/[id]/).
 */
export const answersPath = (attemptId: string) => `/attempts/${attemptId}/answers`;
export const clockPath = (attemptId: string) => `/attempts/${attemptId}/clock`;

const ANSWERS_PATH =
	/^\/attempts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/answers$/i;

/** The attempt id of an autosave path (`answersPath`), or null for any other path. */
export function attemptOfAnswersPath(pathname: string): string | null {
	return ANSWERS_PATH.exec(pathname)?.[1] ?? null;
}
