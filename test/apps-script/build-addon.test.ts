// scripts/build-addon.ts: the manifest, the backend address, and the entry stubs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ENTRY_POINTS } from '../../apps-script/src/entry-points.js';
import { buildAddon, entryStubs, resolveBackendUrl } from '../../scripts/build-addon.js';

describe('build-addon', () => {
  describe('buildAddon', () => {
    it('returns Code.js with a stub per entry point and a manifest whitelisting only the backend', async () => {
      // Prepare
      const outDir = mkdtempSync(join(tmpdir(), 'duebook-build-'));
      // Act
      const built = await buildAddon({ outDir, backendUrl: 'https://api.duebook.test/', skipUi: true });
      // Assess
      const code = readFileSync(built.codePath, 'utf8');
      const manifest = JSON.parse(readFileSync(join(outDir, 'appsscript.json'), 'utf8'));
      expect(manifest.runtimeVersion).toBe('V8');
      expect(manifest.urlFetchWhitelist).toEqual(['https://api.duebook.test/']);
      expect(manifest.oauthScopes).toEqual([
        'https://www.googleapis.com/auth/spreadsheets.currentonly',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.external_request',
        'openid',
        'https://www.googleapis.com/auth/userinfo.email',
        'https://www.googleapis.com/auth/documents',
        'https://www.googleapis.com/auth/drive.file',
      ]);
      for (const name of ENTRY_POINTS) expect(code).toContain(`function ${name}() {`);
      expect(code).toContain('"https://api.duebook.test"');
      const context: Record<string, unknown> = {};
      runInNewContext(code, context);
      expect(ENTRY_POINTS.filter((n) => typeof context[n] !== 'function')).toEqual([]);
    });
  });

  describe('resolveBackendUrl', () => {
    it('returns the address without a trailing slash, and refuses plain http off loopback', () => {
      expect(resolveBackendUrl('https://x.example/')).toBe('https://x.example');
      expect(resolveBackendUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
      expect(() => resolveBackendUrl('http://x.example')).toThrow(/https/);
    });
  });

  describe('entryStubs', () => {
    it('returns top-level functions forwarding their arguments to the bundle', () => {
      const context: Record<string, unknown> = { Duebook: { logContact: (...a: unknown[]) => a } };
      runInNewContext(entryStubs(['logContact']), context);
      expect((context.logContact as (...a: unknown[]) => unknown)(1, 2)).toEqual([1, 2]);
    });
  });
});
