// Tests for the dependency-direction check: the real tree passes, a planted violation is caught.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations } from '../../scripts/check-deps.js';

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
});
