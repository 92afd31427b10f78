import { describe, expect, it } from 'vitest';
import { importTemplate } from '../people/export';
import { downloadResponse } from './write';

const disposition = (response: Response) => response.headers.get('Content-Disposition') ?? '';

describe('download file names', () => {
	it('keeps đ as d in the plain-ASCII fallback name of the people import template', async () => {
		const response = await importTemplate('csv', 'vi');
		expect(disposition(response)).toContain('filename="Mau nhap dang vien.csv"');
		expect(disposition(response)).toContain(
			`filename*=UTF-8''${encodeURIComponent('Mẫu nhập đảng viên.csv')}`
		);
	});

	it('folds every Vietnamese letter and drops quotes from the fallback', () => {
		const response = downloadResponse('', 'Đảng bộ "Ứng Hòa" – Đợt 2.xlsx', 'xlsx');
		expect(disposition(response)).toContain('filename="Dang bo Ung Hoa  Dot 2.xlsx"');
	});
});
