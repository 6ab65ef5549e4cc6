// Text for the PDF standard fonts, which can only draw WinAnsi (Windows-1252) characters: common
// Unicode punctuation becomes its ASCII look-alike, accents outside Latin-1 are dropped, and any
// other character becomes a visible "?" instead of making pdf-lib throw.

/**
 * The characters Windows-1252 has at 0x80-0x9F (smart quotes, dashes, the euro sign, ...), one per
 * byte in order; `\0` marks the five bytes it leaves undefined.
 */
const CP1252_HIGH = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

/** Stands in for a character the standard fonts cannot draw; visible, so a clerk notices it. */
export const REPLACEMENT = '?';

/** Unicode characters with a plain look-alike that WinAnsi lacks. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '\t': ' ',
  '\r': ' ',
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u201b': "'", // reversed single quote
  '\u201f': '"', // reversed double quote
  '\u2024': '.', // one-dot leader
  '\u2027': '-', // hyphenation point
  '\u2043': '-', // hyphen bullet
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2713': 'x', // check mark
  '\u2714': 'x',
  '\u2610': '[ ]',
  '\u2611': '[x]',
  '\u2612': '[x]',
  '\u0141': 'L', // Ł has no decomposition
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
};

/** True for the characters the PDF standard fonts (WinAnsi encoding) can draw. */
export function isWinAnsi(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || (cp > 0xff && CP1252_HIGH.includes(ch));
}

/** Zero-width and spacing characters that draw as nothing or as a plain space. */
const SPACES = /[\u2000-\u200a\u202f\u205f\u3000]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/**
 * `text` with every character the standard PDF fonts can draw: WinAnsi characters (including
 * `’`, `–` and Latin-1 accents such as `é`) are kept, other spaces and dashes become their ASCII
 * look-alikes, letters with accents outside Latin-1 lose the accent (`ř` -> `r`), and anything
 * else (e.g. a name in Chinese or Cyrillic script, an emoji) becomes `?` per character.
 *
 * @example toWinAnsi('Dvořák – 王') // 'Dvorák – ?'
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(SPACES, ' ').replace(INVISIBLE, '')) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch in LOOK_ALIKES) out += LOOK_ALIKES[ch];
    else out += withoutAccents(ch);
  }
  return out;
}

function withoutAccents(ch: string): string {
  const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return base !== '' && [...base].every(isWinAnsi) ? base : REPLACEMENT;
}

/** Two hex digits per WinAnsi character, built once. */
const HEX = new Map<string, string>();
for (let b = 0x20; b <= 0xff; b++) {
  const ch = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
  if (isWinAnsi(ch)) HEX.set(ch, b.toString(16).toUpperCase().padStart(2, '0'));
}

/**
 * Text already passed through {@link toWinAnsi} as the hex string a PDF `Tj` shows, in the
 * standard fonts' WinAnsi encoding (`’` is 0x92). A character outside WinAnsi is a bug in the
 * caller and throws.
 */
export function winAnsiHex(text: string): string {
  let out = '';
  for (const ch of text) {
    const hex = HEX.get(ch);
    if (hex === undefined)
      throw new RangeError(`U+${ch.codePointAt(0)!.toString(16)} is not a WinAnsi character`);
    out += hex;
  }
  return out;
}
