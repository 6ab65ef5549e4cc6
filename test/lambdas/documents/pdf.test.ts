// The PDF renderer, read back with pdf-lib: pages, metadata, wrapping within the margins, page
// breaks between lines only, repeated table headers, page numbers and text the fonts cannot draw.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftAppealLetter } from '../../../core/claims/appeal-letter.js';
import type { Block, DocumentModel } from '../../../core/documents/document.js';
import { fontBytes } from '../../../lambdas/documents/fonts.js';
import { MARGIN, PAGE, renderPdf } from '../../../lambdas/documents/pdf.js';
import { claim } from '../../core/claims/claim-builders.js';
import { type DrawnText, drawnText, pageLines } from './pdf-text.js';

const CREATED = new Date('2026-11-23T15:04:05Z');
const WORDS =
  'the enclosed medical records and the statement of the treating physician document the condition and why the service was required';
const paragraph = (i: number): Block => ({ kind: 'paragraph', text: `Paragraph ${i}: ${WORDS}.` });

/** Text drawn inside the content area (not the footer), per page. */
const body = (pages: DrawnText[][]) => pages.map((p) => p.filter((t) => t.size !== 8));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('lambdas/documents/pdf', () => {
  let measure: (t: DrawnText) => number;

  beforeAll(async () => {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const features = { kern: false, liga: false };
    const fonts = {
      DuebookSans: await pdf.embedFont(fontBytes().regular, { features }),
      'DuebookSans-Bold': await pdf.embedFont(fontBytes().bold, { features }),
    };
    measure = (t) => fonts[t.font as keyof typeof fonts].widthOfTextAtSize(t.text, t.size);
  });

  describe('renderPdf', () => {
    it('returns a one-page US Letter PDF with every block text drawn', async () => {
      // Prepare
      const doc: DocumentModel = {
        title: 'Appeal - claim CLM-1',
        blocks: [
          { kind: 'heading', level: 1, text: 'RE: Appeal of Claim Denial' },
          { kind: 'lines', lines: ['Blue Shield of Example', 'PO Box 272540'] },
          { kind: 'fields', rows: [['Member ID', 'XYZ123456789']] },
          paragraph(1),
          {
            kind: 'table',
            columns: [{ header: 'Amount' }, { header: 'USD', align: 'right' }],
            rows: [['Billed', '1,485.00']],
          },
          {
            kind: 'checklist',
            items: [{ text: 'Remittance advice', checked: true }, { text: 'Medical records' }],
          },
        ],
      };
      // Act
      const bytes = await renderPdf(doc, { createdAt: CREATED });
      // Assess
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getPageCount()).toBe(1);
      expect(pdf.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
      const lines = (await pageLines(bytes))[0]!;
      const all = squash(lines.join(' '));
      for (const expected of [
        'RE: Appeal of Claim Denial',
        'Blue Shield of Example',
        'PO Box 272540',
        'Member ID XYZ123456789',
        squash(`Paragraph 1: ${WORDS}.`),
        'Amount USD',
        'Billed 1,485.00',
        'Remittance advice',
        'Medical records',
        'Page 1 of 1',
      ]) {
        expect(all).toContain(expected);
      }
    });

    it('returns the title and the given creation date as metadata, and the same bytes every time', async () => {
      const doc: DocumentModel = { title: 'Appeal – O’Neil', blocks: [paragraph(1)] };
      const bytes = await renderPdf(doc, { createdAt: CREATED, author: 'Maple Street' });
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(pdf.getTitle()).toBe('Appeal – O’Neil');
      expect(pdf.getAuthor()).toBe('Maple Street');
      expect(pdf.getCreationDate()?.toISOString()).toBe(CREATED.toISOString());
      expect(pdf.getModificationDate()?.toISOString()).toBe(CREATED.toISOString());
      expect(
        Buffer.from(await renderPdf(doc, { createdAt: CREATED, author: 'Maple Street' })).equals(
          Buffer.from(bytes),
        ),
      ).toBe(true);
      const undated = await PDFDocument.load(await renderPdf(doc), { updateMetadata: false });
      expect(undated.getCreationDate()).toBeUndefined();
    });

    it('returns every line within the page margins, wrapped by measured width', async () => {
      const wide = 'W'.repeat(30);
      const bytes = await renderPdf({
        title: 'Wrap',
        blocks: [
          paragraph(1),
          {
            kind: 'paragraph',
            text: `${wide} ${wide} ${wide} mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm`,
          },
          { kind: 'fields', rows: [['A rather long label for a field', WORDS]] },
          {
            kind: 'table',
            columns: [{ header: 'Code' }, { header: 'Reason' }, { header: 'Amount', align: 'right' }],
            rows: [['CO-50', WORDS, 'USD 1.00']],
          },
          { kind: 'checklist', items: [{ text: WORDS }] },
        ],
      });
      const drawn = (await drawnText(bytes)).flat();
      expect(drawn.length).toBeGreaterThan(12);
      for (const t of drawn) {
        expect(t.x).toBeGreaterThanOrEqual(MARGIN.left - 0.01);
        expect(t.x + measure(t)).toBeLessThanOrEqual(PAGE.width - MARGIN.right + 0.01);
      }
    });

    it('returns page breaks between table rows only, with the header repeated and rows in order', async () => {
      // Prepare: 80 rows whose description wraps onto a second line.
      const rows = Array.from({ length: 80 }, (_, i) => [
        `R${i}`,
        `start-${i} ${WORDS} ${WORDS.slice(0, 40)} end-${i}`,
        `USD ${i}.00`,
      ]);
      // Act
      const bytes = await renderPdf({
        title: 'Long table',
        blocks: [
          { kind: 'heading', level: 1, text: 'Services' },
          {
            kind: 'table',
            columns: [{ header: 'Line' }, { header: 'Description' }, { header: 'Amount', align: 'right' }],
            rows,
          },
        ],
      });
      // Assess
      const pages = await pageLines(bytes);
      expect(pages.length).toBeGreaterThan(2);
      const seen: number[] = [];
      pages.forEach((lines, p) => {
        const content = lines.slice(0, -1);
        expect(content[p === 0 ? 1 : 0]).toBe('Line Description Amount');
        const text = content.join(' ');
        for (const m of text.matchAll(/start-(\d+)/g)) {
          seen.push(Number(m[1]));
          // The end of the same row is on the same page.
          expect(text).toContain(`end-${m[1]} `.trimEnd());
        }
      });
      expect(seen).toEqual(rows.map((_, i) => i));
    });

    it('returns "Page N of M" and the footer on every page', async () => {
      const bytes = await renderPdf({
        title: 'Footer',
        footer: 'Maple Street Family Medicine - appeal of claim CLM-1',
        blocks: Array.from({ length: 40 }, (_, i) => paragraph(i)),
      });
      const pages = await drawnText(bytes);
      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((page, i) => {
        const small = page.filter((t) => t.size === 8).map((t) => t.text);
        expect(small).toEqual([
          'Page ' + (i + 1) + ' of ' + pages.length,
          'Maple Street Family Medicine - appeal of claim CLM-1',
        ]);
        // Footer below the content.
        const lowest = Math.min(...page.filter((t) => t.size !== 8).map((t) => t.y));
        expect(lowest).toBeGreaterThan(Math.max(...page.filter((t) => t.size === 8).map((t) => t.y)) + 8);
      });
      // Every paragraph's words come through, in order, across the pages.
      const text = squash(
        body(pages)
          .flat()
          .map((t) => t.text)
          .join(' '),
      );
      expect(text).toBe(squash(Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${WORDS}.`).join(' ')));
    });

    it('returns a new page at a page break, and keeps a heading and an address block with their lines', async () => {
      // Prepare: find how many paragraphs leave room on page 1 for the heading alone but not for
      // the address after it, so the heading would be stranded if it were not kept with the address.
      const heading: Block = { kind: 'heading', level: 2, text: 'Heading H' };
      const address: Block = { kind: 'lines', lines: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'] };
      const pagesOf = async (blocks: Block[]) =>
        (await pageLines(await renderPdf({ title: 'Breaks', blocks }))).map((p) => p.slice(0, -1));
      const page = (pages: string[][], line: string) => pages.findIndex((p) => p.includes(line));
      let n = 1;
      for (; n < 60; n++) {
        const filler = Array.from({ length: n }, (_, i) => paragraph(i));
        const alone = page(await pagesOf([...filler, heading]), 'Heading H');
        const withAddress = page(await pagesOf([...filler, heading, address]), 'Heading H');
        if (alone === 0 && withAddress === 1) break;
      }
      expect(n).toBeLessThan(60);
      // Act
      const pages = await pagesOf([
        ...Array.from({ length: n }, (_, i) => paragraph(i)),
        heading,
        address,
        { kind: 'pageBreak' },
        { kind: 'paragraph', text: 'After the break' },
      ]);
      // Assess
      expect(page(pages, 'Heading H')).toBe(1);
      expect(address.lines.map((l) => page(pages, l))).toEqual(address.lines.map(() => 1));
      expect(page(pages, 'After the break')).toBe(2);
      expect(pages.at(-1)).toEqual(['After the break']);
    });

    it('returns a one-page PDF for an appeal letter with one denial reason', async () => {
      const letter = draftAppealLetter({
        claim: claim('CLM-1', {
          payer: 'Blue Shield of Example',
          payerAddress: 'PO Box 272540\nChico, CA 95927',
          payerClaimNumber: '2026111800123',
          memberId: 'XYZ123456789',
          submittedOn: undefined,
          billedMinor: 48_500,
          allowedMinor: 0,
          paidMinor: 0,
          status: 'denied',
          adjustmentCodes: ['CO-45', 'CO-50'],
          denialDate: '2026-10-20',
          appealDeadline: '2027-04-18',
        }),
        patient: { row: 2, customerId: 'P-1', name: 'Ana Ruiz', flags: [] },
        office: {
          name: 'Maple Street Family Medicine',
          addressLines: ['12 Maple Street, Suite 4', 'Springfield, IL 62701'],
          phone: '(217) 555-0142',
          npi: '1234567893',
          taxId: '12-3456789',
          signerName: 'Dana Reyes',
          signerTitle: 'Billing Manager',
        },
        asOf: '2026-11-23',
      });
      const pages = await pageLines(await renderPdf(letter.document));
      expect(pages).toHaveLength(1);
      expect(pages[0]!.at(-1)).toMatch(/Page 1 of 1$/);
    });

    it('returns names in any Latin, Greek or Cyrillic script as written, a character the font lacks as "?", and the title whole', async () => {
      const bytes = await renderPdf({
        title: 'Names – 王芳',
        blocks: [
          { kind: 'paragraph', text: 'Zoë O’Neil – Dvořák ‐ 王芳 ≤ 5 Łódź Nguyễn Văn Đặng Ελένη Юлия' },
        ],
      });
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(pdf.getTitle()).toBe('Names – 王芳');
      expect((await pageLines(bytes))[0]![0]).toBe(
        'Zoë O’Neil – Dvořák ‐ ?? ≤ 5 Łódź Nguyễn Văn Đặng Ελένη Юлия',
      );
    });
  });
});
