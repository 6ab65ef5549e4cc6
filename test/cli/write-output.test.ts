// Tests for cli/write-output.ts and the commands that use it: one rule, one message, for every
// command that writes a file: never overwrite.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealCommand } from '../../cli/commands/appeal.js';
import { reportCommand } from '../../cli/commands/report.js';
import { statementCommand } from '../../cli/commands/statement.js';
import type { CliIo } from '../../cli/io.js';
import { OutputExistsError, writeNewFiles } from '../../cli/write-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-write-output-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/write-output', () => {
  describe('writeNewFiles', () => {
    it('writes new files, creating their folder, and refuses a second time writing nothing', async () => {
      // Prepare
      const a = join(dir, 'new', 'a.txt');
      const b = join(dir, 'new', 'b.txt');
      await writeNewFiles([{ path: a, bytes: 'A' }]);
      // Act
      const refused = writeNewFiles([
        { path: b, bytes: 'B' },
        { path: a, bytes: 'again' },
      ]);
      // Assess
      await expect(refused).rejects.toThrow(OutputExistsError);
      await expect(refused).rejects.toThrow(`${a} already exists; nothing written`);
      expect(await readFile(a, 'utf8')).toBe('A');
      await expect(readFile(b)).rejects.toThrow();
    });
  });

  describe('commands that write', () => {
    const cases: [string, (args: string[], io: CliIo) => Promise<number>, (out: string) => string[]][] = [
      [
        'statement',
        statementCommand,
        (out) => ['--ledger', demo, '--customer', 'C-1025', '--as-of', '2026-11-23', '--out', out],
      ],
      ['appeal', appealCommand, (out) => ['--ledger', demo, '--claim', 'CLM-26-0098', '--out', out]],
      ['report', reportCommand, (out) => ['--ledger', demo, '--as-of', '2026-11-23', '--out', out]],
    ];
    it.each(cases)(
      '%s refuses to overwrite with the one message, leaving the file as it was',
      async (name, command, args) => {
        // Prepare
        const out = join(dir, `${name}.pdf`);
        await writeFile(out, 'already sent');
        let stderr = '';
        // Act
        const code = await command(args(out), {
          out: () => {},
          err: (t) => {
            stderr += t;
          },
        });
        // Assess
        expect(code).toBe(1);
        expect(stderr).toBe(
          `duebook: ${out} already exists; nothing written (choose another --out, or move the file away first)\n`,
        );
        expect(await readFile(out, 'utf8')).toBe('already sent');
      },
    );
  });
});
