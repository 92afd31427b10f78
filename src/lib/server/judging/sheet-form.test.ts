import { describe, expect, it } from 'vitest';
import { sheetErrorStatus, sheetFromForm } from './sheet-form';

const form = (fields: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of fields) f.append(k, v);
	return f;
};

describe('a sheet posted as a plain form', () => {
	it('reads the candidate, the points per criterion (decimal comma too), comment and submission id', () => {
		expect(
			sheetFromForm(
				form([
					['registrationId', '12'],
					['p-3', ' 35,5 '],
					['p-4', '20'],
					['comment', 'Tốt'],
					['clientId', 'abc-1'],
					['other', '9']
				])
			)
		).toEqual({
			input: {
				registrationId: 12,
				points: { '3': '35.5', '4': '20' },
				comment: 'Tốt',
				clientId: 'abc-1'
			},
			points: { '3': '35.5', '4': '20' },
			comment: 'Tốt'
		});
	});

	it('refuses a form without a candidate; an empty point is left for the rules to refuse', () => {
		expect(sheetFromForm(form([['p-3', '1']]))).toBeNull();
		expect(sheetFromForm(form([['registrationId', 'x']]))).toBeNull();
		expect(sheetFromForm(form([['registrationId', '-1']]))).toBeNull();
		expect(
			sheetFromForm(
				form([
					['registrationId', '5'],
					['p-3', '']
				])
			)?.input
		).toEqual({
			registrationId: 5,
			points: { '3': '' },
			comment: '',
			clientId: null
		});
	});

	it('answers a locked round with 409, an unknown candidate with 404, a bad sheet with 400', () => {
		expect(sheetErrorStatus('locked')).toBe(409);
		expect(sheetErrorStatus('not_found')).toBe(404);
		expect(sheetErrorStatus('points_out_of_range')).toBe(400);
		expect(sheetErrorStatus('conflict')).toBe(400);
	});
});
