// Document benchmarks: what renderPdf's layout costs over drawing the same lines with bare pdf-lib,
// and how ten pages of letters scale against one.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { type AppealLetter, draftAppealLetter } from '../core/claims/appeal-letter.js';
import type { Block, DocumentModel } from '../core/documents/document.js';
import { renderText } from '../core/documents/render.js';
import type { Claim, Customer } from '../core/ledger/ledger.js';
import { fontBytes } from '../lambdas/documents/fonts.js';
import { renderPdf } from '../lambdas/documents/pdf.js';
import { compareAsync } from './harness.js';

const CREATED = new Date('2026-11-23T14:00:00Z');

const claim: Claim = {
  row: 2,
  claimId: 'CLM-1001',
  customerId: 'P-1',
  payer: 'Blue Shield of Example',
  payerType: 'commercial',
  payerAddress: 'PO Box 272540\nChico, CA 95927',
  payerClaimNumber: '2026111800123',
  memberId: 'XYZ123456789',
  serviceFrom: '2026-09-14',
  billedMinor: 48_500,
  allowedMinor: 0,
  paidMinor: 0,
  currency: 'USD',
  status: 'denied',
  adjustmentCodes: ['CO-45', 'CO-50'],
  remarkCodes: [],
  denialDate: '2026-10-20',
  appealDeadline: '2027-04-18',
  appealStatus: 'none',
};

const patient: Customer = { row: 2, customerId: 'P-1', name: 'Ana Ruiz', flags: [] };

function letter(): AppealLetter {
  return draftAppealLetter({
    claim,
    patient,
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
}

/** Ten letters in one file, each starting a new page: ten times the one-page letter's content. */
function tenLetters(base: DocumentModel): DocumentModel {
  const blocks: Block[] = [];
  for (let i = 0; i < 10; i++)
    blocks.push(...(i === 0 ? [] : [{ kind: 'pageBreak' } as const]), ...base.blocks);
  return { ...base, blocks };
}

/**
 * Bare pdf-lib: the same embedded fonts (Duebook Sans, subset), one page, the letter's lines drawn
 * at fixed positions, no layout.
 */
async function barePage(lines: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const features = { kern: false, liga: false };
  const font = await pdf.embedFont(fontBytes().regular, { subset: true, features });
  await pdf.embedFont(fontBytes().bold, { subset: true, features });
  pdf.setTitle('bare');
  const page = pdf.addPage([612, 792]);
  let y = 750;
  for (const text of lines) {
    page.drawText(text, { x: 66, y, size: 10, font });
    y -= 12.5;
  }
  return pdf.save({ useObjectStreams: false });
}

/** Bare pdf-lib with a standard font (Helvetica: nothing embedded, nothing subset), the same lines. */
async function standardFontPage(lines: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  await pdf.embedFont(StandardFonts.HelveticaBold);
  pdf.setTitle('bare');
  const page = pdf.addPage([612, 792]);
  let y = 750;
  for (const text of lines) {
    page.drawText(text, { x: 66, y, size: 10, font });
    y -= 12.5;
  }
  return pdf.save({ useObjectStreams: false });
}

async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount();
}

export async function runDocumentBenchmarks(): Promise<void> {
  const one = letter().document;
  const onePdf = await renderPdf(one, { createdAt: CREATED });
  if ((await pageCount(onePdf)) !== 1) throw new Error('the benchmark letter must fit one page');
  // The baseline draws the same words: the letter's text lines (the text renderer wraps them).
  const lines = renderText(one)
    .split('\n')
    .filter((l) => l.trim() !== '');

  await compareAsync(
    'documents: one-page appeal letter, renderPdf vs bare pdf-lib drawing the same lines',
    () => renderPdf(one, { createdAt: CREATED }),
    () => barePage(lines),
    { aim: '<= 1.5x', note: `${lines.length} lines, ${onePdf.length} bytes` },
  );

  // What the embedded Unicode font still costs a small PDF once a process has made one (the parsed
  // font and its laid-out texts are kept across documents; each PDF still gets its own subset).
  await compareAsync(
    'documents.small_pdf_embedded_font_vs_standard_font',
    () => renderPdf(one, { createdAt: CREATED }),
    () => standardFontPage(lines),
    { aim: '<= 1.5x', note: 'one-page letter: renderPdf (Duebook Sans subset) vs bare pdf-lib in Helvetica' },
  );

  const ten = tenLetters(one);
  if ((await pageCount(await renderPdf(ten))) !== 10)
    throw new Error('the ten-letter document must be ten pages');
  await compareAsync(
    'documents: ten-page document vs one-page letter, renderPdf',
    () => renderPdf(ten, { createdAt: CREATED }),
    () => renderPdf(one, { createdAt: CREATED }),
    { aim: '<= 11x', note: 'the same letter ten times, each from a new page' },
  );
}
