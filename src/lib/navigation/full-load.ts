import { beforeNavigate } from '$app/navigation';
import { SERVER_ONLY_ROUTE_IDS } from './server-only-routes';

/**
 * SvelteKit would otherwise open a page served without the client app (a lesson, an attempt,
 * a person's page…) with its client router when it is linked from a client-rendered page,
 * rendering it without its own script. Call once from the root layout: every navigation into
 * such a page then loads it in full, as the page expects.
 */
export function enterServerOnlyPagesWithFullLoad() {
	beforeNavigate(({ to, cancel, willUnload }) => {
		const id = to?.route.id;
		if (willUnload || !id || !SERVER_ONLY_ROUTE_IDS.has(id)) return;
		cancel();
		location.assign(to.url.href);
	});
}
