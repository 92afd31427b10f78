import { expect, type Page } from '@playwright/test';

/** Picks the option whose text contains `text` (options are indented by tree level). */
export async function chooseOption(page: Page, label: string, text: string) {
	const select = page.getByRole('combobox', { name: label, exact: true });
	const options = await select
		.locator('option')
		.evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
	const found = options.find(([, t]) => t.normalize('NFC').includes(text.normalize('NFC')));
	expect(found, `${label}: ${text} in ${options.map(([, t]) => t).join(' | ')}`).toBeTruthy();
	await select.selectOption(found![0]);
}
