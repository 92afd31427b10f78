import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/access';
import { getCatalog } from '$lib/server/content/store';

/** A module's image, from memory (loaded at start); no request path ever reaches the file system. */
export const GET: RequestHandler = ({ locals, params, url }) => {
	requireUser(locals, url);
	const asset = getCatalog().module(params.module)?.images.get(`images/${params.path}`);
	if (!asset) error(404, 'not_found');
	const versioned = url.searchParams.get('v') === asset.hash.slice(0, 12);
	return new Response(asset.bytes.slice(), {
		headers: {
			'content-type': asset.contentType,
			'cache-control': versioned ? 'private, max-age=31536000, immutable' : 'private, no-cache',
			etag: `"${asset.hash.slice(0, 16)}"`,
			'content-security-policy': "default-src 'none'; sandbox",
			'x-content-type-options': 'nosniff'
		}
	});
};
