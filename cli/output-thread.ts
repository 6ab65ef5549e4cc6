// Large output written by a second thread: a plan of a million invoices is 200 MB of JSON, and the
// kernel's copy of it into a file or pipe (about half a second of system time on a 2-core machine)
// then runs beside the planning instead of after each piece. The bytes, their order and what a
// reader sees are the same as with plain synchronous writes; only the thread doing them differs.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';

/** How the output is cut and when the thread starts. */
export interface OutputThreadOptions {
  /** Pieces in flight at once (the most the command runs ahead of the writes). */
  slots?: number;
  /** Bytes per slot; a longer piece takes several. */
  slotBytes?: number;
  /** The thread starts at the first piece this long or longer; smaller output never starts it. */
  startAt?: number;
}

/** The output's reader went away (`duebook plan --json | head`): nothing more can be written. */
export class OutputClosedError extends Error {
  override name = 'OutputClosedError';
  constructor(readonly code: string) {
    super(`the output was closed by its reader (${code})`);
  }
}

/**
 * The thread's program, as plain JavaScript so the built CLI and the sources (tsx) run the same file.
 * `lengths[i]` is 0 while slot i is free, the piece's length once the command has filled it, and -1
 * to ask the thread to finish; the thread sets it back to 0 once the piece is written. `control`
 * holds [up, failed, the error code's length, ended, the error code's bytes...].
 */
const WRITER = `
const { writeSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { fd, lengths, data, control, slotBytes } = workerData;
const codeBytes = new Uint8Array(control.buffer, control.byteOffset + 16);
const nap = new Int32Array(new SharedArrayBuffer(4));
let failed = false;
Atomics.store(control, 0, 1);
try {
  for (let i = 0; ; i = (i + 1) % lengths.length) {
    let n;
    while ((n = Atomics.load(lengths, i)) === 0) Atomics.wait(lengths, i, 0);
    if (n === -1) {
      Atomics.store(lengths, i, 0);
      Atomics.notify(lengths, i);
      break;
    }
    for (let done = 0; done < n && !failed; ) {
      try {
        done += writeSync(fd, data, i * slotBytes + done, n - done);
      } catch (e) {
        if (e.code === 'EAGAIN') Atomics.wait(nap, 0, 0, 1);
        else {
          const code = new TextEncoder().encode(String(e.code ?? 'EIO')).subarray(0, codeBytes.length);
          codeBytes.set(code);
          Atomics.store(control, 2, code.length);
          Atomics.store(control, 1, 1);
          failed = true;
        }
      }
    }
    Atomics.store(lengths, i, 0);
    Atomics.notify(lengths, i);
  }
} finally {
  Atomics.store(control, 3, 1);
  Atomics.notify(control, 3);
  for (let i = 0; i < lengths.length; i++) Atomics.notify(lengths, i);
}
`;

/**
 * Writes to file descriptor `fd` in order, every byte, before `drain` returns. Small output is
 * written at once, as `writeSync` would; from the first large piece on, a worker thread does the
 * writes from shared memory while the command goes on, at most `slots` pieces behind it. A reader
 * that goes away (EPIPE) surfaces as `OutputClosedError` at the next write or at `drain`; any other
 * write error is thrown as it was met.
 *
 * @example const out = new OutputThread(1); out.write(bytes); out.drain()
 */
export class OutputThread {
  private readonly slots: number;
  private readonly slotBytes: number;
  private readonly startAt: number;
  private lengths: Int32Array | undefined;
  private data: Uint8Array | undefined;
  private control: Int32Array | undefined;
  private worker: Worker | undefined;
  private next = 0;
  private closed: string | undefined;
  /** Pieces handed to the thread so far (a slot's worth each), for tests and diagnostics. */
  handed = 0;

  constructor(
    private readonly fd: number,
    options: OutputThreadOptions = {},
  ) {
    this.slots = options.slots ?? 8;
    // The writers hand on pieces of a MB and a little more: each fits one slot.
    this.slotBytes = options.slotBytes ?? (1 << 20) + (1 << 16);
    this.startAt = options.startAt ?? 512 * 1024;
  }

