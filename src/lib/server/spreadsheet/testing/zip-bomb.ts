import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

type Part = { name: string; data: Buffer; declaredSize?: number };

/** Raw deflate of `size` bytes of `fill` between `head` and `tail`, without holding them all. */
export async function deflateRepeated(head: string, fill: number, size: number, tail: string) {
	const deflate = createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (c: Buffer) => out.push(c));
	const done = new Promise((resolve) => deflate.on('end', resolve));
	let crc = crc32(head);
	deflate.write(head);
	const block = Buffer.alloc(1024 * 1024, fill);
	for (let left = size; left > 0; left -= block.length) {
		const piece = left >= block.length ? block : block.subarray(0, left);
		crc = crc32(piece, crc);
		if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
	}
	crc = crc32(tail, crc);
	deflate.end(tail);
	await done;
	return {
		compressed: Buffer.concat(out),
		crc,
		size: Buffer.byteLength(head) + size + Buffer.byteLength(tail)
	};
}

/**
 * A zip whose parts are given already deflated (or deflated here), with the sizes its central
 * directory declares, true or not: what a zip bomb looks like.
 */
export function zipParts(
	parts: (
		Part | { name: string; compressed: Buffer; crc: number; size: number; declaredSize?: number }
	)[]
): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const part of parts) {
		const packed =
			'data' in part
				? { compressed: deflateRawSync(part.data), crc: crc32(part.data), size: part.data.length }
				: part;
		const declared = part.declaredSize ?? packed.size;
		const name = Buffer.from(part.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(packed.crc >>> 0, 14);
		local.writeUInt32LE(packed.compressed.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(packed.crc >>> 0, 16);
		central.writeUInt32LE(packed.compressed.length, 20);
		central.writeUInt32LE(declared, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, packed.compressed);
		centrals.push(central, name);
		offset += local.length + name.length + packed.compressed.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>`;
const SHEET_TAIL = `</sheetData></worksheet>`;

const frame = (sheet: Parameters<typeof zipParts>[0][number]) =>
	zipParts([
		{ name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
		{ name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
		{ name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
		{ name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
		sheet
	]);

/**
 * An XLSX whose worksheet is `unpackedBytes` of blanks inside valid XML (deflate packs them about
 * a thousand to one): 400 MB fit in 400 KB. With `lie`, its directory declares 1 KB instead.
 */
export async function xlsxBomb(unpackedBytes: number, options: { lie?: boolean } = {}) {
	const sheet = await deflateRepeated(SHEET_HEAD, 0x20, unpackedBytes, SHEET_TAIL);
	return frame({
		name: 'xl/worksheets/sheet1.xml',
		...sheet,
		declaredSize: options.lie ? 1024 : undefined
	});
}

/** An XLSX with `rows` rows of `columns` small cells (a header row included). */
export function xlsxGrid(rows: number, columns: number) {
	const cells = (r: number) =>
		Array.from(
			{ length: columns },
			(_, c) => `<c r="${String.fromCharCode(65 + (c % 26))}${r}"><v>${c}</v></c>`
		).join('');
	const body = Array.from(
		{ length: rows },
		(_, i) => `<row r="${i + 2}">${cells(i + 2)}</row>`
	).join('');
	return frame({
		name: 'xl/worksheets/sheet1.xml',
		data: Buffer.from(SHEET_HEAD + body + SHEET_TAIL)
	});
}
