/**
 * The routes served without the client app (`export const csr = false` in their
 * +page.server.ts): lessons, the attempt page, the person page and the other read-only or
 * script-light pages. SvelteKit's client router would otherwise open them from a
 * client-rendered page itself, rendering them without their own scripts (the lesson reader,
 * the attempt page's autosave, the print button). `server-only-routes.test.ts` keeps this
 * list equal to the routes on disk.
 */
export const SERVER_ONLY_ROUTE_IDS: ReadonlySet<string> = new Set([
	'/',
	'/(account)/account',
	'/(auth)/activate',
	'/(auth)/login',
	'/(contest)/contests',
	'/(contest)/contests/rounds/[id]/result',
	'/(contest)/results/[contest]',
	'/(learn)/attempts/[id]',
	'/(learn)/content-review',
	'/(learn)/learn',
	'/(learn)/learn/[module]',
	'/(learn)/learn/[module]/[lesson]',
	'/(learn)/learn/[module]/quiz',
	'/(learn)/review',
	'/(learn)/search',
	'/(learn)/situations',
	'/(learn)/situations/[situation]',
	'/(manage)/people/[id]'
]);
