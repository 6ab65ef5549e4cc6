// Tests for the dependency-direction check: the real tree passes, a planted violation is caught.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, findViolations } from '../../scripts/check-deps.js';

describe('check-deps', () => {
  describe('findViolations', () => {
    it('returns nothing for this repository', () => {
      expect(findViolations()).toEqual([]);
    });

    it('returns core importing a package, node or another root', () => {
      // Prepare
      const root = mkdtempSync(join(tmpdir(), 'deps-'));
      mkdirSync(join(root, 'core'));
      mkdirSync(join(root, 'lambdas'));
      writeFileSync(
        join(root, 'core', 'a.ts'),
        "import { x } from '../lambdas/b.js';\nimport fs from 'node:fs';\nexport * from './c.js';\n",
      );
      writeFileSync(
        join(root, 'lambdas', 'b.ts'),
        "import { y } from '../core/a.js';\nimport { z } from '@aws-sdk/client-ses';\n",
      );
      // Act
      const violations = findViolations(root);
      // Assess
      expect(violations).toEqual([
        'core/a.ts: imports "../lambdas/b.js" (lambdas/ is off limits for core/)',
        'core/a.ts: imports package "node:fs" (core/ may import only core)',
      ]);
    });
  });

  describe('findCycles', () => {
    it('returns nothing for this repository', () => {
      expect(findCycles()).toEqual([]);
    });

    it('returns a circle of imports, type-only and dynamic edges included, each file once', () => {
      // Prepare
      const root = mkdtempSync(join(tmpdir(), 'cycles-'));
      mkdirSync(join(root, 'lambdas', 'services'), { recursive: true });
      const file = (name: string, text: string) => writeFileSync(join(root, 'lambdas', name), text);
      file('a.ts', "import { b } from './services/b.js';\nexport const a = 1;\n");
      file('services/b.ts', "export const b = async () => import('./c.js');\n");
      file('services/c.ts', "import type { A } from '../a.js';\nexport type C = A;\n");
      file('d.ts', "import { a } from './a.js';\n");
      // Act
      const cycles = findCycles(root);
      // Assess
      expect(cycles).toEqual([
        'lambdas/a.ts -> lambdas/services/b.ts -> lambdas/services/c.ts -> lambdas/a.ts',
      ]);
    });
  });
});
