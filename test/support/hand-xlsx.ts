// Hand-built .xlsx files (zips written byte by byte) for the reader's tests: parts exceljs never
// writes, and sizes that lie.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** CRC-32 (ZIP's), for hand-built workbooks exceljs's zip reader accepts. */
function crc32(data: Buffer): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) {
    crc ^= data[i]!;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ -1) >>> 0;
}

/** A zip of `files` (deflated), the central directory declaring each size (or `declared` for one). */
export function zipOf(files: [string, Buffer][], declared: Record<string, number> = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const size = declared[name] ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, eocd]);
}

/** `zip` (as `zipOf` wrote it) with one more part, declared as `declared` bytes. */
export function withExtraPart(zip: Buffer, name: string, data: Buffer, declared: number): Buffer {
  const files: [string, Buffer][] = [];
  // Re-read the parts zipOf wrote (deflated, local headers in order) to write them again with the extra one.
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const packed = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const partName = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const body = zip.subarray(at + 30 + nameLength, at + 30 + nameLength + packed);
    files.push([partName, inflateRawSync(body)]);
    at += 30 + nameLength + packed;
  }
  files.push([name, data]);
  return zipOf(files, { [name]: declared });
}

/** A one-sheet workbook ("Customers") with the given sheet XML, shared strings and styles. */
export function handWorkbook(o: {
  sheet: string | Buffer;
  strings?: string;
  styles?: string;
  date1904?: boolean;
  declaredSheetSize?: number;
}): Buffer {
  const ns = 'http://schemas.openxmlformats.org';
  const files: [string, Buffer][] = [
    [
      '[Content_Types].xml',
      Buffer.from(
        `<?xml version="1.0"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    ],
    [
      '_rels/.rels',
      Buffer.from(
        `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    ],
    [
      'xl/workbook.xml',
      Buffer.from(
        `<?xml version="1.0"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><workbookPr${o.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    ],
    [
      'xl/_rels/workbook.xml.rels',
      Buffer.from(
        `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
    ],
    ['xl/worksheets/sheet1.xml', Buffer.from(o.sheet)],
  ];
  if (o.strings) files.push(['xl/sharedStrings.xml', Buffer.from(o.strings)]);
  if (o.styles) files.push(['xl/styles.xml', Buffer.from(o.styles)]);
  return zipOf(
    files,
    o.declaredSheetSize === undefined ? {} : { 'xl/worksheets/sheet1.xml': o.declaredSheetSize },
  );
}
