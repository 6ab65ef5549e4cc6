// `npm run build:addon`: bundles the add-on's server code for Apps Script and writes what clasp
// pushes to apps-script/dist: Code.js (an IIFE plus a top-level stub per entry point, because Apps
// Script only calls global functions), appsscript.json (backend address in urlFetchWhitelist) and
// the HTML pages from scripts/build-addon-ui.ts.
//
//   npx tsx scripts/build-addon.ts [--backend-url https://api.example.com] [--out dir]
//   DUEBOOK_BACKEND_URL=https://api.example.com npm run build:addon
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { GLOBAL_NAME, PLACEHOLDER_BACKEND_URL, urlFetchWhitelist } from '../apps-script/src/build-config.js';
import { ENTRY_POINTS } from '../apps-script/src/entry-points.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ADDON = join(ROOT, 'apps-script');
/** Optional, not committed: `{ "backendUrl": "https://..." }`. */
export const CONFIG_FILE = join(ADDON, 'addon.config.json');

export class AddonBuildError extends Error {
  override name = 'AddonBuildError';
  constructor(
    message: string,
    readonly code: 'ADDON.UI_MISSING' | 'ADDON.ENTRY_MISSING' | 'ADDON.BACKEND_URL',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface BuildAddonOptions {
  outDir?: string;
  backendUrl?: string;
  /** Leave out the HTML pages (for tests of the server code alone). */
  skipUi?: boolean;
}

export interface BuiltAddon {
  outDir: string;
  codePath: string;
  backendUrl: string;
  pages: string[];
}

export function resolveBackendUrl(explicit?: string): string {
  let url = explicit ?? process.env.DUEBOOK_BACKEND_URL;
  if (!url && existsSync(CONFIG_FILE)) {
    url = (JSON.parse(readFileSync(CONFIG_FILE, 'utf8')) as { backendUrl?: string }).backendUrl;
  }
  url = (url ?? PLACEHOLDER_BACKEND_URL).replace(/\/+$/, '');
  if (!/^https:\/\/[^/\s]+/.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]?/.test(url)) {
    throw new AddonBuildError(`the backend URL must be https:// (got "${url}")`, 'ADDON.BACKEND_URL');
  }
  return url;
}

/** The footer: one global function per entry point, forwarding its arguments to the bundle. */
export function entryStubs(names: readonly string[]): string {
  return names
    .map((n) => `function ${n}() { return ${GLOBAL_NAME}.${n}.apply(this, arguments); }`)
    .join('\n');
}

export function manifest(backendUrl: string): Record<string, unknown> {
  const source = JSON.parse(readFileSync(join(ADDON, 'appsscript.json'), 'utf8')) as Record<string, unknown>;
  return { ...source, urlFetchWhitelist: urlFetchWhitelist(backendUrl) };
}

async function loadUiPages(): Promise<Record<string, string>> {
  const path = join(ROOT, 'scripts', 'build-addon-ui.ts');
  if (!existsSync(path)) {
    throw new AddonBuildError(
      'scripts/build-addon-ui.ts is missing: the sidebar and dialog pages cannot be built (issue #4, UI part)',
      'ADDON.UI_MISSING',
    );
  }
  const ui = (await import(pathToFileURL(path).href)) as {
    buildUiPages?: () => Promise<Record<string, string>>;
  };
  if (typeof ui.buildUiPages !== 'function') {
    throw new AddonBuildError('scripts/build-addon-ui.ts does not export buildUiPages()', 'ADDON.UI_MISSING');
  }
  return ui.buildUiPages();
}

export async function buildAddon(options: BuildAddonOptions = {}): Promise<BuiltAddon> {
  const outDir = resolve(options.outDir ?? join(ADDON, 'dist'));
  const backendUrl = resolveBackendUrl(options.backendUrl);
  const result = await build({
    entryPoints: [join(ADDON, 'src', 'main.ts')],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    target: 'es2019',
    // Apps Script's V8 runtime has BigInt (core's reports divide exactly with it).
    supported: { bigint: true },
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    define: { DUEBOOK_BACKEND_URL: JSON.stringify(backendUrl) },
    banner: { js: '// Duebook add-on: built by scripts/build-addon.ts; do not edit.' },
    footer: { js: entryStubs(ENTRY_POINTS) },
  });
  const code = result.outputFiles[0]!.text;
  // Every stub must reach a function: run the bundle as Apps Script would load it and look.
  const probe = runInNewContext(`${code}\n;${GLOBAL_NAME}`, {}) as Record<string, unknown>;
  const missing = ENTRY_POINTS.filter((n) => typeof probe[n] !== 'function');
  if (missing.length > 0) {
    throw new AddonBuildError(
      `apps-script/src/main.ts does not export ${missing.join(', ')}`,
      'ADDON.ENTRY_MISSING',
    );
  }
  const pages = options.skipUi ? {} : await loadUiPages();
  mkdirSync(outDir, { recursive: true });
  const codePath = join(outDir, 'Code.js');
  writeFileSync(codePath, code);
  writeFileSync(join(outDir, 'appsscript.json'), `${JSON.stringify(manifest(backendUrl), null, 2)}\n`);
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(outDir, `${name}.html`), html);
  return { outDir, codePath, backendUrl, pages: Object.keys(pages) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  try {
    const built = await buildAddon({ outDir: arg('--out'), backendUrl: arg('--backend-url') });
    console.log(
      `Built ${built.codePath} (backend ${built.backendUrl}) and ${built.pages.length} page(s): ${built.pages.join(', ')}`,
    );
  } catch (e) {
    console.error(e instanceof AddonBuildError ? `build:addon: ${e.message}` : e);
    process.exit(1);
  }
}
