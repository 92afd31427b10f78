import { createInflateRaw } from 'node:zlib';

/**
 * How much an uploaded XLSX (a zip of XML files) may unpack to before anything parses it. A
 * 400 KB file can hold 400 MB of XML; exceljs would inflate and parse all of it in memory.
 */
export type XlsxBounds = {
	/** Total size of every part once unpacked, as declared and as actually inflated. */
	maxUnpackedBytes: number;
	/** Cells (`<c>` elements) over all worksheets. */
	maxCells: number;
	/** Rows holding at least one cell, in any one worksheet. */
	maxRows: number;
	/** Parts in the zip. */
	maxEntries: number;
};

export type XlsxBoundsResult =
	| { ok: true; unpackedBytes: number; cells: number }
	| { ok: false; error: 'unreadable' }
	| { ok: false; error: 'too_large_unpacked'; maxBytes: number }
	| { ok: false; error: 'too_many_cells'; maxCells: number }
	| { ok: false; error: 'too_many_rows'; rows: number };

type Entry = {
	name: string;
	method: number;
	compressedSize: number;
	declaredSize: number;
	localOffset: number;
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

/** The zip's central directory (its table of contents, at the end of the file), or null. */
function centralDirectory(bytes: Buffer, maxEntries: number): Entry[] | 'too_many' | null {
	const lowest = Math.max(0, bytes.length - 22 - 0xffff);
	let end = -1;
	for (let i = bytes.length - 22; i >= lowest; i--) {
		if (bytes.readUInt32LE(i) === EOCD) {
			end = i;
			break;
		}
	}
	if (end < 0) return null;
	const count = bytes.readUInt16LE(end + 10);
	const size = bytes.readUInt32LE(end + 12);
	const offset = bytes.readUInt32LE(end + 16);
	// ZIP64 (a spreadsheet under 5 MB never needs it) and impossible offsets are unreadable.
	if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
	if (offset + size > end) return null;
	if (count > maxEntries) return 'too_many';
	const entries: Entry[] = [];
	let at = offset;
	for (let i = 0; i < count; i++) {
		if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return null;
		const nameLength = bytes.readUInt16LE(at + 28);
		const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
		if (at + 46 + skip > end) return null;
		entries.push({
			method: bytes.readUInt16LE(at + 10),
			compressedSize: bytes.readUInt32LE(at + 20),
			declaredSize: bytes.readUInt32LE(at + 24),
			name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
			localOffset: bytes.readUInt32LE(at + 42)
		});
		at += 46 + skip;
	}
	return entries;
}

/** The stored bytes of an entry, after its local header, or null when they are not in the file. */
function entryData(bytes: Buffer, entry: Entry): Buffer | null {
	const at = entry.localOffset;
	if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) return null;
	const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
	const stop = start + entry.compressedSize;
	return stop > bytes.length ? null : bytes.subarray(start, stop);
}

/** Counts rows that hold a cell, and cells, in worksheet XML given piece by piece. */
class SheetCounter {
	rows = 0;
	cells = 0;
	private inRowWithoutCell = false;
	private carry = '';
	private static readonly TAG = /<(?:\w{1,10}:)?(row|c)[\s/>]/g;
	/** Longest tag opening matched: a match starting in the last KEEP characters may be cut. */
	private static readonly KEEP = 16;

	push(text: string, last = false) {
		const all = this.carry + text;
		const limit = last ? all.length : all.length - SheetCounter.KEEP;
		SheetCounter.TAG.lastIndex = 0;
		for (let m = SheetCounter.TAG.exec(all); m && m.index < limit; m = SheetCounter.TAG.exec(all)) {
			if (m[1] === 'row') this.inRowWithoutCell = true;
			else {
				this.cells++;
				if (this.inRowWithoutCell) this.rows++;
				this.inRowWithoutCell = false;
			}
		}
		this.carry = last ? '' : all.slice(Math.max(0, limit));
	}
}

/**
 * Checks an XLSX against `bounds` before it is parsed: the declared sizes in the central
 * directory first (a bomb is refused without inflating a byte), then every part is inflated as a
 * stream that is only counted, never kept, and stopped as soon as a bound is passed (declared
 * sizes can lie). Worksheets are scanned for rows and cells on the way.
 */
export async function checkXlsxBounds(
	input: Uint8Array,
	bounds: XlsxBounds
): Promise<XlsxBoundsResult> {
	const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	const entries = centralDirectory(bytes, bounds.maxEntries);
	if (entries === null) return { ok: false, error: 'unreadable' };
	const tooLarge = {
		ok: false,
		error: 'too_large_unpacked',
		maxBytes: bounds.maxUnpackedBytes
	} as const;
	if (entries === 'too_many') return tooLarge;
	const declared = entries.reduce((sum, e) => sum + e.declaredSize, 0);
	if (declared > bounds.maxUnpackedBytes) return tooLarge;

	let unpacked = 0;
	let cells = 0;
	for (const entry of entries) {
		const data = entryData(bytes, entry);
		if (!data || (entry.method !== 0 && entry.method !== 8))
			return { ok: false, error: 'unreadable' };
		const sheet = WORKSHEET.test(entry.name) ? new SheetCounter() : null;
		const outcome = await inflateCounting(data, entry.method, (chunk) => {
			unpacked += chunk.length;
			if (unpacked > bounds.maxUnpackedBytes) return 'too_large';
			if (!sheet) return null;
			sheet.push(chunk.toString('latin1'));
			return cells + sheet.cells > bounds.maxCells ? 'too_many_cells' : null;
		});
		if (outcome === 'too_large') return tooLarge;
		if (outcome === 'too_many_cells') {
			return { ok: false, error: 'too_many_cells', maxCells: bounds.maxCells };
		}
		if (outcome === 'broken') return { ok: false, error: 'unreadable' };
		if (sheet) {
			sheet.push('', true);
			cells += sheet.cells;
			if (cells > bounds.maxCells)
				return { ok: false, error: 'too_many_cells', maxCells: bounds.maxCells };
			if (sheet.rows > bounds.maxRows)
				return { ok: false, error: 'too_many_rows', rows: sheet.rows };
		}
	}
	return { ok: true, unpackedBytes: unpacked, cells };
}

type Stop = 'too_large' | 'too_many_cells';

/** Inflates `data`, handing each piece to `take`, which can stop it; nothing is kept. */
function inflateCounting(
	data: Buffer,
	method: number,
	take: (chunk: Buffer) => Stop | null
): Promise<Stop | 'broken' | null> {
	if (method === 0) return Promise.resolve(take(data));
	return new Promise((resolve) => {
		const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
		let settled = false;
		const finish = (outcome: Stop | 'broken' | null) => {
			if (settled) return;
			settled = true;
			inflate.destroy();
			resolve(outcome);
		};
		inflate.on('data', (chunk: Buffer) => {
			const stop = take(chunk);
			if (stop) finish(stop);
		});
		inflate.on('end', () => finish(null));
		inflate.on('error', () => finish('broken'));
		inflate.end(data);
	});
}
