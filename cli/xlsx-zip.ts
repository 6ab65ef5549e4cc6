// Reads an .xlsx (a zip) by its central directory and inflates one entry at a time as a stream, under
// the decompressed-size caps (total, per entry, ratio): the unzipped workbook is never held in memory.
import { type FileHandle, open } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw, type ZlibOptions } from 'node:zlib';

/** One entry of the zip's central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  size: number;
  local: number;
  /** The declared sizes of this entry and every entry before it in the directory (the cap's message names it). */
  declaredSoFar: number;
}

/** What the reader refuses, as `read-ledger` reports it (`XLSX.TOO_LARGE` or `XLSX.UNREADABLE`). */
export class XlsxZipError extends Error {
  override name = 'XlsxZipError';
  constructor(
    readonly code: 'XLSX.TOO_LARGE' | 'XLSX.UNREADABLE',
    /** For UNREADABLE: why, in a few words. For TOO_LARGE: the size clause ("at least N bytes"). */
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Deflate cannot pack more than 1032:1, so an entry that inflates further is not what it claims;
 * past this ratio (and past `RATIO_FLOOR_BYTES`, so a tiny empty part passes) it is refused as a bomb.
 */
export const MAX_INFLATE_RATIO = 1032;
const RATIO_FLOOR_BYTES = 1 << 20;
/** The packed bytes read at once, and the inflated piece handed on (a few are buffered ahead). */
const READ_BYTES = 8 << 20;
const INFLATE_CHUNK_BYTES = 256 << 10;

const unreadable = (why: string) => new XlsxZipError('XLSX.UNREADABLE', why);
const tooLarge = (size: string) => new XlsxZipError('XLSX.TOO_LARGE', size);

/** An open zip file: its directory, and each entry as a stream of decompressed chunks. */
export class ZipReader {
  private inflated = 0;
  /** Entries inflated to their end (and so checked against their declared size). */
  private readonly done = new Set<string>();
  private constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly maxBytes: number,
  ) {}

  /**
   * Opens `path` and reads its central directory: refuses a declared total over `maxBytes` and
   * ZIP64 (`XLSX.TOO_LARGE`), a missing or damaged directory (`XLSX.UNREADABLE`). Nothing is inflated yet.
   */
  static async open(path: string, maxBytes: number): Promise<ZipReader> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const tailLength = Math.min(size, 22 + 65_535);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, size - tailLength);
      let eocd = -1;
      for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === 0x06054b50) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) throw unreadable('no zip directory');
      const count = tail.readUInt16LE(eocd + 10);
      const cdSize = tail.readUInt32LE(eocd + 12);
      const cdAt = tail.readUInt32LE(eocd + 16);
      if (count === 0xffff || cdAt === 0xffffffff) throw tooLarge('more than a 32-bit zip can say (ZIP64)');
      if (cdAt + cdSize > size) throw unreadable('a damaged zip directory');
      const cd = Buffer.alloc(cdSize);
      await handle.read(cd, 0, cdSize, cdAt);
      const entries = new Map<string, ZipEntry>();
      let at = 0;
      let declared = 0;
      for (let e = 0; e < count; e++) {
        if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50)
          throw unreadable('a damaged zip directory');
        const method = cd.readUInt16LE(at + 10);
        const packed = cd.readUInt32LE(at + 20);
        const entrySize = cd.readUInt32LE(at + 24);
        const nameLength = cd.readUInt16LE(at + 28);
        const local = cd.readUInt32LE(at + 42);
        if (entrySize === 0xffffffff || packed === 0xffffffff)
          throw tooLarge('more than a 32-bit zip can say (ZIP64)');
        declared += entrySize;
        if (declared > maxBytes) throw tooLarge(`at least ${declared} bytes`);
        if (local + 30 > size) throw unreadable('a damaged zip entry');
        let name = cd.toString('utf8', at + 46, at + 46 + nameLength);
        if (name.startsWith('/')) name = name.slice(1);
        if (!entries.has(name))
          entries.set(name, { name, method, packed, size: entrySize, local, declaredSoFar: declared });
        at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
      }
      return new ZipReader(handle, path, entries, maxBytes);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /**
   * The entry's decompressed bytes, chunk by chunk. Stops with `XLSX.TOO_LARGE` as soon as the entry
   * passes its declared size, the workbook's total passes the cap, or the entry inflates past
   * `MAX_INFLATE_RATIO`; with `XLSX.UNREADABLE` when it does not decompress or ends short of its size.
   */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    const header = Buffer.alloc(30);
    await this.handle.read(header, 0, 30, entry.local);
    if (header.readUInt32LE(0) !== 0x04034b50) throw unreadable('a damaged zip entry');
    const start = entry.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (entry.method !== 0 && entry.method !== 8) throw unreadable(`compression method ${entry.method}`);
    let got = 0;
    if (entry.packed === 0) {
      if (entry.size !== 0) throw unreadable('an entry is not the size its directory says');
      return;
    }
    const handle = this.handle;
    async function* packedChunks(): AsyncGenerator<Buffer> {
      let position = start;
      let left = entry.packed;
      while (left > 0) {
        // Large reads: most entries arrive in one, and each read is a hop through the event loop.
        const buffer = Buffer.allocUnsafe(Math.min(left, READ_BYTES));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) throw unreadable('a damaged zip entry');
        position += bytesRead;
        left -= bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    }
    const raw = Readable.from(packedChunks(), { objectMode: false });
    // Room for a few pieces ahead: inflating (in the thread pool) runs on while the caller parses.
    const options: ZlibOptions & { highWaterMark: number } = {
      chunkSize: INFLATE_CHUNK_BYTES,
      highWaterMark: 4 * INFLATE_CHUNK_BYTES,
    };
    const inflate = entry.method === 8 ? createInflateRaw(options) : undefined;
    const source: Readable = inflate ? inflate : raw;
    if (inflate) pipeline(raw, inflate, () => {});
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        got += chunk.length;
        this.inflated += chunk.length;
        if (got > entry.size)
          throw tooLarge(`more than its directory declares (${entry.declaredSoFar} bytes)`);
        if (this.inflated > this.maxBytes) throw tooLarge(`at least ${this.inflated} bytes`);
        if (got > RATIO_FLOOR_BYTES && got > entry.packed * MAX_INFLATE_RATIO)
          throw tooLarge(`more than ${MAX_INFLATE_RATIO} times its packed size in one entry`);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof XlsxZipError) throw e;
      throw unreadable('an entry does not decompress');
    } finally {
      raw.destroy();
      inflate?.destroy();
    }
    if (got !== entry.size) throw unreadable('an entry is not the size its directory says');
    this.done.add(entry.name);
  }

  /**
   * Inflates, and drops, every entry not yet read except `skip` (those the caller streams later), so
   * an entry whose size lies or which does not decompress is refused as before any is trusted.
   */
  async checkEntries(skip: ReadonlySet<string>): Promise<void> {
    for (const entry of this.entries.values()) {
      if (skip.has(entry.name) || this.done.has(entry.name)) continue;
      for await (const _ of this.chunks(entry)) {
        // Counted and capped by `chunks`; nothing is kept.
      }
    }
  }

  /** The entry's text (UTF-8), piece by piece, never split inside a character. */
  async *text(entry: ZipEntry): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of this.chunks(entry)) {
      const s = decoder.decode(chunk, { stream: true });
      if (s.length > 0) yield s;
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  }

  /** The whole text of a small entry (the workbook, its relationships, styles). */
  async readText(entry: ZipEntry): Promise<string> {
    let out = '';
    for await (const s of this.text(entry)) out += s;
    return out;
  }

  get file(): string {
    return this.path;
  }
}