  /** Writes `bytes` (which the caller may reuse once this returns) after everything before them. */
  write(bytes: Uint8Array): void {
    if (this.closed !== undefined) throw new OutputClosedError(this.closed);
    if (!this.worker && bytes.length >= this.startAt) this.start();
    // Until the thread is up, the command writes itself: no slot is filled before then, so the order holds.
    if (!this.worker || Atomics.load(this.control!, 0) === 0) {
      this.writeHere(bytes);
      return;
    }
    for (let at = 0; at < bytes.length; at += this.slotBytes) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + this.slotBytes));
      const slot = this.take();
      this.data!.set(piece, slot * this.slotBytes);
      this.hand(slot, piece.length);
      this.handed++;
    }
    this.checkFailed();
  }

  /** Returns once every byte written so far is in the kernel's hands; the thread, if any, ends. */
  drain(): void {
    if (!this.worker) {
      if (this.closed !== undefined) throw new OutputClosedError(this.closed);
      return;
    }
    if (Atomics.load(this.control!, 0) === 0) {
      // Not up yet, so it holds nothing: it is let go, with memory of its own, rather than waited for.
      void this.worker.terminate();
      this.worker = undefined;
      this.lengths = undefined;
      return;
    }
    const slot = this.take();
    this.hand(slot, -1);
    // The thread sets the finishing slot back to 0 after every piece before it.
    this.until(slot, 0);
    // And until it has ended, so a thread started next never sees this one's end as its own.
    const control = this.control!;
    while (Atomics.load(control, 3) !== 1) Atomics.wait(control, 3, 0, 1000);
    this.worker.unref();
    this.worker = undefined;
    this.next = 0;
    this.checkFailed();
  }

  /** True once a thread is up and taking the writes. */
  get threaded(): boolean {
    return this.worker !== undefined && Atomics.load(this.control!, 0) === 1;
  }

  private start(): void {
    if (!this.lengths) {
      this.lengths = new Int32Array(new SharedArrayBuffer(4 * this.slots));
      this.data = new Uint8Array(new SharedArrayBuffer(this.slots * this.slotBytes));
      this.control = new Int32Array(new SharedArrayBuffer(4 * 4 + 64));
    }
    Atomics.store(this.control!, 0, 0);
    Atomics.store(this.control!, 3, 0);
    // Loaded here, not at start: most commands never write enough to start a thread.
    const { Worker } = createRequire(import.meta.url)(
      'node:worker_threads',
    ) as typeof import('node:worker_threads');
    this.worker = new Worker(WRITER, {
      eval: true,
      // None of the process's flags (`--import` loaders, a profiler): the thread needs only node:fs.
      execArgv: [],
      workerData: {
        fd: this.fd,
        lengths: this.lengths,
        data: this.data,
        control: this.control,
        slotBytes: this.slotBytes,
      },
      stdout: false,
      stderr: false,
    });
    // A thread that dies without writing (out of memory) must not leave `drain` waiting forever.
    this.worker.on('error', () => {});
    this.worker.unref();
  }

  /** The next slot in turn, once the thread has written what it held. */
  private take(): number {
    const slot = this.next;
    this.until(slot, 0);
    this.next = (slot + 1) % this.slots;
    return slot;
  }

  /**
   * Waits until slot `slot` holds `value`. A thread that ended without getting there (a fault in
   * it, not a write error: those it reports and goes on) would leave it waiting forever: an error.
   */
  private until(slot: number, value: number): void {
    const lengths = this.lengths!;
    for (let n = Atomics.load(lengths, slot); n !== value; n = Atomics.load(lengths, slot)) {
      if (Atomics.load(this.control!, 3) === 1 && Atomics.load(lengths, slot) !== value)
        throw new Error('the output thread ended with output not yet written');
      Atomics.wait(lengths, slot, n, 1000);
    }
  }

  private hand(slot: number, length: number): void {
    Atomics.store(this.lengths!, slot, length);
    Atomics.notify(this.lengths!, slot);
  }

  /** Throws the thread's write error, once it has met one. */
  private checkFailed(): void {
    const control = this.control!;
    if (Atomics.load(control, 1) === 0) return;
    const length = Atomics.load(control, 2);
    const code = new TextDecoder().decode(new Uint8Array(control.buffer, control.byteOffset + 16, length));
    this.closed = code;
    if (code === 'EPIPE') throw new OutputClosedError(code);
    throw Object.assign(new Error(`${code}: write failed`), { code, syscall: 'write' });
  }

  /** A write on this thread, every byte, retrying while a non-blocking pipe is full. */
  private writeHere(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(this.fd, bytes, done, bytes.length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EPIPE') {
          this.closed = code;
          throw new OutputClosedError(code);
        }
        throw e;
      }
    }
  }
}
