// The Lambda bundler: one minified ESM file per handler, with the AWS SDK left to the runtime.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleLambdas, handlerNames } from '../../scripts/bundle-lambdas.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What every handler reads at cold start, and NODE_PATH to find the SDK as Lambda's runtime does. */
const handlerEnv = () => ({
  ...process.env,
  TABLE_NAME: 't',
  GOOGLE_AUDIENCES: 'a.apps.googleusercontent.com',
  SES_CONFIGURATION_SET: 'c',
  SENDER_ADDRESS: 'Billing <billing@example.com>',
  PUBLIC_BASE_URL: 'https://api.example.com',
  UNSUBSCRIBE_SECRET: 'bundle-test-unsubscribe-secret-0123456789',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/0/q',
  LETTERS_BUCKET: 'letters',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_PATH: join(REPO_ROOT, 'node_modules'),
});

describe('bundleLambdas', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'duebook-bundle-'));

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('returns every folder under lambdas/ that has a handler.ts', () => {
    expect(handlerNames()).toEqual(expect.arrayContaining(['api', 'daily-run', 'sender', 'ses-events']));
  });

  it('returns an ESM bundle with its source map and size, importing the AWS SDK instead of carrying it', async () => {
    // Act
    const [bundled] = await bundleLambdas({ handlers: ['daily-run'], outDir });
    // Assess
    expect(bundled).toMatchObject({ name: 'daily-run', outfile: join(outDir, 'daily-run', 'index.mjs') });
    expect(existsSync(bundled!.outfile)).toBe(true);
    expect(existsSync(`${bundled!.outfile}.map`)).toBe(true);
    const code = readFileSync(bundled!.outfile, 'utf8');
    expect(bundled!.bytes).toBe(Buffer.byteLength(code));
    // ESM: static imports and an export of the handler, no CommonJS wrapper.
    expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}|export\s*\{\s*handler\s*\}/);
    expect(code).not.toMatch(/module\.exports|exports\.handler/);
    // The SDK is required by name (through NODE_PATH in Lambda), so the runtime's copy is used, and
    // none of its code is inside; no import of it is left (one would make Node lex the package).
    expect(code).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
    expect(code).toMatch(/require\("@aws-sdk\/lib-dynamodb"\)/);
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    expect(code).not.toContain('@smithy/');
    expect(code).not.toContain('DynamoDB_20120810');
  });

  it('returns a bundle whose handler loads, the SDK required from node_modules', async () => {
    const [bundled] = await bundleLambdas({ handlers: ['ses-events'], outDir });
    const script = `const m = await import(${JSON.stringify(pathToFileURL(bundled!.outfile).href)}); console.log(typeof m.handler)`;
    const env = handlerEnv();
    // Outside the repository, as in Lambda: the SDK is found through NODE_PATH only.
    const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      cwd: outDir,
      env,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function');
  });

  it('returns a bundle carrying the AWS SDK when it is not external', async () => {
    const [bundled] = await bundleLambdas({ handlers: ['daily-run'], outDir, externalAwsSdk: false });
    // The handler file and every chunk (the client may sit in a chunk it shares with a lazy one).
    const chunks = join(dirname(bundled!.outfile), 'chunks');
    const code = [bundled!.outfile, ...readdirSync(chunks).map((c) => join(chunks, c))]
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    expect(code).toContain('DynamoDB_20120810');
  });

  // What each cold start loads of the SDK: the client packages in Node's module cache once the
  // handler is imported, outside the repository as in Lambda. A package here that most events have
  // no use for costs every cold start (@aws-sdk/client-s3 alone about 35 ms of CPU): the tick
  // reached S3 and SES through the daily run until the office worker moved to office-run.ts, and
  // the api and daily-run now load S3 and SES with the first event that needs them
  // (lambdas/shared/sdk-on-demand.ts). A new need is added here on purpose.
  it('loads at cold start only the SDK packages each handler needs for most events', async () => {
    const expected: Record<string, string[]> = {
      api: ['client-dynamodb', 'client-secrets-manager', 'lib-dynamodb'],
      'daily-run': ['client-dynamodb', 'client-sqs', 'lib-dynamodb'],
      replies: ['client-dynamodb', 'client-s3', 'client-secrets-manager', 'lib-dynamodb'],
      sender: ['client-dynamodb', 'client-secrets-manager', 'client-sesv2', 'lib-dynamodb'],
      'ses-events': ['client-dynamodb', 'lib-dynamodb'],
      tick: ['client-dynamodb', 'client-sqs', 'lib-dynamodb'],
    };
    const bundles = await bundleLambdas({ handlers: Object.keys(expected), outDir });
    const loaded = Object.fromEntries(
      bundles.map((b) => {
        const script =
          `import{createRequire}from'node:module';const m=await import(${JSON.stringify(pathToFileURL(b.outfile).href)});` +
          `if(typeof m.handler!=='function')throw new Error('no handler');` +
          `console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)))`;
        const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
          cwd: outDir,
          env: handlerEnv(),
          encoding: 'utf8',
        });
        expect(run.stderr, b.name).toBe('');
        const files: string[] = JSON.parse(run.stdout);
        const packages = new Set(
          files.flatMap((f) => {
            const m = /[\\/]node_modules[\\/]@aws-sdk[\\/]((?:client|lib)-[^\\/]+)[\\/]/.exec(f);
            return m ? [m[1]!] : [];
          }),
        );
        return [b.name, [...packages].sort()];
      }),
    );
    expect(loaded).toEqual(expected);
  });

  it('returns an error for a folder without a handler entry', async () => {
    await expect(bundleLambdas({ handlers: ['no-such-handler'], outDir })).rejects.toThrow(
      'no Lambda entry at lambdas/no-such-handler/handler.ts',
    );
  });
});
