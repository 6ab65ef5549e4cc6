// What every CLI command shares: exit codes, where output goes, the usage error and option parsing.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { OutputClosedError, OutputThread } from './output-thread.js';
import { didYouMean } from './suggest.js';

/** Exit codes a script can rely on. */
export const EXIT = {
  /** Done. For `age` and `plan`, rows with problems are reported on stderr but do not fail the run. */
  OK: 0,
  /** `validate` found problems, `--strict` met problems, or the ledger could not be read. */
  FAILED: 1,
  /** Unknown command or option, or a missing or malformed argument. */
  USAGE: 2,
} as const;

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes UTF-8 bytes to the same place as `out`, for large answers built as bytes. Optional: an
   * io without it (a test capturing strings) is given the same text through `out`; see `writeBytes`.
   * The bytes may be reused by the caller once this returns.
   */
  outBytes?(bytes: Uint8Array): void;
  /** Returns once everything handed to `outBytes` is written; `main` calls it before it returns. */
  drain?(): void;
}

/** Standard output's bytes: large answers are written by a second thread (see cli/output-thread.ts). */
const stdoutBytes = new OutputThread(1);

/** The process's own streams. Text waits for the bytes before it, so the order is kept. */
export const processIo: CliIo = {
  out: (text) => {
    stdoutBytes.drain();
    process.stdout.write(text);
  },
  err: (text) => {
    try {
      stdoutBytes.drain();
    } catch (e) {
      // Standard output's reader went away; standard error may still have one.
      if (!(e instanceof OutputClosedError)) throw e;
    }
    process.stderr.write(text);
  },
  outBytes: (bytes) => stdoutBytes.write(bytes),
  drain: () => stdoutBytes.drain(),
};

/** Writes `bytes` through `io.outBytes`, or decoded through `io.out` when the io has none. */
export function writeBytes(io: CliIo, bytes: Uint8Array): void {
  if (io.outBytes) io.outBytes(bytes);
  else io.out(utf8.decode(bytes));
}

const utf8 = new TextDecoder();

/** Text gathered as UTF-8 up to about this many bytes before it is handed on. */
const TEXT_PIECE = 1 << 20;

/**
 * Text written in many pieces (a table of a hundred thousand rows) gathered as UTF-8 into about a MB
 * at a time and handed on through `writeBytes`, so it goes out the way a large JSON answer does (by
 * the output thread, for the process's own io; decoded, for an io without `outBytes`). Bytes can be
 * written straight into `buf` at `pos` after `room(n)`. `end` hands on what is left.
 *
 * @example const text = new TextBytes(io); text.text('a table\n'); text.end()
 */
export class TextBytes {
  buf: Buffer = Buffer.allocUnsafe(TEXT_PIECE + 4096);
  pos = 0;
  constructor(private readonly io: CliIo) {}

  /** `text` as UTF-8. */
  text(text: string): void {
    // A UTF-16 unit is at most three UTF-8 bytes (a surrogate pair, two units, makes four).
    this.room(3 * text.length);
    this.pos += this.buf.write(text, this.pos, 'utf8');
    this.piece();
  }

  /** Room for `n` more bytes at `pos`: what is written so far is handed on first when needed. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /** Hands the bytes on once they make a piece: called between lines, so pieces end on whole characters. */
  piece(): void {
    if (this.pos >= TEXT_PIECE) this.flush();
  }

  /** Hands on what is left. */
  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.pos > 0) writeBytes(this.io, this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

/** A command line the CLI cannot act on; reported with a pointer to the help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'CLI.USAGE';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/**
 * `parseArgs` (strict, no positionals) with its errors turned into usage errors that name the
 * command, so `main` reports them with a pointer to that command's help.
 */
export function parseCommandOptions<const O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const message =
      e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e);
    const unknown = /^Unknown option '(--[^']+)'/.exec(message);
    const hint = unknown
      ? didYouMean(
          unknown[1]!,
          Object.keys(options).map((o) => `--${o}`),
        )
      : '';
    throw new UsageError(`${message}${hint}`, command);
  }
}
