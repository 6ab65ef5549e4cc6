// Tests for core/documents/mailed.ts: the mailed statement and the day's letters, with the same content as the emails.
import { describe, expect, it } from 'vitest';
import { buildClientStatement } from '../../../core/collections/client-statement.js';
import { planCollections } from '../../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import {
  type OfficeContact,
  type ReminderContext,
  renderReminder,
} from '../../../core/collections/templates.js';
import {
  addressLines,
  formatShortDate,
  lettersForToday,
  mailedStatementDocument,
  reminderLetterBlocks,
} from '../../../core/documents/mailed.js';
import { renderText } from '../../../core/documents/render.js';
import { buildBook } from '../../../core/ledger/book.js';
import { zonedInstant } from '../../../core/ledger/dates.js';
import { adjustment, customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const OFFICE: OfficeContact = {
  name: 'Harbor Dental Group LLC',
  tradingName: 'Harbor Dental',
  address: '1 Quay St\nBoston, MA 02110',
  phone: '555-0100',
  email: 'billing@harbor.example',
  signature: 'Maria Lopez',
  footer: 'Harbor Dental Group LLC is the creditor.',
  payment: { bankTransfer: 'Account: 000123', chequePayee: 'Harbor Dental Group LLC' },
};
const AS_OF = '2026-11-23';
const squash = (s: string) => s.replace(/\s+/g, ' ');

function ledger() {
  return ledgerOf({
    customers: [
      customer('C-1', {
        name: 'Nguyễn Văn An',
        email: 'an@example.com',
        address: '12 Elm St, Apt 4, Springfield, IL 62701',
      }),
      customer('C-2', { name: 'No Address', email: 'no-address@example.com' }),
    ],
    invoices: [invoice('INV-1', 'C-1', '2026-09-01', 100000), invoice('INV-2', 'C-2', '2026-09-01', 50000)],
    adjustments: [adjustment('ADJ-4', 'C-1', 'late-fee', '2026-09-01', 2500, { invoiceId: 'INV-1' })],
  });
}

describe('documents/mailed', () => {
  describe('addressLines', () => {
    it.each([
      ['12 Elm St, Springfield, IL 62701', ['12 Elm St', 'Springfield, IL 62701']],
      ['400 Park Ave, 12th Floor, New York, NY 10022', ['400 Park Ave, 12th Floor', 'New York, NY 10022']],
      ['1 Quay St\nBoston, MA 02110', ['1 Quay St', 'Boston, MA 02110']],
      ['Somewhere', ['Somewhere']],
      [undefined, []],
    ])('breaks %j into %j', (address, lines) => {
      expect(addressLines(address)).toEqual(lines);
    });
  });

  describe('formatShortDate', () => {
    it('returns a date people read at a glance', () => {
      expect(formatShortDate('2026-03-05')).toBe('5 Mar 2026');
    });
  });

  describe('mailedStatementDocument', () => {
    it('returns a letterhead, the window address, pay-by date, labelled items with a total, payment instructions and remit-to', () => {
      const statement = buildClientStatement(ledger(), 'C-1', AS_OF);
      const doc = mailedStatementDocument(statement, {
        office: OFFICE,
        recipient: { customerId: 'C-1', name: 'Nguyễn Văn An', address: '12 Elm St, Springfield, IL 62701' },
        payBy: '2026-12-03',
      });
      const head = doc.blocks[0]!;
      expect(head).toMatchObject({
        kind: 'letterhead',
        office: {
          name: 'Harbor Dental',
          lines: [
            'Harbor Dental Group LLC',
            '1 Quay St',
            'Boston, MA 02110',
            '555-0100 · billing@harbor.example',
          ],
        },
        recipient: ['Nguyễn Văn An', '12 Elm St', 'Springfield, IL 62701'],
        fields: [
          ['Statement date', '23 November 2026'],
          ['Account', 'C-1'],
          ['Pay by', '3 December 2026'],
        ],
      });
      const text = renderText(doc);
      const flat = squash(text);
      expect(flat).toContain(
        'On 23 November 2026 your balance is USD 1,025.00. Please pay by 3 December 2026.',
      );
      expect(text).toMatch(/Invoice INV-1\s+1 Sep 2026\s+1 Sep 2026/);
      const table = doc.blocks.find((b) => b.kind === 'table');
      expect(table?.kind === 'table' && table.rows.map((r) => r[0])).toContain(
        'Late fee on invoice INV-1 (ADJ-4)',
      );
      expect(text).toMatch(/Total open USD\s+USD 1,025.00/);
      expect(text).toContain('Account: 000123');
      expect(text).toContain(
        'Send payments and letters to (remit to):\nHarbor Dental Group LLC\n1 Quay St\nBoston, MA 02110',
      );
      expect(doc.footer).toBe('Harbor Dental Group LLC is the creditor.');
    });
  });

  describe('reminderLetterBlocks', () => {
    it('returns the same wording, figures and signature as the email of the stage, without the opt-out', () => {
      const ctx: ReminderContext = {
        office: OFFICE,
        customerName: 'Nguyễn Văn An',
        amounts: [{ currency: 'USD', amountMinor: 102500 }],
        openInvoices: [
          { invoiceId: 'INV-1', dueDate: '2026-08-01', currency: 'USD', openMinor: 100000 },
          {
            invoiceId: 'ADJ-4',
            dueDate: '2026-09-01',
            currency: 'USD',
            openMinor: 2500,
            kind: 'late-fee',
            onInvoiceId: 'INV-1',
          },
        ],
        payBy: '2026-12-03',
      };
      const email = renderReminder(
        { kind: 'reminder', tone: 'firm' },
        { ...ctx, unsubscribeUrl: 'https://x.example/u' },
      );
      const letter = renderText({
        title: 'letter',
        blocks: reminderLetterBlocks({ kind: 'reminder', tone: 'firm' }, ctx, {
          recipient: { customerId: 'C-1', name: 'Nguyễn Văn An' },
          asOf: AS_OF,
        }),
      });
      const paragraphs = email.text
        .split('\n\n')
        .filter(
          (p) =>
            !p.includes('opt out') &&
            !p.includes('Harbor Dental Group LLC is the creditor') &&
            !/^Item/.test(p),
        );
      for (const p of paragraphs)
        expect(letter.replace(/\s+/g, ' ')).toContain(p.replace(/\s+/g, ' ').trim());
      expect(letter).toContain(email.subject);
      expect(letter).not.toContain('opt out');
    });
  });

  describe('lettersForToday', () => {
    it('returns one letter per debtor the plan writes to, in the wording of the stage (a final notice here)', () => {
      const l = ledger();
      const book = buildBook(l, AS_OF);
      // Catch-up mode: 83 days past due, the final demand (letter and email) is the stage due.
      const policy = { ...DEFAULT_POLICY, mode: 'catch-up' as const };
      const plan = planCollections({
        ledger: l,
        book,
        policy,
        asOf: AS_OF,
        now: zonedInstant(AS_OF, 9, 'UTC'),
        defaultTimeZone: 'UTC',
      });
      const letters = lettersForToday({ ledger: l, book, plan, policy, office: OFFICE, asOf: AS_OF });
      // C-2 has no postal address: the planner blocks its letter (address/missing-letter).
      expect(plan.blocked.map((b) => [b.customerId, b.channel, b.rule])).toContainEqual([
        'C-2',
        'letter',
        'address/missing-letter',
      ]);
      expect(letters.map((x) => [x.customerId, x.stage])).toEqual([['C-1', 'final-demand']]);
      const one = letters[0]!;
      expect('blocks' in one).toBe(true);
      if (!('blocks' in one)) return;
      const text = renderText({ title: 't', blocks: one.blocks });
      expect(text).toContain('Nguyễn Văn An\n12 Elm St, Apt 4\nSpringfield, IL 62701');
      expect(squash(text)).toContain(
        'This is our final notice about USD 1,025.00 that is past due on the following:',
      );
      expect(squash(text)).toMatch(/handed over to a collection agency or attorney after \d+ \w+ 20\d\d/);
      expect(text).toContain('Sincerely,\nMaria Lopez\nHarbor Dental');
    });
  });
});
