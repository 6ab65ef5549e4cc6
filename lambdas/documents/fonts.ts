// The Unicode font every PDF is set in (Duebook Sans: a subset of DejaVu Sans, see fonts/README.md),
// found beside the sources, the CLI's build or a Lambda bundle, and read once per process.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FONT_FILES = { regular: 'DuebookSans.ttf', bold: 'DuebookSans-Bold.ttf' } as const;

/** Where the fonts may be, relative to this module once bundled or not. */
const CANDIDATES = [
  './fonts/',
  '../fonts/',
  '../documents/fonts/',
  '../../lambdas/documents/fonts/',
  '../../../lambdas/documents/fonts/',
];

let cached: { regular: Uint8Array; bold: Uint8Array } | undefined;

/** The font files' bytes; throws naming the places looked in when they are missing. */
export function fontBytes(): { regular: Uint8Array; bold: Uint8Array } {
  if (cached) return cached;
  for (const dir of CANDIDATES) {
    const regular = fileURLToPath(new URL(`${dir}${FONT_FILES.regular}`, import.meta.url));
    const bold = fileURLToPath(new URL(`${dir}${FONT_FILES.bold}`, import.meta.url));
    if (existsSync(regular) && existsSync(bold)) {
      cached = { regular: readFileSync(regular), bold: readFileSync(bold) };
      return cached;
    }
  }
  throw new Error(
    `the PDF fonts (${FONT_FILES.regular}, ${FONT_FILES.bold}) are not beside ${fileURLToPath(import.meta.url)} (looked in ${CANDIDATES.join(', ')})`,
  );
}
