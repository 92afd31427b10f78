import { m } from '$lib/paraglide/messages.js';
import { formatNumber } from '$lib/i18n';
import { orgKindLabel } from './labels';

/** Mirrors the server's NAME_MAX_LENGTH and TREE_IMPORT_LIMITS for messages. */
export const NAME_MAX = 200;

const kindList = () =>
	Object.values(orgKindLabel)
		.map((label) => label())
		.join(', ');

/** Field and action errors of the unit forms. */
export function orgsErrorText(code: string | undefined | null): string {
	switch (code) {
		case 'empty_code':
			return m.orgs_err_empty_code();
		case 'invalid_code':
			return m.orgs_err_invalid_code();
		case 'code_taken':
			return m.orgs_err_code_taken();
		case 'empty_name':
			return m.orgs_err_empty_name();
		case 'name_too_long':
			return m.orgs_err_name_too_long({ max: NAME_MAX });
		case 'unknown_kind':
			return m.orgs_err_unknown_kind();
		case 'parent_not_found':
			return m.orgs_err_parent_not_found();
		case 'into_own_subtree':
			return m.orgs_err_into_own_subtree();
		case 'same_parent':
			return m.orgs_err_same_parent();
		case 'nothing_selected':
			return m.orgs_merge_err_nothing_selected({ max: 20 });
		case 'unit_not_found':
			return m.orgs_merge_err_unit_not_found();
		case 'same_unit':
			return m.orgs_merge_err_same_unit();
		case 'into_own_descendant':
			return m.orgs_merge_err_into_own_descendant();
		case 'not_found':
		case 'survivor_not_found':
			return m.orgs_err_not_found();
		default:
			return m.error_generic();
	}
}

export type FileError = {
	code: string;
	maxBytes?: number;
	maxRows?: number;
	maxCells?: number;
	rows?: number;
	columns?: string[];
	column?: string;
};

/** Why an uploaded file could not be read at all. */
export function fileErrorText(e: FileError): string {
	switch (e.code) {
		case 'too_large':
			return m.orgs_file_too_large({ mb: Math.round((e.maxBytes ?? 0) / 1024 / 1024) });
		case 'too_many_rows':
			return m.orgs_file_too_many_rows({ rows: e.rows ?? 0, max: e.maxRows ?? 0 });
		case 'too_large_unpacked':
			return m.orgs_file_too_large_unpacked({ mb: Math.round((e.maxBytes ?? 0) / 1024 / 1024) });
		case 'too_many_cells':
			return m.orgs_file_too_many_cells({ cells: formatNumber(e.maxCells ?? 0) });
		case 'no_rows':
			return m.orgs_file_no_rows();
		case 'unsupported_type':
			return m.orgs_file_unsupported_type();
		case 'empty':
			return m.orgs_file_empty();
		case 'not_utf8':
			return m.orgs_file_not_utf8();
		case 'unreadable':
			return m.orgs_file_unreadable();
		case 'missing_columns':
			return m.orgs_file_missing_columns({ columns: (e.columns ?? []).join(', ') });
		case 'duplicate_column':
			return m.orgs_file_duplicate_column({ column: e.column ?? '' });
		case 'no_file':
			return m.orgs_import_no_file();
		default:
			return m.error_generic();
	}
}

export type RowErrorView = {
	rowNumber: number;
	error: string;
	value?: string;
	otherRow?: number;
	codes?: string[];
};

/** One import row's problem as a sentence. */
export function rowErrorText(e: RowErrorView): string {
	const value = e.value ?? '';
	switch (e.error) {
		case 'empty_code':
			return m.orgs_row_empty_code();
		case 'invalid_code':
			return m.orgs_row_invalid_code({ value });
		case 'empty_name':
			return m.orgs_row_empty_name();
		case 'name_too_long':
			return m.orgs_row_name_too_long({ max: NAME_MAX });
		case 'empty_kind':
			return m.orgs_row_empty_kind();
		case 'unknown_kind':
			return m.orgs_row_unknown_kind({ value, kinds: kindList() });
		case 'duplicate_code':
			return m.orgs_row_duplicate_code({ value, row: e.otherRow ?? 0 });
		case 'code_merged':
			return m.orgs_row_code_merged({ value });
		case 'code_out_of_scope':
			return m.orgs_row_code_out_of_scope({ value });
		case 'parent_required':
			return m.orgs_row_parent_required();
		case 'parent_is_self':
			return m.orgs_row_parent_is_self();
		case 'unknown_parent':
			return m.orgs_row_unknown_parent({ value });
		case 'parent_merged':
			return m.orgs_row_parent_merged({ value });
		case 'parent_out_of_scope':
			return m.orgs_row_parent_out_of_scope({ value });
		case 'cycle':
			return m.orgs_row_cycle({ chain: (e.codes ?? []).join(' → ') });
		default:
			return m.error_generic();
	}
}

export const kindNames = kindList;
