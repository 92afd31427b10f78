import { expect, test } from '@playwright/test';
import { JUDGING } from '../fixtures/e2e-data';
import { signIn } from '../helpers/auth';
import { expectAccessible } from '../helpers/narrow';

// The organizer imports a round's rubric from a spreadsheet (issue 14): a file with bad rows saves
// nothing and says which rows; a good one replaces the rubric.

const file = (text: string) => ({
	name: 'thang-diem.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from('\uFEFF' + text, 'utf8')
});

test('the organizer imports a rubric from a CSV file: bad rows are named, nothing half-saved', async ({
	page
}) => {
	const p = JUDGING.plainForm;
	await signIn(page, 'btc.tinh');
	await page.goto('/contests/manage');
	await page.getByRole('link', { name: p.contest }).click();
	await page
		.getByRole('row', { name: new RegExp(p.importRound.replace(/[()]/g, '\\$&')) })
		.getByRole('link', { name: 'Chấm thi' })
		.click();
	await expect(page).toHaveURL(/\/judging$/);
	const rubric = page.getByRole('region', { name: 'Thang điểm' });

	const upload = page.getByLabel('Tệp CSV hoặc Excel (.xlsx)');
	await upload.setInputFiles(
		file('Tiêu chí;Điểm tối đa;Mô tả\nNội dung;40;\n;10;\nGiải pháp;nhiều;\nnội dung;5;\n')
	);
	await page.getByRole('button', { name: 'Nhập thang điểm' }).click();
	const rows = page.getByTestId('rubric-import-rows');
	await expect(rows.getByRole('listitem')).toHaveText([
		'Dòng 3: thiếu tên tiêu chí',
		/^Dòng 4: điểm tối đa/,
		'Dòng 5: Hai tiêu chí trùng tên.'
	]);
	await expect(rubric.getByRole('table')).toHaveCount(0);
	await expectAccessible(page);

	await upload.setInputFiles(
		file(
			'Tiêu chí;Điểm tối đa;Mô tả\nNội dung;40;Đúng, đủ\nGiải pháp;30;\nTrình bày;20;\nThời gian;10;\n'
		)
	);
	await page.getByRole('button', { name: 'Nhập thang điểm' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'tổng 100 điểm' })).toBeVisible();
	await expect(rubric.getByRole('table').locator('tbody tr')).toHaveCount(4);
	await expect(rubric.getByRole('table')).toContainText('Đúng, đủ');
});
