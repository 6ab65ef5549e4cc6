// The output writer (cli/output-thread.ts): what reaches the file descriptor is every byte in order,
// whether the command wrote it or the second thread did, and a reader going away ends the command
// quietly; `duebook plan --json` through it gives the same bytes as before.
import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCsvLedger } from '../../bench/csv-ledger.js';
import { type CliIo, TextBytes } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { OutputThread } from '../../cli/output-thread.js';
import { mulberry32 } from '../../examples/seeded-random.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);

/** `n` bytes counting on from `start`, so a piece out of place or a byte lost shows. */
const pattern = (n: number, start: number) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (start + i * 7) & 0xff;
  return b;
};

/** Waits (blocking, as the command would) until the thread is up; fails after 10 s. */
const untilThreaded = (out: OutputThread) => {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + 10_000;
  while (!out.threaded) {
    if (Date.now() > until) throw new Error('the output thread did not start within 10 s');
    Atomics.wait(nap, 0, 0, 5);
  }
};

/**
 * Runs `node args` from the package root with its standard output on a pipe whose reader leaves
 * once it has `stopAfter` bytes (at the first piece for 0); the exit code and what went to stderr.
 */
async function readerLeaves(
  args: string[],
  stopAfter: number,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A child that hangs is killed rather than left behind the test's own timeout.
    timeout: 50_000,
  });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += String(b);
  });
  let read = 0;
  child.stdout.on('data', (b: Buffer) => {
    read += b.length;
    if (read >= stopAfter) child.stdout.destroy();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stderr };
}

describe('OutputThread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duebook-output-thread-'));

  it('writes every piece in order, across slots, pieces longer than a slot, and a restart after drain', () => {
    // Prepare: three slots of 1,000 bytes; pieces of 0 to 5,000 bytes, the first long enough to start the thread.
    const file = join(dir, 'pieces.bin');
    const fd = openSync(file, 'w');
    const out = new OutputThread(fd, { slots: 3, slotBytes: 1000, startAt: 1500 });
    const rand = mulberry32(7);
    const expected: Uint8Array[] = [];
    const write = (n: number) => {
      const piece = pattern(n, expected.length);
      expected.push(piece.slice());
      out.write(piece);
      // The caller may reuse its bytes once write returns: what was handed on must be a copy.
      piece.fill(0);
    };
    // Act: a start, pieces while the thread writes, a drain, then a second round (a second thread).
    write(2000);
    untilThreaded(out);
    for (let i = 0; i < 300; i++) write(Math.floor(rand() * 5000));
    const handedFirst = out.handed;
    out.drain();
    expect(out.threaded).toBe(false);
    write(1600);
    untilThreaded(out);
    for (let i = 0; i < 50; i++) write(Math.floor(rand() * 3000));
    out.drain();
    closeSync(fd);
    // Assess: the thread took part in both rounds, and the file is the pieces in order.
    expect(handedFirst).toBeGreaterThan(300);
    expect(out.handed).toBeGreaterThan(handedFirst + 50);
    expect(Buffer.compare(readFileSync(file), Buffer.concat(expected))).toBe(0);
  });

  it('never starts a thread for small output', () => {
    const file = join(dir, 'small.bin');
    const fd = openSync(file, 'w');
    const out = new OutputThread(fd, { startAt: 4096 });
    for (let i = 0; i < 100; i++) out.write(pattern(4095, i));
    out.drain();
    closeSync(fd);
    expect(out.handed).toBe(0);
    expect(readFileSync(file).length).toBe(409_500);
  });

  it('throws a write error it meets, on the command and on the thread', () => {
    // A descriptor open for reading only: every write fails with EBADF.
    const file = join(dir, 'read-only.bin');
    closeSync(openSync(file, 'w'));
    const fd = openSync(file, 'r');
    const here = new OutputThread(fd, { startAt: 1 << 30 });
    expect(() => here.write(pattern(10, 0))).toThrow(expect.objectContaining({ code: 'EBADF' }));
    const threaded = new OutputThread(fd, { slots: 2, slotBytes: 100, startAt: 100 });
    // Until the thread is up the command writes, and fails, itself; once it is up, the thread fails
    // and the command hears of it at its next write or at the drain.
    expect(() => threaded.write(pattern(100, 0))).toThrow(expect.objectContaining({ code: 'EBADF' }));
    untilThreaded(threaded);
    expect(() => {
      threaded.write(pattern(100, 1));
      threaded.drain();
    }).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(threaded.handed).toBe(1);
    closeSync(fd);
  });

  it('reports a reader that went away as OutputClosedError, from the thread', async () => {
    // Prepare: a child that writes 64 MB through the thread to a pipe whose reader leaves after 2 MB.
    const script = `
      import { OutputClosedError, OutputThread } from ${JSON.stringify(join(root, 'cli', 'output-thread.ts'))};
      const out = new OutputThread(1, { slots: 4, slotBytes: 65536, startAt: 65536 });
      const piece = new Uint8Array(1 << 20).fill(120);
      const nap = new Int32Array(new SharedArrayBuffer(4));
      try {
        out.write(piece.subarray(0, 65536));
        while (!out.threaded) Atomics.wait(nap, 0, 0, 5);
        for (let i = 0; i < 64; i++) out.write(piece);
        out.drain();
        process.stderr.write('all written');
      } catch (e) {
        process.stderr.write(e instanceof OutputClosedError ? 'closed ' + out.handed : 'other ' + e);
      }`;
    // Act
    const { code, stderr } = await readerLeaves(
      ['--import', 'tsx', '--input-type=module', '-e', script],
      2 << 20,
    );
    // Assess: the closed pipe surfaced as OutputClosedError after the thread had taken pieces.
    expect(code).toBe(0);
    expect(stderr).toMatch(/^closed [1-9]\d*$/);
  }, 60_000);
});

