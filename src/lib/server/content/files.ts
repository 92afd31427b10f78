import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { IssueList } from './issues';
import type { ImageAsset } from './types';

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Paths in messages are relative to the working folder, as an editor or CI log shows them. */
export const displayPath = (absolute: string) => relative(process.cwd(), absolute) || absolute;

export const readText = (path: string) =>
	readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

export const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

export const listDirectory = (path: string) =>
	isDirectory(path) ? readdirSync(path).sort((a, b) => a.localeCompare(b)) : [];

const IMAGE_TYPES: Record<string, string> = {
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp'
};
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Images of a module (under `images/`, any depth), held in memory: content is small, and serving
 * from memory means no file path from a request ever reaches the file system.
 */
export function readImages(moduleDir: string, issues: IssueList): Map<string, ImageAsset> {
	const images = new Map<string, ImageAsset>();
	const walk = (dir: string) => {
		for (const name of listDirectory(dir)) {
			const path = join(dir, name);
			if (isDirectory(path)) {
				walk(path);
				continue;
			}
			const type = IMAGE_TYPES[extname(name).toLowerCase()];
			const rel = relative(moduleDir, path).split('\\').join('/');
			if (!type) {
				issues.error(displayPath(path), 1, 'images must be PNG, JPEG, GIF or WebP (SVG can carry scripts)');
				continue;
			}
			const bytes = readFileSync(path);
			if (bytes.byteLength > MAX_IMAGE_BYTES) {
				issues.error(displayPath(path), 1, `image larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB; make it smaller for phones`);
				continue;
			}
			images.set(rel, { bytes: new Uint8Array(bytes), contentType: type, hash: sha256(bytes) });
		}
	};
	walk(join(moduleDir, 'images'));
	return images;
}
