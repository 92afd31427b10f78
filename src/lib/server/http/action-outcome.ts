import { error, fail, redirect } from '@sveltejs/kit';

/**
 * What a form action decided, independent of who carries it: SvelteKit's action (`settle`) or the
 * exchange in front of SvelteKit (`action-exchange.ts`), which writes it as SvelteKit's
 * `use:enhance` protocol does.
 */
export type ActionOutcome<Failure extends Record<string, unknown> = never> =
	| { type: 'redirect'; location: string }
	| { type: 'failure'; status: 400 | 409; data: Failure }
	| { type: 'error'; status: 404; message: 'not_found' };

export const redirectTo = (location: string) => ({ type: 'redirect', location }) as const;
export const notFound = { type: 'error', status: 404, message: 'not_found' } as const;

/** The outcome as a SvelteKit action gives it: a redirect (303) or error thrown, a failure returned. */
export function settle<Failure extends Record<string, unknown>>(outcome: ActionOutcome<Failure>) {
	if (outcome.type === 'redirect') redirect(303, outcome.location);
	if (outcome.type === 'error') error(outcome.status, outcome.message);
	return fail(outcome.status, outcome.data);
}
