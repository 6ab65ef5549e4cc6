// Fails the build when a source root imports across the one-way boundaries in DESIGN.md, or when
// files import each other in a circle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** For each root: which other roots it may import, and whether npm packages / node: builtins are allowed. */
const RULES: Record<string, { roots: string[]; packages: boolean }> = {
  core: { roots: ['core'], packages: false },
  'apps-script': { roots: ['apps-script', 'core'], packages: false },
  lambdas: { roots: ['lambdas', 'core'], packages: true },
  // infra points at lambdas by path (entry file names), never by import.
  infra: { roots: ['infra'], packages: true },
  cli: { roots: ['cli', 'core', 'lambdas', 'examples'], packages: true },
  examples: { roots: ['examples', 'core'], packages: true },
};

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;

function* sourceFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name === 'cdk.out') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

export function findViolations(root = ROOT): string[] {
  const violations: string[] = [];
  for (const [folder, rule] of Object.entries(RULES)) {
    for (const file of sourceFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of text.matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2] ?? m[3])!;
        const where = relative(root, file);
        if (spec.startsWith('.')) {
          const target = relative(root, resolve(dirname(file), spec));
          const targetRoot = target.split(sep)[0]!;
          if (!rule.roots.includes(targetRoot))
            violations.push(`${where}: imports "${spec}" (${targetRoot}/ is off limits for ${folder}/)`);
        } else if (!rule.packages) {
          violations.push(
            `${where}: imports package "${spec}" (${folder}/ may import only ${rule.roots.join(', ')})`,
          );
        }
      }
    }
  }
  return violations;
}

/** Relative imports between the roots' own files (type-only and dynamic imports included). */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of Object.keys(RULES)) {
    for (const file of sourceFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const targets = new Set<string>();
      for (const m of text.matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2] ?? m[3])!;
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        if (existsSync(target)) targets.add(relative(root, target));
      }
      graph.set(relative(root, file), [...targets].sort());
    }
  }
  return graph;
}

/**
 * Every circle of imports, one line each ("a.ts -> b.ts -> a.ts"), starting at its first file by
 * name. A circle makes module order matter and hides which side owns a type: break it by moving the
 * shared part to a file of its own.
 */
export function findCycles(root = ROOT): string[] {
  const graph = importGraph(root);
  // Tarjan's strongly connected components: each component of more than one file holds a circle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components
    .map((component) => {
      const members = new Set(component);
      const start = [...component].sort()[0]!;
      // The shortest way round from the first file back to itself, inside the component.
      const from = new Map<string, string>();
      const queue = [start];
      for (let i = 0; i < queue.length; i++) {
        for (const w of graph.get(queue[i]!) ?? []) {
          if (!members.has(w)) continue;
          if (w === start) {
            const path = [start];
            for (let at = queue[i]!; at !== start; at = from.get(at)!) path.splice(1, 0, at);
            return [...path, start].join(' -> ');
          }
          if (!from.has(w)) {
            from.set(w, queue[i]!);
            queue.push(w);
          }
        }
      }
      return start;
    })
    .sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const violations = findViolations();
  if (violations.length > 0) {
    console.error(
      `Dependency rules broken (see DESIGN.md, "Layout"):\n${violations.map((v) => `  ${v}`).join('\n')}`,
    );
    process.exit(1);
  }
  const cycles = findCycles();
  if (cycles.length > 0) {
    console.error(
      `Import circles (move the shared part to a file of its own):\n${cycles.map((c) => `  ${c}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log(
    'Dependency rules hold: core imports nothing else; apps-script and lambdas import only core; no import circles.',
  );
}
