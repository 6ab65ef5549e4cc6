// Bundles each Lambda entry (lambdas/<name>/handler.ts) into one minified ESM file per function,
// `<outDir>/<name>/index.mjs` (handler `index.handler`), for the benchmark and the CDK app.
//
//   npx tsx scripts/bundle-lambdas.ts [outDir] [--bundle-aws-sdk]
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_OUT_DIR = join(ROOT, '.bench', 'lambdas');

const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export interface BundleOptions {
  /** Handler folders under lambdas/ to bundle; default: every folder that has a handler.ts. */
  handlers?: readonly string[];
  /** Where `<name>/index.mjs` goes; default `.bench/lambdas` in the repository. */
  outDir?: string;
  /**
   * Leave `@aws-sdk/*` out of the bundle (default true). The Lambda `nodejs22.x` runtime ships the
   * AWS SDK for JavaScript v3 and resolves these imports itself, so bundling it only adds size and
   * cold-start parse time. Set false to pin the SDK version the bundle runs with; then the bundle
   * carries its own copy (and `@smithy/*` with it).
   */
  externalAwsSdk?: boolean;
  /** Minify (default true). */
  minify?: boolean;
}

export interface BundledHandler {
  name: string;
  /** The entry file bundled (absolute). */
  entry: string;
  /** The bundle (absolute): `<outDir>/<name>/index.mjs`. */
  outfile: string;
  /** Size of the bundle in bytes (without its source map). */
  bytes: number;
  /** Size of the external source map `index.mjs.map` in bytes. */
  mapBytes: number;
}

/** Names of the folders under lambdas/ that have a handler.ts entry, sorted. */
export function handlerNames(root = ROOT): string[] {
  const dir = join(root, 'lambdas');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

/**
 * Bundles the handlers with esbuild: platform node, ESM, target node22, minified, tree-shaken,
 * source map written next to the bundle (`index.mjs.map`, not linked from the bundle; set
 * `NODE_OPTIONS=--enable-source-maps` and keep the map beside it to get mapped stack traces).
 * Each handler's output folder is emptied first. Returns one entry per handler with its size.
 */
export async function bundleLambdas(options: BundleOptions = {}): Promise<BundledHandler[]> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const names = options.handlers ?? handlerNames();
  const externalAwsSdk = options.externalAwsSdk ?? true;
  const results: BundledHandler[] = [];
  for (const name of names) {
    const entry = join(ROOT, 'lambdas', name, 'handler.ts');
    if (!existsSync(entry)) throw new Error(`no Lambda entry at lambdas/${name}/handler.ts`);
    const dir = join(outDir, name);
    rmSync(dir, { recursive: true, force: true });
    const outfile = join(dir, 'index.mjs');
    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: options.minify ?? true,
      sourcemap: 'external',
      external: externalAwsSdk ? ['@aws-sdk/*'] : [],
      // The bundled SDK has CommonJS parts that require() Node builtins, which ESM lacks.
      ...(externalAwsSdk ? {} : { banner: { js: REQUIRE_SHIM } }),
      legalComments: 'none',
      logLevel: 'silent',
    });
    if (result.errors.length > 0) throw new Error(`bundling ${name} failed: ${result.errors[0]!.text}`);
    // The PDF font travels beside the bundle (lambdas/documents/fonts.ts looks in ./fonts/).
    cpSync(join(ROOT, 'lambdas', 'documents', 'fonts'), join(dir, 'fonts'), {
      recursive: true,
      filter: (f) => !f.endsWith('.md'),
    });
    results.push({
      name,
      entry,
      outfile,
      bytes: statSync(outfile).size,
      mapBytes: statSync(`${outfile}.map`).size,
    });
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outDir = args.find((a) => !a.startsWith('--'));
  const bundled = await bundleLambdas({ outDir, externalAwsSdk: !args.includes('--bundle-aws-sdk') });
  for (const b of bundled) console.log(`${b.name}: ${b.outfile} (${b.bytes} bytes)`);
}
