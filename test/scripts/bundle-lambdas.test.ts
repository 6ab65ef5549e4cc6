// The Lambda bundler: one minified ESM file per handler, with the AWS SDK left to the runtime.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleLambdas, handlerNames } from '../../scripts/bundle-lambdas.js';

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
    // The SDK is imported by name, so the runtime's copy is used, and none of its code is inside.
    expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    expect(code).toMatch(/from\s*"@aws-sdk\/lib-dynamodb"/);
    expect(code).not.toContain('@smithy/');
    expect(code).not.toContain('DynamoDB_20120810');
  });

  it('returns a bundle carrying the AWS SDK when it is not external', async () => {
    const [bundled] = await bundleLambdas({ handlers: ['daily-run'], outDir, externalAwsSdk: false });
    const code = readFileSync(bundled!.outfile, 'utf8');
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    expect(code).toContain('DynamoDB_20120810');
  });

  it('returns an error for a folder without a handler entry', async () => {
    await expect(bundleLambdas({ handlers: ['no-such-handler'], outDir })).rejects.toThrow(
      'no Lambda entry at lambdas/no-such-handler/handler.ts',
    );
  });
});
