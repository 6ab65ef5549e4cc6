// "Draft appeal letter": for the selected Claims row, core drafts the letter; it is written into a
// new Google Doc and linked in the row's Appeal Letter column.
import { AppealLetterError, draftAppealLetter, type OfficeProfile } from '../../core/claims/appeal-letter.js';
import type { Block } from '../../core/documents/document.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { readLedgerRows } from './aging-tab.js';
import { createApiClient } from './api-client.js';
import { safeCell } from './cells.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';
import { readLedgerTab } from './sheets/ledger-tab.js';
import { today } from './sidebar.js';

export interface AppealDraft {
  url: string;
  summary: string;
  warnings: string[];
}

/** The office as the API knows it; bracketed placeholders (listed as warnings) when unreachable. */
export function officeProfile(gas: Gas): OfficeProfile {
  const fallback: OfficeProfile = { name: '[Office name]', addressLines: ['[Office address]'] };
  try {
    const answer = createApiClient(gas, readSettings(gas).backendUrl).one({
      method: 'get',
      path: '/v1/settings',
    });
    if (answer.status !== 200) return fallback;
    const s = answer.body as { officeName?: string; officeEmail?: string; officePhone?: string };
    return {
      name: s.officeName ?? fallback.name,
      addressLines: fallback.addressLines,
      ...(s.officePhone ? { phone: s.officePhone } : {}),
      ...(s.officeEmail ? { email: s.officeEmail } : {}),
    };
  } catch {
    return fallback;
  }
}

export function draftAppealForSelection(gas: Gas): AppealDraft {
  const ss = gas.spreadsheet.getActive();
  const sheet = ss.getActiveSheet();
  const row = ss.getActiveRange()?.getRow() ?? 0;
  if (sheet.getName() !== 'Claims' || row < 2) {
    throw new AddonError(
      'no-selection',
      'Select a row on the Claims tab, then choose Draft appeal letter.',
      'APPEAL.NO_SELECTION',
    );
  }
  const { ledger, problems } = parseLedger(readLedgerRows(ss));
  const claim = ledger.claims.find((c) => c.row === row);
  if (!claim) {
    const why = problems
      .filter((p) => p.tab === 'Claims' && p.row === row)
      .map((p) => `${p.column} ${p.message}`);
    throw new AddonError(
      'invalid',
      `Claims row ${row} cannot be read${why.length ? `: ${why.join('; ')}` : ''}.`,
      'APPEAL.ROW_INVALID',
    );
  }
  const patient = ledger.customers.find((c) => c.customerId === claim.customerId)!;
  let letter: ReturnType<typeof draftAppealLetter>;
  try {
    letter = draftAppealLetter({ claim, patient, office: officeProfile(gas), asOf: today(gas, ss) });
  } catch (e) {
    if (e instanceof AppealLetterError) throw new AddonError('invalid', e.message, e.code);
    throw e;
  }
  const doc = gas.documents.create(letter.document.title);
  const body = doc.getBody();
  for (const block of letter.document.blocks) appendBlock(gas, body, block);
  if (letter.document.footer) body.appendParagraph(letter.document.footer);
  doc.saveAndClose();
  const url = doc.getUrl();
  const tab = readLedgerTab(ss, 'Claims')!;
  const at = tab.index.get('appealLetter') ?? -1;
  if (at >= 0) {
    tab.sheet.getRange(row, at + 1).setRichTextValue(
      gas.spreadsheet
        .newRichTextValue()
        .setText(String(safeCell(letter.summary)))
        .setLinkUrl(url)
        .build(),
    );
  }
  return { url, summary: letter.summary, warnings: letter.warnings };
}

function appendBlock(gas: Gas, body: GoogleAppsScript.Document.Body, block: Block): void {
  const heading = gas.documents.ParagraphHeading;
  switch (block.kind) {
    case 'heading':
      body
        .appendParagraph(block.text)
        .setHeading(
          block.level === 1 ? heading.HEADING1 : block.level === 2 ? heading.HEADING2 : heading.HEADING3,
        );
      return;
    case 'paragraph':
      body.appendParagraph(block.text);
      return;
    case 'lines':
      body.appendParagraph(block.lines.join('\n'));
      return;
    case 'fields':
      body.appendTable(block.rows.map(([label, value]) => [label, value]));
      return;
    case 'table':
      body.appendTable([block.columns.map((c) => c.header), ...block.rows]);
      return;
    case 'checklist':
      for (const item of block.items) body.appendListItem(`${item.checked ? '☑' : '☐'} ${item.text}`);
      return;
    case 'pageBreak':
      body.appendPageBreak();
      return;
    case 'letterhead':
      body.appendParagraph([block.office.name, ...block.office.lines].join('\n'));
      body.appendParagraph(block.recipient.join('\n'));
      body.appendTable(block.fields.map(([label, value]) => [label, value]));
      return;
  }
}
