import { beforeNavigate } from '$app/navigation';
import { LESSON_ROUTE_ID } from './routes';

/**
 * SvelteKit would otherwise open a lesson linked from a client-rendered page with its client
 * router, rendering it without its reader script. Call once from the root layout: every link
 * into a lesson then loads the page in full, as a lesson page expects.
 */
export function enterLessonsWithFullLoad() {
	beforeNavigate(({ to, cancel, willUnload }) => {
		if (willUnload || to?.route.id !== LESSON_ROUTE_ID) return;
		cancel();
		location.assign(to.url.href);
	});
}
