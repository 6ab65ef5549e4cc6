// Bundles each Lambda entry (lambdas/<name>/handler.ts) as the CDK app does
// (infra/constructs/lambda-bundle.ts): `<outDir>/<name>/index.mjs` (handler `index.handler`), its
// chunks in `<outDir>/<name>/chunks/` and the PDF fonts in `<outDir>/<name>/fonts/`, for the benchmark.
//
//   npx tsx scripts/bundle-lambdas.ts [outDir] [--bundle-aws-sdk]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHandlerSync, handlerEntryFile, staticFiles } from '../infra/constructs/lambda-bundle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_OUT_DIR = join(ROOT, '.bench', 'lambdas');

export interface BundleOptions {
  /** Handler folders under lambdas/ to bundle; default: every folder that has a handler.ts. */
  handlers?: readonly string[];
  /** Where `<name>/index.mjs` goes; default `.bench/lambdas` in the repository. */
  outDir?: string;
  /**
   * Leave `@aws-sdk/*` out of the bundle (default true). The Lambda `nodejs22.x` runtime ships the
   * AWS SDK for JavaScript v3, which the bundle requires through the runtime's NODE_PATH
   * (`sdkImportsAsRequire`), so bundling it only adds size and cold-start parse time. Set false to pin the SDK version the bundle runs with; then the bundle
   * carries its own copy (and `@smithy/*` with it).
   */
  externalAwsSdk?: boolean;
  /** Minify (default true). */
  minify?: boolean;
  /** `linked` (default, as deployed: the handlers map stacks from the `.map` beside each file) or `external` (not linked). */
  sourcemap?: 'linked' | 'external';
}

export interface BundledHandler {
  name: string;
  /** The entry file bundled (absolute). */
  entry: string;
  /** The bundle (absolute): `<outDir>/<name>/index.mjs`. */
  outfile: string;
  /** Size of the handler file in bytes (without its source map or chunks). */
  bytes: number;
  /** Size of the source map `index.mjs.map` in bytes. */
  mapBytes: number;
  /** The files a cold start reads: the handler file and the chunks it imports statically. */
  staticFiles: string[];
  /** Their size in bytes (the chunks behind `import()`, read on first use, not counted). */
  staticBytes: number;
}

/** Names of the folders under lambdas/ that have a handler.ts entry, sorted. */
export function handlerNames(root = ROOT): string[] {
  const dir = join(root, 'lambdas');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

/**
 * Bundles the handlers with esbuild (buildHandlerSync: ESM, target node22, minified, code splitting,
 * source maps linked by default as deployed). Each handler's output folder is emptied first.
 * Returns one entry per handler with its sizes and the files its cold start reads.
 */
export async function bundleLambdas(options: BundleOptions = {}): Promise<BundledHandler[]> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const names = options.handlers ?? handlerNames();
  const results: BundledHandler[] = [];
  for (const name of names) {
    const entry = handlerEntryFile(name, ROOT);
    const outfile = buildHandlerSync(name, join(outDir, name), {
      externalAwsSdk: options.externalAwsSdk ?? true,
      minify: options.minify ?? true,
      sourcemap: options.sourcemap ?? 'linked',
    });
    const files = staticFiles(outfile);
    results.push({
      name,
      entry,
      outfile,
      bytes: statSync(outfile).size,
      mapBytes: statSync(`${outfile}.map`).size,
      staticFiles: files,
      staticBytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
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