describe('duebook plan --json through the output thread', () => {
  const ledger = mkdtempSync(join(tmpdir(), 'duebook-output-thread-ledger-'));
  beforeAll(async () => {
    // About 3,000 planned actions: 6 MB of JSON, past the thread's start.
    await writeCsvLedger(ledger, 30_000, '2026-11-23');
  });
  const args = ['plan', '--ledger', ledger, '--as-of', '2026-11-23', '--json'];

  it('writes the same bytes as the in-process writer, whole and parseable', async () => {
    // The in-process answer: an io with outBytes, collected (no thread).
    const chunks: Buffer[] = [];
    const code = await main(args, {
      out: () => {},
      err: () => {},
      outBytes: (b) => void chunks.push(Buffer.from(b)),
    });
    expect(code).toBe(0);
    const expected = Buffer.concat(chunks);
    expect(expected.length).toBeGreaterThan(2 << 20);
    // The bin: the process's standard output, through the thread.
    const { stdout } = await execFileAsync(process.execPath, ['bin/duebook.js', ...args], {
      cwd: root,
      encoding: 'buffer',
      maxBuffer: 256 << 20,
    });
    expect(Buffer.compare(stdout, expected)).toBe(0);
    expect((JSON.parse(String(stdout)) as { actions: unknown[] }).actions.length).toBeGreaterThan(1000);
  }, 120_000);

  it('ends quietly with exit code 1 when its reader stops reading (`| head`)', async () => {
    const { code, stderr } = await readerLeaves(['bin/duebook.js', ...args], 0);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  }, 120_000);
});

describe('TextBytes', () => {
  it('hands text on as UTF-8 pieces of at most a MB, whole and in order, whatever it holds', () => {
    // Prepare: pieces short and long, ASCII, accented, CJK and astral, one longer than a piece.
    const rand = mulberry32(11);
    const alphabet = ['a', ' ', '\n', 'é', '€', '中', '😀', '"'];
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) {
      const n = Math.floor(rand() * (i % 50 === 0 ? 200_000 : 3000));
      let t = '';
      for (let j = 0; j < n; j++) t += alphabet[Math.floor(rand() * alphabet.length)];
      texts.push(t);
    }
    texts.push('x'.repeat(2 << 20));
    const pieces: Buffer[] = [];
    const io: CliIo = { out: () => {}, err: () => {}, outBytes: (b) => void pieces.push(Buffer.from(b)) };
    // Act
    const text = new TextBytes(io);
    for (const t of texts) text.text(t);
    text.end();
    // Assess: the same text; every piece but the one longer than a piece is at most a MB.
    expect(Buffer.concat(pieces).toString('utf8')).toBe(texts.join(''));
    expect(pieces.filter((p) => p.length > 1 << 20).length).toBe(1);
    expect(pieces.length).toBeGreaterThan(2);
  });

  it('gives an io without outBytes the same text, decoded', () => {
    const got: string[] = [];
    const text = new TextBytes({ out: (t) => void got.push(t), err: () => {} });
    text.text('a');
    text.text('é😀');
    text.end();
    expect(got.join('')).toBe('aé😀');
  });
});
