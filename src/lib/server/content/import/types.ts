/** A question read from a trainer's file, before it is written as a question bank block. */
export type ImportedQuestion = {
	/** Line (GIFT, Aiken) or spreadsheet row where the question starts. */
	at: number;
	key?: string;
	stem: string;
	options: { text: string; checked: boolean }[];
	explanation?: string;
	sources?: string;
	topic?: string;
	difficulty?: string;
};

/** Something that could not be converted, with where it is in the trainer's file. */
export type ImportProblem = { at: number; message: string };

export type ImportResult = {
	questions: ImportedQuestion[];
	problems: ImportProblem[];
	/** "line" for text formats, "row" for spreadsheets: how `at` reads in messages. */
	unit: 'line' | 'row';
};
