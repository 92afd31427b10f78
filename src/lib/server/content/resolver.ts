import { posix } from 'node:path';
import type { LinkResolver, Resolution } from './markdown';
import type { ImageAsset } from './types';

/** What links may point at: the site's modules, lessons and module images. */
export type LinkTargets = {
	modules: Map<string, { slug: string; lessons: Map<string, string>; images: Map<string, ImageAsset> }>;
};

export const imageUrl = (moduleSlug: string, imagePath: string, asset: ImageAsset) =>
	`/learn/${moduleSlug}/${imagePath.split('/').map(encodeURIComponent).join('/')}?v=${asset.hash.slice(0, 12)}`;

/**
 * Resolves links written relative to a module folder (`02-bai.vi.md`, `../03-mo-dun/module.md`,
 * `images/so-do.png`) to site URLs; anything else relative is an error the check reports.
 */
export function createResolver(targets: LinkTargets, folder: string): LinkResolver {
	const resolvePath = (href: string): { path: string; fragment: string } => {
		const hashAt = href.indexOf('#');
		const fragment = hashAt >= 0 ? href.slice(hashAt) : '';
		const bare = (hashAt >= 0 ? href.slice(0, hashAt) : href).split('?')[0];
		let decoded = bare;
		try {
			decoded = decodeURIComponent(bare);
		} catch {
			/* keep as written */
		}
		return { path: posix.normalize(posix.join('modules', folder, decoded)), fragment };
	};

	const image = (src: string): Resolution => {
		if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) {
			return { error: `image ${src} must be a file in the module's images/ folder` };
		}
		const { path } = resolvePath(src);
		const [, moduleFolder, ...rest] = path.split('/');
		const target = targets.modules.get(moduleFolder);
		const rel = rest.join('/');
		const asset = target?.images.get(rel);
		if (!target || !asset) return { error: `image ${src} does not exist` };
		return { url: imageUrl(target.slug, rel, asset) };
	};

	const link = (href: string): Resolution => {
		if (/^(https?:|mailto:)/i.test(href)) return { url: href };
		if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
			return { error: `link ${href}: only http, https and mailto links are allowed` };
		}
		if (href.startsWith('/')) {
			return { error: `link ${href}: link to lessons with a relative path (e.g. 02-bai.vi.md)` };
		}
		const { path, fragment } = resolvePath(href);
		const parts = path.split('/');
		if (parts[0] !== 'modules' || parts.length < 2) return { error: `link ${href} leaves the modules folder` };
		const target = targets.modules.get(parts[1]);
		if (!target) return { error: `link ${href}: no module folder "${parts[1]}"` };
		const rest = parts.slice(2).join('/');
		if (rest === '' || rest === '.' || rest === 'module.md') {
			return { url: `/learn/${target.slug}${fragment}` };
		}
		if (rest.startsWith('images/')) return image(href);
		const lessonMatch = /^(\d{2,}-[a-z0-9-]+?)(?:\.(vi|en))?\.md$/.exec(rest);
		const lessonSlug = lessonMatch ? target.lessons.get(lessonMatch[1]) : undefined;
		if (!lessonSlug) return { error: `link ${href} does not resolve to a lesson, module or image` };
		return { url: `/learn/${target.slug}/${lessonSlug}${fragment}` };
	};

	return { link, image };
}
