import { m } from '$lib/paraglide/messages.js';

export type RowProblem = { code: string; column?: string; value?: string; row?: number };

/** A row problem of an import preview, in the reader's language. */
export function rowProblemText(
	e: RowProblem,
	limits: { nameMax: number; minYear: number; maxYear: number }
): string {
	const value = e.value ?? '';
	switch (e.code) {
		case 'name_required':
			return m.people_row_name_required();
		case 'name_too_long':
			return m.people_row_name_too_long({ max: limits.nameMax });
		case 'name_invalid':
			return m.people_row_name_invalid({ value });
		case 'unit_required':
			return m.people_row_unit_required();
		case 'unit_unknown':
			return m.people_row_unit_unknown({ value });
		case 'unit_merged':
			return m.people_row_unit_merged({ value });
		case 'unit_out_of_scope':
			return m.people_row_unit_out_of_scope({ value });
		case 'position_unknown':
			return m.people_row_position_unknown({ value });
		case 'year_invalid':
			return m.people_row_year_invalid({ value });
		case 'year_range':
			return m.people_row_year_range({
				value,
				min: limits.minYear,
				max: limits.maxYear
			});
		case 'gender_unknown':
			return m.people_row_gender_unknown({ value });
		case 'education_unknown':
			return m.people_row_education_unknown({ value });
		case 'theory_unknown':
			return m.people_row_theory_unknown({ value });
		case 'phone_invalid':
			return m.people_row_phone_invalid({ value });
		case 'duplicate_row':
			return m.people_row_duplicate_row({ row: e.row ?? '' });
		case 'card_invalid':
			return m.people_row_card_invalid({ value });
		case 'card_duplicate':
			return m.people_row_card_duplicate({ row: e.row ?? '' });
		case 'card_elsewhere':
			return m.people_row_card_elsewhere({ value });
		default:
			return m.people_error_invalid();
	}
}
