import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { choose, expectSaved, startQuiz } from './helpers';

const scan = async (page: Page) =>
	(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map(
		(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);

async function check(page: Page, label: string) {
	expect(await scan(page), label).toEqual([]);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - window.innerWidth
	);
	expect(overflow, `${label}: no sideways scrolling`).toBeLessThanOrEqual(0);
}

test('quiz pages are accessible at 360 px and on a wide screen, in both languages, with no CSP violations', async ({
	page
}) => {
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	// Its own learner: the language chosen at the end is remembered for the account.
	await signIn(page, 'admin');
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		await page.goto('/learn/fx-dong-ho/quiz');
		await check(page, `quiz page ${width}`);
		await startQuiz(page, 'fx-dong-ho');
		await choose(page, 1, 0);
		await expectSaved(page);
		await check(page, `attempt ${width}`);
		await page.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(page.getByRole('dialog')).toBeVisible();
		await check(page, `submit dialog ${width}`);
		await page.getByRole('button', { name: 'Quay lại làm tiếp' }).click();
	}
	// The keyboard alone can answer, flag and move between questions.
	await page.setViewportSize({ width: 360, height: 800 });
	await page.reload();
	const firstOption = page.locator('fieldset.question input[name^="answer-"]').first();
	await firstOption.focus();
	await page.keyboard.press('Space');
	await expect(firstOption).toBeChecked();
	await page.getByRole('button', { name: 'Câu sau →' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText(/^Câu 2\/3$/)).toBeVisible();

	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await page.waitForURL(/\/result$/);
	await check(page, 'result');
	await page.goto('/review');
	await check(page, 'review deck');

	// English throughout.
	await page.getByLabel('Ngôn ngữ').selectOption('en');
	await page.getByRole('button', { name: 'Đổi' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practise my mistakes');
	await page.goto('/learn/fx-dong-ho/quiz');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Practice quiz: Test: wrong computer clock'
	);
	await expect(page.getByRole('button', { name: 'Start the quiz' })).toBeVisible();
	await check(page, 'quiz page in English');
	expect(violations).toEqual([]);
	await page.getByLabel('Language').selectOption('vi');
	await page.getByRole('button', { name: 'Change' }).click();
});
