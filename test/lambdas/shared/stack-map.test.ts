// A bundled Lambda's stack, mapped back to the sources from the `.map` beside each bundle file when
// an error is logged or leaves a handler (lambdas/shared/stack-map.ts), without Node's
// --enable-source-maps.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { log } from '../../../lambdas/shared/log.js';
import { mapStack, withMappedStacks } from '../../../lambdas/shared/stack-map.js';
import { bundleLambdas } from '../../../scripts/bundle-lambdas.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'duebook-stack-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minified bundle of a two-line source whose `fail()` throws from line 3, built with a linked map. */
function failingBundle(): string {
  const source = join(dir, 'src', 'failing.ts');
  const out = join(dir, 'out', 'index.mjs');
  buildSync({
    stdin: {
      contents:
        'export function fail(): never {\n  const why = "no such account";\n  throw new Error(why);\n}\n',
      sourcefile: source,
      loader: 'ts',
    },
    outfile: out,
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
  });
  return out;
}

/**
 * The stack of `fail()` as a process without source maps sees it (under vitest, Node maps stacks
 * itself, so an error made here would come mapped already).
 */
function rawStack(): string {
  const script = `try{(await import(${JSON.stringify(pathToFileURL(failingBundle()).href)})).fail()}catch(e){console.log(e.stack)}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

describe('mapStack', () => {
  it('returns each frame in a bundle file at its place in the sources', () => {
    const stack = rawStack();
    expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    const mapped = mapStack(stack);
    // The source is named relative to the bundle's folder at build time, `../` steps dropped.
    expect(mapped).toMatch(/\bsrc\/failing\.ts:3:\d+/);
    expect(mapped).not.toMatch(/index\.mjs:\d+:\d+/);
  });

  it('returns frames of files without a map, and lines that are not frames, as they are', () => {
    const stack = [
      'Error: x',
      '    at run (node:internal/modules/esm/module_job:325:25)',
      `    at f (${join(dir, 'nowhere', 'other.mjs')}:1:20)`,
      '    at g (/work/main/lambdas/api/app.ts:12:3)',
    ].join('\n');
    expect(mapStack(stack)).toBe(stack);
  });

  it('maps the stack field of an error line of the log', () => {
    const stack = rawStack();
    expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    try {
      log('error', 'unhandled', { error: 'Error: no such account', stack });
    } finally {
      spy.mockRestore();
    }
    const logged = JSON.parse(lines[0]!) as { stack: string; error: string };
    expect(logged.error).toBe('Error: no such account');
    expect(logged.stack).toMatch(/\bsrc\/failing\.ts:3:\d+/);
  });
});

describe('withMappedStacks', () => {
  it('returns what the handler returns, and rethrows its error unchanged but for the stack', async () => {
    const failure = new TypeError('bad');
    const ok = withMappedStacks(async (n: number) => n + 1);
    const bad = withMappedStacks(async () => {
      throw failure;
    });
    expect(await ok(1)).toBe(2);
    await expect(bad()).rejects.toBe(failure);
  });

  it("returns a deployed handler's error with its stack in the sources, with no Node flag", async () => {
    const [tick] = await bundleLambdas({ handlers: ['tick'], outDir: join(dir, 'lambdas') });
    const script =
      `const m=await import(${JSON.stringify(pathToFileURL(tick!.outfile).href)});` +
      `try{await m.handler({scheduledAt:'at nine'})}catch(e){console.log(e.stack)}`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        TABLE_NAME: 't',
        GOOGLE_AUDIENCES: 'a.apps.googleusercontent.com',
        SES_CONFIGURATION_SET: 'c',
        SENDER_ADDRESS: 'Billing <billing@example.com>',
        PUBLIC_BASE_URL: 'https://api.example.com',
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
      },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const [message, first] = run.stdout.split('\n');
    expect(message).toContain('scheduledAt is not a date and time with its zone');
    // The frame that threw: the tick's reader of its event, in the sources.
    expect(first).toMatch(/lambdas\/tick\/app\.ts:\d+:\d+/);
    expect(run.stdout).not.toMatch(/index\.mjs:\d+:\d+/);
  });
});
