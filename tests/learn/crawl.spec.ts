import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { crawlContent } from '../helpers/crawl';

// Every module and lesson of the served fixture content (tests/content crawls the real modules):
// accessible, and no sideways scrolling on a 360 px phone.
test('every module and lesson page is accessible and fits a phone', async ({ page }) => {
	test.setTimeout(300_000);
	await signIn(page, 'giangvien');
	const { pages, problems } = await crawlContent(page);
	expect(pages).toBeGreaterThan(1);
	expect(problems).toEqual([]);
});
