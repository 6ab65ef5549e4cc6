// Builds the add-on's HTML pages (sidebar and dialogs): each `apps-script/ui/<name>.ts` is bundled
// with esbuild and inlined, with the shared stylesheet, into `apps-script/ui/<name>.html`, so every
// page is one self-contained file that HtmlService can serve (no external scripts, styles or fonts).
//
//   npx tsx scripts/build-addon-ui.ts [outDir]   writes <outDir>/<name>.html (default apps-script/dist)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UI_DIR = join(ROOT, 'apps-script', 'ui');

/** The pages, each `apps-script/ui/<name>.html` + `<name>.ts`; HtmlService names them the same. */
export const UI_PAGES = [
  'sidebar',
  'queue',
  'settings',
  'payment',
  'remittance',
  'office',
  'letters',
  // Offices (issue #17): opened from Settings.
  'members',
] as const;
export type UiPageName = (typeof UI_PAGES)[number];

/** Where the page's bundled script goes (replaced by `<script>…</script>`). */
export const SCRIPT_MARKER = '<!-- script -->';
/** Where the shared stylesheet `apps-script/ui/styles.css` goes (replaced by `<style>…</style>`). */
export const STYLE_MARKER = '<!-- style -->';

export class UiBuildError extends Error {
  override name = 'UiBuildError';
  constructor(
    message: string,
    readonly code: 'UI.MARKER_MISSING' | 'UI.SCRIPTLET_IN_BUNDLE' | 'UI.BUNDLE_FAILED',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Returns page name -> complete HTML for every page in {@link UI_PAGES}.
 *
 * The pages may be served either as plain HTML (`HtmlService.createHtmlOutput(html)`) or as a
 * template (`HtmlService.createTemplate(html)`, used by `payment` to prefill the customer id with
 * `<?= customerId ?>`), so the inlined script and style must not contain `<?` (it would start a
 * scriptlet) or `</script` / `</style` (it would end the element early).
 */
export async function buildUiPages(): Promise<Record<string, string>> {
  const css = readFileSync(join(UI_DIR, 'styles.css'), 'utf8');
  const pages: Record<string, string> = {};
  for (const name of UI_PAGES) {
    const html = readFileSync(join(UI_DIR, `${name}.html`), 'utf8');
    const script = await bundlePageScript(name);
    pages[name] = inline(name, html, script, css);
  }
  return pages;
}

async function bundlePageScript(name: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [join(UI_DIR, `${name}.ts`)],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      write: false,
      charset: 'utf8',
      legalComments: 'none',
      tsconfig: join(UI_DIR, 'tsconfig.json'),
      logLevel: 'silent',
    });
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output');
    return file.text;
  } catch (cause) {
    throw new UiBuildError(`Could not bundle apps-script/ui/${name}.ts`, 'UI.BUNDLE_FAILED', { cause });
  }
}

function inline(name: string, html: string, script: string, css: string): string {
  for (const marker of [SCRIPT_MARKER, STYLE_MARKER]) {
    if (!html.includes(marker)) {
      throw new UiBuildError(`apps-script/ui/${name}.html has no ${marker} marker`, 'UI.MARKER_MISSING');
    }
  }
  const safeScript = escapeClosingTag(script, 'script');
  const safeCss = escapeClosingTag(css, 'style');
  if (safeScript.includes('<?') || safeCss.includes('<?')) {
    throw new UiBuildError(
      `The bundle for ${name} contains "<?", which HtmlService templates would read as a scriptlet`,
      'UI.SCRIPTLET_IN_BUNDLE',
    );
  }
  // Function replacers: a `$&` or `$'` inside the bundle must not be read as a replacement pattern.
  return html
    .replace(STYLE_MARKER, () => `<style>\n${safeCss}</style>`)
    .replace(SCRIPT_MARKER, () => `<script>${safeScript}</script>`);
}

/**
 * `</script` inside a string or regex literal would close the element; `<\/script` means the same
 * to JavaScript (and `<\/style` the same to CSS, where `\/` is an escaped slash).
 */
function escapeClosingTag(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(ROOT, 'apps-script', 'dist'));
  mkdirSync(outDir, { recursive: true });
  const pages = await buildUiPages();
  for (const [name, html] of Object.entries(pages)) {
    writeFileSync(join(outDir, `${name}.html`), html);
    console.log(`${name}.html  ${html.length} bytes`);
  }
}
