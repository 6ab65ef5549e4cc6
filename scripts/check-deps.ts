// Fails the build when a source root imports across the one-way boundaries in DESIGN.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const violations = findViolations();
  if (violations.length > 0) {
    console.error(
      `Dependency rules broken (see DESIGN.md, "Layout"):\n${violations.map((v) => `  ${v}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('Dependency rules hold: core imports nothing else; apps-script and lambdas import only core.');
}
