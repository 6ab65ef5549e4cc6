// Text and HTML rendering of document blocks: wrapping, alignment, checklists, escaping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, DocumentModel } from '../../../core/documents/document.js';
import { charWidth, fitColumns, wrapText } from '../../../core/documents/layout.js';
import { renderHtml, renderText, TEXT_WIDTH } from '../../../core/documents/render.js';

const doc = (...blocks: Block[]): DocumentModel => ({ title: 'Test', blocks });

const LONG =
  'The enclosed medical records and the statement of the treating physician document the condition, the treatment considered and why the service was required on the date of service.';

describe('core/documents/layout', () => {
  describe('wrapText', () => {
    it('returns lines no wider than the limit, breaking at spaces', () => {
      // Act
      const lines = wrapText('one two three four', 9, charWidth);
      // Assess
      expect(lines).toEqual(['one two', 'three', 'four']);
    });

    it('returns a word longer than a line cut into pieces, and keeps line breaks', () => {
      expect(wrapText('ab https://example.org/very/long\nnext', 10, charWidth)).toEqual([
        'ab',
        'https://ex',
        'ample.org/',
        'very/long',
        'next',
      ]);
    });

    it('keeps every word in order and every line within the width (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.stringMatching(/^[a-zA-Zé’0-9.,-]{1,30}$/), { maxLength: 40 }),
          fc.integer({ min: 5, max: 80 }),
          (words, width) => {
            const lines = wrapText(words.join(' '), width, charWidth);
            expect(lines.every((l) => charWidth(l) <= width)).toBe(true);
            // Words cut across lines are the only change: joining everything gives the words back.
            expect(lines.join('').replaceAll(' ', '')).toBe(words.join(''));
          },
        ),
      );
    });
  });

  describe('fitColumns', () => {
    it('returns natural widths when they fit and shrinks the widest column first otherwise', () => {
      expect(fitColumns([10, 20], 40, 5)).toEqual([10, 20]);
      expect(fitColumns([10, 40, 12], 40, 4)).toEqual([10, 18, 12]);
    });

    it('returns widths that fit whenever the floors do, never below a floor (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 20, max: 400 }),
          (natural, available) => {
            const min = 8;
            const widths = fitColumns(natural, available, min);
            const floors = natural.map((n) => Math.min(n, min));
            widths.forEach((w, i) => {
              expect(w).toBeGreaterThanOrEqual(floors[i]! - 1e-6);
              expect(w).toBeLessThanOrEqual(natural[i]! + 1e-6);
            });
            const total = widths.reduce((s, w) => s + w, 0);
            const floorTotal = floors.reduce((s, w) => s + w, 0);
            expect(total).toBeLessThanOrEqual(Math.max(available, floorTotal) + 1e-6);
          },
        ),
      );
    });
  });
});

describe('core/documents/render', () => {
  describe('renderText', () => {
    it('returns paragraphs wrapped at 78 columns with no words lost', () => {
      // Act
      const text = renderText(doc({ kind: 'paragraph', text: LONG }));
      // Assess
      const lines = text.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.every((l) => l.length <= TEXT_WIDTH)).toBe(true);
      expect(lines.join(' ')).toBe(LONG);
    });

    it('returns headings underlined by level and fields with their values aligned', () => {
      const text = renderText(
        doc(
          { kind: 'heading', level: 1, text: 'Appeal' },
          { kind: 'heading', level: 2, text: 'Claim' },
          {
            kind: 'fields',
            rows: [
              ['Patient', 'Ana Ruiz'],
              ['Payer claim number', '2026111800123'],
            ],
          },
        ),
      );
      expect(text).toContain('Appeal\n======\n');
      expect(text).toContain('Claim\n-----\n');
      const [a, b] = text.split('\n').filter((l) => l.startsWith('Patient') || l.startsWith('Payer'));
      expect(a!.indexOf('Ana Ruiz')).toBe(b!.indexOf('2026111800123'));
    });

    it('returns tables with right-aligned columns ending in the same column', () => {
      const text = renderText(
        doc({
          kind: 'table',
          columns: [{ header: 'Item' }, { header: 'Amount', align: 'right' }],
          rows: [
            ['Billed', 'USD 1,485.00'],
            ['Paid', 'USD 0.00'],
          ],
        }),
      );
      const lines = text.trimEnd().split('\n');
      expect(lines[1]).toMatch(/^-+ {2}-+$/);
      const ends = lines.filter((l) => /USD|Amount/.test(l)).map((l) => l.length);
      expect(new Set(ends).size).toBe(1);
    });

    it('returns a too-wide table with cells wrapped inside their columns', () => {
      const text = renderText(
        doc({ kind: 'table', columns: [{ header: 'Code' }, { header: 'Reason' }], rows: [['CO-50', LONG]] }),
      );
      const lines = text.trimEnd().split('\n');
      expect(lines.every((l) => l.length <= TEXT_WIDTH)).toBe(true);
      const column = lines[0]!.indexOf('Reason');
      expect(lines.slice(3).every((l) => l.slice(0, column).trim() === '')).toBe(true);
      expect(
        lines
          .slice(2)
          .map((l) => l.slice(column))
          .join(' '),
      ).toBe(LONG);
    });

    it('returns checklists as [ ] and [x], a page break as a form feed, and the footer last', () => {
      const text = renderText({
        ...doc(
          { kind: 'checklist', items: [{ text: 'EOB', checked: true }, { text: 'Records' }] },
          { kind: 'pageBreak' },
          { kind: 'lines', lines: ['Sincerely,', '', 'Dana'] },
        ),
        footer: 'Page footer',
      });
      expect(text).toBe('[x] EOB\n[ ] Records\n\n\f\n\nSincerely,\n\nDana\n\nPage footer\n');
    });
  });

  describe('renderHtml', () => {
    const evil = '<script>alert("x")</script> & \'q\'';
    const everyBlock: Block[] = [
      { kind: 'heading', level: 1, text: evil },
      { kind: 'paragraph', text: `${evil}\nsecond line` },
      { kind: 'lines', lines: [evil] },
      { kind: 'fields', rows: [[evil, evil]] },
      { kind: 'table', columns: [{ header: evil }, { header: 'n', align: 'right' }], rows: [[evil, '1']] },
      { kind: 'checklist', items: [{ text: evil, checked: true }, { text: 'open' }] },
      { kind: 'pageBreak' },
    ];

    it('returns a complete page with every string escaped', () => {
      // Act
      const html = renderHtml({ title: evil, blocks: everyBlock, footer: evil });
      // Assess
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).not.toContain('<script');
      // Title, 5 blocks with one copy, fields (2), table cell, checklist item, footer.
      expect(
        html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;').length - 1,
      ).toBe(10);
      expect(html).toContain('second line');
      expect(html).toMatch(/<br>second line/);
    });

    it('returns a page that loads nothing from outside and marks page breaks and checked items', () => {
      const html = renderHtml({ title: 'T', blocks: everyBlock });
      expect(html).not.toMatch(/\b(src|href)=|url\(|@import|<link|https?:/i);
      expect(html).toContain('class="page-break"');
      expect(html).toContain('&#9746;');
      expect(html).toContain('&#9744;');
      expect(html).toContain('class="num"');
    });
  });
});
