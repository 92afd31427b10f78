import { expect, type Page } from '@playwright/test';

/** Opens a fixture module's quiz page and starts (or continues) an attempt; returns its id. */
export async function startQuiz(page: Page, slug: string): Promise<string> {
	await page.goto(`/learn/${slug}/quiz`);
	const start = page.getByRole('button', { name: 'Bắt đầu làm bài' });
	const resume = page.getByRole('link', { name: 'Làm tiếp bài đang dở' }).first();
	if (await start.isVisible()) await start.click();
	else await resume.click();
	await page.waitForURL(/\/attempts\/[0-9a-f-]{36}(\?.*)?$/);
	const id = /\/attempts\/([0-9a-f-]{36})/.exec(page.url())![1];
	// Hydrated: the autosave status replaces the no-script hint.
	await expect(page.getByTestId('save-status')).toBeVisible();
	return id;
}

/** The fieldset of question n (1-based) as shown. */
export const question = (page: Page, n: number) =>
	page.locator('fieldset.question').filter({ has: page.getByText(new RegExp(`^Câu ${n}/\\d+$`)) });

/** Chooses the option at `index` (0-based, as shown) in question n. */
export async function choose(page: Page, n: number, index: number) {
	await question(page, n).locator('label.option').nth(index).click();
}

export async function expectSaved(page: Page) {
	await expect(page.getByTestId('save-status')).toHaveText('Đã lưu');
}
