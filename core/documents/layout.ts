// Line breaking and column fitting shared by the text renderer (widths in characters) and the PDF
// renderer (widths in points), so both wrap and align a document the same way.

/** Width of a string in the renderer's unit: characters for text, points for PDF. */
export type Measure = (text: string) => number;

/** Width in characters, counting code points so an accented or non-Latin name is not over-counted. */
export const charWidth: Measure = (text) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/**
 * Breaks text into lines no wider than `maxWidth`: at spaces where possible, inside a word only
 * when the word alone is wider than a line (a long URL or id). Line breaks in the text are kept;
 * runs of spaces collapse to one. An empty text gives one empty line, so a blank line still
 * takes its place. `measure` must be additive (no kerning), as both renderers' are: each word is
 * measured once, which keeps a long document's layout linear in its length.
 *
 * @example wrapText('one two three', 7, charWidth) // ['one two', 'three']
 */
export function wrapText(text: string, maxWidth: number, measure: Measure): string[] {
  const out: string[] = [];
  // Sums of widths differ from a width measured whole in the last bits; do not wrap over that.
  const limit = maxWidth + 1e-6;
  const space = measure(' ');
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    let width = 0;
    for (const word of paragraph.split(/[ \t]+/)) {
      if (word === '') continue;
      const w = measure(word);
      if (line !== '' && width + space + w <= limit) {
        line += ` ${word}`;
        width += space + w;
        continue;
      }
      if (line !== '') out.push(line);
      if (w <= limit) {
        line = word;
        width = w;
        continue;
      }
      const pieces = splitWord(word, limit, measure);
      out.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1]!;
      width = measure(line);
    }
    out.push(line);
  }
  return out;
}

/** A word wider than a line cut into pieces that fit (at least one character per piece). */
function splitWord(word: string, maxWidth: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let piece = '';
  let width = 0;
  for (const ch of word) {
    const w = measure(ch);
    if (piece !== '' && width + w > maxWidth) {
      pieces.push(piece);
      piece = '';
      width = 0;
    }
    piece += ch;
    width += w;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * Column widths for a table that must fit `available` (gaps between columns already taken out).
 * Columns keep their natural width when everything fits; otherwise the widest columns give way
 * first, never below `minWidth` (or their natural width, if that is smaller), so a narrow amount
 * column stays whole while a long description wraps.
 *
 * @example fitColumns([10, 40, 12], 40, 4) // [10, 18, 12]
 */
export function fitColumns(natural: readonly number[], available: number, minWidth: number): number[] {
  const widths = [...natural];
  let excess = widths.reduce((s, w) => s + w, 0) - available;
  while (excess > 1e-9) {
    const floorOf = (i: number) => Math.min(natural[i]!, minWidth);
    const shrinkable = widths.map((_, i) => i).filter((i) => widths[i]! > floorOf(i) + 1e-9);
    if (shrinkable.length === 0) break;
    const widest = Math.max(...shrinkable.map((i) => widths[i]!));
    const atWidest = shrinkable.filter((i) => widths[i]! >= widest - 1e-9);
    const others = shrinkable.filter((i) => widths[i]! < widest - 1e-9);
    // Shrink the widest columns together down to the next width (or their floor), then repeat.
    const next = others.length > 0 ? Math.max(...others.map((i) => widths[i]!)) : 0;
    const room = Math.min(...atWidest.map((i) => widest - Math.max(next, floorOf(i))));
    const step = Math.min(room, excess / atWidest.length);
    for (const i of atWidest) widths[i] = widths[i]! - step;
    excess -= step * atWidest.length;
  }
  return widths;
}
