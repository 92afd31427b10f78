import { getLocale } from '$lib/paraglide/runtime.js';
import type { ContentLanguage } from './types';

/** The content language of the current request (Paraglide's locale). Routes only. */
export function contentLanguage(): ContentLanguage {
	return getLocale() === 'en' ? 'en' : 'vi';
}
