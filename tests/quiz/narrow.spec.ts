import { expect, test, type Locator } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { expectFitsScreen, PHONE } from '../helpers/narrow';
import { choose, expectSaved, question, startQuiz } from './helpers';

test.use({ viewport: PHONE });

/** Hue (0–360) and saturation (0–1) of a computed CSS colour `rgb(r, g, b)`. */
function hueOf(css: string) {
	const [r, g, b] = css
		.match(/\d+(\.\d+)?/g)!
		.slice(0, 3)
		.map((n) => Number(n) / 255);
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	const d = max - min;
	if (d === 0) return { hue: 0, saturation: 0 };
	const hue = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
	const light = (max + min) / 2;
	return { hue: hue * 60, saturation: d / (1 - Math.abs(2 * light - 1)) };
}

async function expectNotReddish(option: Locator) {
	const colours = await option.evaluate((el) => {
		const style = getComputedStyle(el);
		return [style.backgroundColor, style.borderTopColor];
	});
	for (const colour of colours) {
		const { hue, saturation } = hueOf(colour);
		const red = saturation > 0.15 && (hue < 20 || hue > 330);
		expect(red, `chosen answer coloured ${colour} reads as "wrong"`).toBe(false);
	}
}

test('on a phone a chosen answer is not tinted red, and the result says how the quiz ended', async ({
	page
}) => {
	await signIn(page, 'btc.tinh');
	await startQuiz(page, 'fx-co-ban');
	await choose(page, 1, 1);
	const chosen = question(page, 1).locator('label.option').nth(1);
	await expect(chosen.locator('input')).toBeChecked();
	await expectNotReddish(chosen);
	await expectSaved(page);
	await expectFitsScreen(page);

	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await page
		.getByRole('dialog', { name: 'Nộp bài?' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await page.waitForURL(/\/result$/);

	const summary = page.locator('dl.facts');
	await expect(summary.getByText('Cách kết thúc')).toBeVisible();
	await expect(summary.getByText('Bạn đã nộp bài', { exact: true })).toBeVisible();

	// Every percentage of the topic table stays on one line ("33 %", not "33" over "%").
	const percents = page.getByRole('table').getByRole('cell', { name: / %$/ });
	expect(await percents.count()).toBeGreaterThan(0);
	for (const cell of await percents.all()) {
		const lines = await cell.evaluate((el) => {
			const range = document.createRange();
			range.selectNodeContents(el);
			return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
		});
		expect(lines, (await cell.textContent()) ?? '').toBe(1);
	}
	await expectFitsScreen(page);
});
