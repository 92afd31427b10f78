import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { holdScripts } from '../helpers/slow-scripts';
import { expectSaved, question, startQuiz } from './helpers';

const checkedIndex = (page: import('@playwright/test').Page, n: number) =>
	question(page, n)
		.locator('input[name^="answer-"]')
		.evaluateAll((inputs) =>
			inputs.flatMap((i, k) => ((i as HTMLInputElement).checked ? [k] : []))
		);

// Scripts served by the app's service worker would bypass the hold: no service worker here.
test.use({ serviceWorkers: 'block' });

test('an answer and a flag chosen before the page has finished loading are kept and saved', async ({
	page
}) => {
	await signIn(page, 'quanly.tinh');
	const id = await startQuiz(page, 'fx-tai-lai');
	const releaseScripts = await holdScripts(page);
	await page.goto(`/attempts/${id}?q=2`, { waitUntil: 'domcontentloaded' });
	// Not hydrated yet: the autosave status appears only once the script runs.
	await expect(page.getByTestId('save-status')).toBeHidden();
	await question(page, 2).locator('label.option').nth(1).click();
	await question(page, 2).getByLabel('Đánh dấu để xem lại').check();
	releaseScripts();
	await expect(page.getByTestId('save-status')).toBeVisible();
	await expectSaved(page);
	expect(await checkedIndex(page, 2)).toEqual([1]);
	await expect(question(page, 2).getByLabel('Đánh dấu để xem lại')).toBeChecked();
	await expect(page.getByTestId('answered-count')).toHaveText('Đã trả lời 1/5 câu');

	// Saved on the server, not only shown: a fresh page has it.
	await page.goto(`/attempts/${id}?q=2`);
	await expect(page.getByTestId('save-status')).toBeVisible();
	expect(await checkedIndex(page, 2)).toEqual([1]);
	await expect(question(page, 2).getByLabel('Đánh dấu để xem lại')).toBeChecked();
});
