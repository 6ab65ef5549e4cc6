// How a handler of lambdas/<name>/handler.ts becomes the folder a Lambda function runs: one esbuild
// build with code splitting, so what only some requests need (pdf-lib, fontkit: imported with
// `import()` when a PDF is made) sits in chunks the cold start never reads. Used by the CDK app
// (DuebookFunction) and by scripts/bundle-lambdas.ts (the benchmark), so both measure one thing.
//
//   <outDir>/index.mjs        the handler (`index.handler`), ESM, minified
//   <outDir>/chunks/*.mjs     the chunks it imports (statically or on first use)
//   <outDir>/fonts/*.ttf      the PDF fonts (lambdas/documents/fonts.ts looks in ./fonts/, ../fonts/)
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** The repository root: infra/constructs/ is two levels down. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Bundles are ESM; CommonJS dependencies bundled into them may still call require().
const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/** The PDF fonts' folder in the sources; copied beside every bundle. */
export const FONTS_DIR = join(ROOT, 'lambdas', 'documents', 'fonts');

export interface HandlerBuildOptions {
  /**
   * Leave `@aws-sdk/*` out of the bundle (default true): the `nodejs22.x` runtime ships the AWS SDK
   * v3, and the bundle requires it through the runtime's NODE_PATH (`sdkImportsAsRequire`). False
   * bundles the SDK (and `@smithy/*`) in.
   */
  externalAwsSdk?: boolean;
  /** Minify (default true). */
  minify?: boolean;
  /**
   * `linked` (default, as deployed): each file ends with a `sourceMappingURL` comment (the handlers
   * map stacks themselves from the `.map` beside each file, lambdas/shared/stack-map.ts; setting
   * `NODE_OPTIONS=--enable-source-maps` on a function makes Node map every stack, at a cold-start
   * cost); `external`: maps written, not linked.
   */
  sourcemap?: 'linked' | 'external';
}

/** The entry file of a handler folder under lambdas/ (absolute). */
export function handlerEntryFile(name: string, root = ROOT): string {
  return join(root, 'lambdas', name, 'handler.ts');
}

/**
 * Builds lambdas/<name>/handler.ts into `outDir` (emptied first): platform node, ESM, target node22,
 * tree-shaken, code splitting, source maps without the sources' text, the fonts copied beside it.
 * Returns the handler file (`<outDir>/index.mjs`).
 */
export function buildHandlerSync(name: string, outDir: string, options: HandlerBuildOptions = {}): string {
  const entry = handlerEntryFile(name);
  if (!existsSync(entry)) throw new Error(`no Lambda entry at lambdas/${name}/handler.ts`);
  const externalAwsSdk = options.externalAwsSdk ?? true;
  rmSync(outDir, { recursive: true, force: true });
  const result = buildSync({
    entryPoints: { index: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? 'linked',
    sourcesContent: false,
    external: externalAwsSdk ? ['@aws-sdk/*'] : [],
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error(`bundling ${name} failed: ${result.errors[0]!.text}`);
  if (externalAwsSdk) {
    for (const file of outputFiles(outDir)) {
      const code = readFileSync(file, 'utf8');
      const required = sdkImportsAsRequire(code);
      if (required !== code) writeFileSync(file, required);
    }
  }
  cpSync(FONTS_DIR, join(outDir, 'fonts'), { recursive: true, filter: (f) => !f.endsWith('.md') });
  return join(outDir, 'index.mjs');
}

/** The bundle's code files: `index.mjs` and its chunks. */
function outputFiles(outDir: string): string[] {
  const chunks = join(outDir, 'chunks');
  return [
    join(outDir, 'index.mjs'),
    ...(existsSync(chunks)
      ? readdirSync(chunks)
          .filter((f) => f.endsWith('.mjs'))
          .map((f) => join(chunks, f))
      : []),
  ];
}

/**
 * The AWS SDK's packages loaded with `require()` (the banner's, made by `createRequire`), not with
 * `import`: `import{A as a,B}from"@aws-sdk/x";` becomes `var{A:a,B}=require("@aws-sdk/x");`. The
 * SDK is CommonJS, and Node reads every CommonJS module an ES `import` reaches for the names it
 * exports (cjs-module-lexer) before running it; `require` only runs it. For the ses-events handler,
 * its two SDK packages imported cost 113 ms of CPU and required 78 ms (Node 22.12; 167 and about
 * 120 on Node 20.20): a third of a cold start. In Lambda, `require` finds the runtime's SDK through
 * NODE_PATH, which the runtime sets to include `/var/runtime/node_modules`.
 *
 * Each statement keeps its length (padded with spaces), so the source map's columns stay true: a
 * minified import renames its bindings, and each ` as ` becoming `:` saves what `require(` costs.
 * One that would grow (no renamed binding), spans lines, or takes `default` is left as an import.
 */
export function sdkImportsAsRequire(code: string): string {
  return code.replace(
    /\bimport\s*\{([^}]*)\}\s*from\s*"(@aws-sdk\/[^"]+)";/g,
    (statement, list: string, pkg: string) => {
      // `default` (the whole module under import, undefined under require) or a quoted name: left as is.
      if (statement.includes('\n') || /\bdefault\b|["']/.test(list)) return statement;
      const bindings = list
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '')
        .map((b) => {
          const [imported, local] = b.split(/\s+as\s+/);
          return local === undefined || local === imported ? imported! : `${imported}:${local}`;
        });
      const replacement = `var{${bindings.join(',')}}=require(${JSON.stringify(pkg)});`;
      return replacement.length <= statement.length ? replacement.padEnd(statement.length, ' ') : statement;
    },
  );
}

/**
 * The files a cold start of `file` reads: itself and, transitively, the chunks it imports
 * statically (not those behind `import()`), in the order found.
 */
export function staticFiles(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const code = readFileSync(f, 'utf8');
    // Minified static imports: `import{a as b}from"./x.mjs"`, `import"./x.mjs"`, `export{...}from"./x.mjs"`.
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)"(\.{1,2}\/[^"]+\.mjs)"/g)) {
      visit(resolve(dirname(f), m[1]!));
    }
  };
  visit(file);
  return [...seen];
}
