// Text for the standard PDF fonts: what is kept, mapped or replaced, checked against pdf-lib itself.
import fc from 'fast-check';
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWinAnsi, REPLACEMENT, toWinAnsi, winAnsiHex } from '../../../lambdas/documents/win-ansi.js';

describe('lambdas/documents/win-ansi', () => {
  let helvetica: PDFFont;

  beforeAll(async () => {
    helvetica = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  });

  describe('toWinAnsi', () => {
    it.each([
      ['Zoë O’Neil – “quoted” …', 'Zoë O’Neil – “quoted” …'],
      ['Dvořák', 'Dvorák'],
      ['Łukasz Żółć', 'Lukasz Zólc'],
      ['non‐breaking‑hyphen − minus', 'non-breaking-hyphen - minus'],
      ['a\u00a0b\u2009c\u200bd', 'a\u00a0b cd'],
      ['≤ 5 → ≥ 3', '<= 5 -> >= 3'],
      ['王芳', '??'],
      ['Иван', '????'],
      ['ok 👍', 'ok ?'],
    ])('returns %j as %j', (input, expected) => {
      expect(toWinAnsi(input)).toBe(expected);
    });

    it('returns text pdf-lib can encode for any input (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
          const out = toWinAnsi(text.replace(/[\n]/g, ' '));
          expect(() => helvetica.encodeText(out)).not.toThrow();
          expect(() => helvetica.widthOfTextAtSize(out, 11)).not.toThrow();
        }),
      );
    });
  });

  describe('isWinAnsi', () => {
    it('returns true exactly for the characters the standard font encodes', () => {
      const supported = new Set(helvetica.getCharacterSet());
      for (let cp = 0x20; cp <= 0x2122; cp++) {
        const ch = String.fromCodePoint(cp);
        expect(isWinAnsi(ch), `U+${cp.toString(16)}`).toBe(supported.has(cp));
      }
      expect(isWinAnsi(REPLACEMENT)).toBe(true);
    });
  });

  describe('winAnsiHex', () => {
    it('returns the same bytes pdf-lib writes for every character the standard font encodes', () => {
      const chars = helvetica
        .getCharacterSet()
        .map((cp) => String.fromCodePoint(cp))
        .filter(isWinAnsi);
      expect(chars.length).toBeGreaterThan(200);
      for (const ch of chars) expect(`<${winAnsiHex(ch)}>`, ch).toBe(helvetica.encodeText(ch).toString());
    });

    it('throws for a character outside WinAnsi', () => {
      expect(() => winAnsiHex('王')).toThrow('U+738b is not a WinAnsi character');
    });
  });
});
