// Prebuilds the `duebook` CLI with esbuild into dist/cli (run by `npm install`'s prepare step and
// at the start of `npm test`), so the bin starts without compiling TypeScript. Packages stay
// external; commands that need heavy modules (exceljs, pdf-lib, the AWS SDK) import them lazily,
// so they sit in their own chunks and load only when used. dist/cli/inputs.json lists the sources
// the bundle was built from and when: the bin falls back to the sources if any is newer.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT_DIR = join(ROOT, 'dist', 'cli');

/** Builds dist/cli/main.js (and its chunks); returns the source files it was built from. */
export async function buildCli(outDir = CLI_OUT_DIR): Promise<string[]> {
  const builtAt = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'cli', 'main.ts')],
    outdir: outDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    chunkNames: 'chunks/[name]-[hash]',
  });
  if (result.errors.length > 0) throw new Error(`building the CLI failed: ${result.errors[0]!.text}`);
  const inputs = Object.keys(result.metafile.inputs)
    .map((f) => relative(ROOT, resolve(process.cwd(), f)))
    .filter((f) => !f.startsWith('node_modules'));
  writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify({ builtAt, inputs })}\n`);
  return inputs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const inputs = await buildCli();
  console.log(`duebook CLI built into dist/cli from ${inputs.length} sources`);
}
