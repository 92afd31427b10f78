import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	activated: url.searchParams.has('activated')
});
