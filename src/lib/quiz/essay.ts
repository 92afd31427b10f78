/**
 * The written answer of an essay question: at most `ESSAY_MAX_CHARS` characters, counted as the
 * browser's text field counts them (UTF-16 code units of the text with plain line breaks), so the
 * field's `maxlength`, the characters-left line and the server's cap agree.
 */
export const ESSAY_MAX_CHARS = 10_000;

/** A form post sends line breaks as CRLF; the field (and the autosave) as LF. */
export const normalizeEssay = (text: string) => text.replace(/\r\n?/g, '\n');

export const essayLength = (text: string) => normalizeEssay(text).length;
