// Every `npx duebook` command the README shows, run as a user of a fresh clone would: from the
// repository's root folder layout, relative paths, default options, in the README's order.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

/** The `npx duebook ...` lines of the README's code blocks, comments removed. */
function readmeCommands(readme: string): string[][] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx duebook'))
    .map((line) => line.split(/\s+/).slice(2));
}

describe('README', () => {
  describe('npx duebook commands', () => {
    it('runs every command the README shows, each exiting 0 without a stack trace', async () => {
      // Prepare: a folder laid out like a fresh clone (the sources linked, nothing generated).
      const clone = mkdtempSync(join(tmpdir(), 'duebook-readme-'));
      const linked = [
        'bin',
        'cli',
        'core',
        'lambdas',
        'examples',
        'test',
        'node_modules',
        'package.json',
        'tsconfig.json',
      ];
      for (const entry of linked) symlinkSync(join(ROOT, entry), join(clone, entry));
      const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
      expect(commands.length).toBeGreaterThan(10);
      expect(commands.map((c) => c[0])).toContain('messages');
      const runOne = async (args: string[]) => {
        const result = await run(process.execPath, ['bin/duebook.js', ...args], {
          cwd: clone,
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        }).catch((e: { code?: number; stdout?: string; stderr?: string }) => e);
        const label = `npx duebook ${args.join(' ')}`;
        expect(result.stderr ?? '', label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
        expect((result as { code?: number }).code ?? 0, `${label}\n${result.stderr}`).toBe(0);
        return String(result.stdout);
      };
      // Act and assess: the commands that stand alone, a few at a time; then `run` and the
      // `messages` commands that read what it sent, in the README's order.
      const local = commands.filter((c) => c[0] === 'run' || c[0] === 'messages');
      const alone = commands.filter((c) => !local.includes(c));
      for (let i = 0; i < alone.length; i += 4) await Promise.all(alone.slice(i, i + 4).map(runOne));
      for (const args of local) {
        const out = await runOne(args);
        if (args[0] === 'run') expect(out).toMatch(/Emails sent: [1-9]/);
        if (args[0] === 'messages' && args.includes('--json')) {
          const parsed = JSON.parse(out) as { messages: { customerId: string; localTime: string }[] };
          expect(parsed.messages.length).toBeGreaterThan(0);
          const customer = args[args.indexOf('--customer') + 1];
          expect(
            parsed.messages.every((m) => m.customerId === customer && /\d{2}:\d{2} \S+$/.test(m.localTime)),
          ).toBe(true);
        }
      }
      // Whatever the examples wrote in the clone's root is in a folder git ignores.
      const written = readdirSync(clone).filter((name) => !linked.includes(name));
      expect(written.length).toBeGreaterThan(0);
      for (const name of written) {
        // A folder is asked about as one (`scratch/`), as the .gitignore patterns name folders.
        const asked = statSync(join(clone, name)).isDirectory() ? `${name}/` : name;
        const ignored = await run('git', ['check-ignore', '--no-index', '-q', asked], { cwd: ROOT }).then(
          () => true,
          () => false,
        );
        expect(ignored, `${name} is written by a README example but not ignored by git`).toBe(true);
      }
    }, 600_000);
  });
});
