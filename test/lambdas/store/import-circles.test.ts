// No import circle through the backend's settings and store (lambdas/shared/settings.ts and the ledger store imported each other).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"](\.[^'"]+)['"]/g;

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

/** Static relative imports (type-only ones too: they tie the files together for a reader) per file under `dir`. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(dir)) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      relative(ROOT, resolve(dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
    );
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/** Every circle found by a depth-first walk, each as the files around it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('lambdas import graph', () => {
  describe('circles', () => {
    it('finds a circle when two files import each other', () => {
      const graph = new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', ['a.ts']],
      ]);
      expect(circles(graph)).toEqual([['a.ts', 'b.ts']]);
    });

    it('finds none through the settings or the store (they share lambdas/store/tenant-settings.ts)', () => {
      const graph = importGraph(join(ROOT, 'lambdas'));
      const touching = circles(graph).filter((c) =>
        c.some((f) => f === 'lambdas/shared/settings.ts' || f.startsWith('lambdas/store/')),
      );
      expect(graph.get('lambdas/shared/settings.ts')).toContain('lambdas/store/tenant-settings.ts');
      expect(touching).toEqual([]);
    });
  });
});
