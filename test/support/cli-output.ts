// Runs a CLI command in the test's process with its output captured, as a user would read it.
import type { CliIo } from '../../cli/io.js';

/** What a command printed and the exit code it returned. */
export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command(argv, io)` with `out` and `err` captured (`io` may add other fields, e.g. `now`). */
export async function captureOutput<Io extends CliIo>(
  command: (argv: string[], io: Io) => Promise<number>,
  argv: string[],
  io: Omit<Io, 'out' | 'err'> = {} as Omit<Io, 'out' | 'err'>,
): Promise<CliOutput> {
  let stdout = '';
  let stderr = '';
  const code = await command(argv, {
    ...io,
    out: (t: string) => {
      stdout += t;
    },
    err: (t: string) => {
      stderr += t;
    },
  } as Io);
  return { code, stdout, stderr };
}
