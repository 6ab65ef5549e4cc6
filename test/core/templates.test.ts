// Tests for core/collections/templates.ts: reminders, statement email and hand-over summary, with escaping and no clinical detail.
import { describe, expect, it } from 'vitest';
import { buildStatement } from '../../core/collections/statements.js';
import {
  escapeHtml,
  formatLongDate,
  type HandOverContext,
  type MessageInvoice,
  messageInvoices,
  type ReminderContext,
  type ReminderStage,
  type RenderedMessage,
  renderHandOverSummary,
  renderReminder,
  renderStatementEmail,
} from '../../core/collections/templates.js';
import { buildBook } from '../../core/ledger/book.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { emptyLedger } from '../../core/ledger/ledger.js';

const CLINICAL = ['MRI lumbar spine', 'M54.5', 'Dr. Patel', 'physiotherapy'];

/** Invoices as a caller might pass them: with a description and matter the templates must not show. */
function invoicesWithClinicalDetail(): MessageInvoice[] {
  const rows = [
    {
      invoiceId: 'INV-1',
      invoiceDate: '2026-01-05',
      dueDate: '2026-02-04',
      currency: 'USD',
      openMinor: 60000,
      description: 'MRI lumbar spine (M54.5)',
      matter: 'Dr. Patel',
    },
    {
      invoiceId: 'INV-2',
      invoiceDate: '2026-02-10',
      dueDate: '2026-03-12',
      currency: 'USD',
      openMinor: 63450,
      description: 'physiotherapy x6',
    },
  ];
  return rows;
}

function context(extra: Partial<ReminderContext> = {}): ReminderContext {
  return {
    office: {
      name: 'Harbor Dental',
      phone: '555-0100',
      email: 'billing@harbor.example',
      address: '1 Quay St',
    },
    customerName: "O'Brien & <Sons>",
    amounts: [{ currency: 'USD', amountMinor: 123450 }],
    openInvoices: invoicesWithClinicalDetail(),
    payBy: '2026-04-15',
    ...extra,
  };
}

function all(m: RenderedMessage): string {
  return `${m.subject}\n${m.text}\n${m.html}`;
}

const STAGES: ReminderStage[] = [
  { kind: 'courtesy' },
  { kind: 'reminder' },
  { kind: 'final-demand', handOverAfter: '2026-04-30' },
];

describe('templates', () => {
  describe('escapeHtml', () => {
    it.each([
      ["O'Brien & <Sons>", 'O&#39;Brien &amp; &lt;Sons&gt;'],
      ['"quoted"', '&quot;quoted&quot;'],
      ['&amp;', '&amp;amp;'],
      ['plain', 'plain'],
    ])('returns %j escaped as %j', (input, expected) => {
      // Act / Assess
      expect(escapeHtml(input)).toBe(expected);
    });
  });

  describe('formatLongDate', () => {
    it('returns day, month name and year', () => {
      // Act / Assess
      expect([formatLongDate('2026-03-05'), formatLongDate('2026-12-31')]).toEqual([
        '5 March 2026',
        '31 December 2026',
      ]);
      expect(() => formatLongDate('2026-02-30')).toThrow(RangeError);
    });
  });

  describe('renderReminder', () => {
    it('returns a courtesy reminder before the due date', () => {
      // Act
      const m = renderReminder({ kind: 'courtesy' }, context());

      // Assess
      expect(m.subject).toBe('Courtesy reminder from Harbor Dental: USD 1,234.50 due 15 April 2026');
      expect(m.text).toContain("Dear O'Brien & <Sons>,");
      expect(m.text).toContain('This is a courtesy reminder that USD 1,234.50 will be due on 15 April 2026');
      expect(m.text).toMatch(/INV-1\s+4 February 2026\s+USD 600.00/);
      expect(m.text).toContain('please call 555-0100 or write to billing@harbor.example');
    });

    it('returns a past-due reminder asking to pay by a date', () => {
      // Act
      const m = renderReminder({ kind: 'reminder' }, context());

      // Assess
      expect(m.subject).toBe('Payment reminder from Harbor Dental: USD 1,234.50 past due');
      expect(m.text).toContain('Our records show that USD 1,234.50 is past due on the following:');
      expect(m.text).toContain('Please pay by 15 April 2026.');
    });

    it('returns a final demand that states the date after which the account is handed over', () => {
      // Act
      const m = renderReminder({ kind: 'final-demand', handOverAfter: '2026-04-30' }, context());
      const named = renderReminder(
        { kind: 'final-demand', handOverAfter: '2026-04-30', handOverTo: 'Smith & Co. Collections' },
        context(),
      );

      // Assess
      expect(m.subject).toBe('Final notice from Harbor Dental: USD 1,234.50 past due');
      expect(m.text).toContain(
        'Unless the balance is paid or you contact us to arrange payment by 15 April 2026, the account will be handed over to a collection agency or attorney after 30 April 2026.',
      );
      expect(named.html).toContain('handed over to Smith &amp; Co. Collections after 30 April 2026');
    });

    it.each(STAGES)('returns a $kind message with every interpolated value escaped in HTML', (stage) => {
      // Prepare
      const ctx = context({
        customerName: '<script>alert("x")</script> O\'Brien & Sons',
        office: { name: 'Harbor <Dental>', email: 'a&b@harbor.example' },
        paymentLink: 'https://pay.example/i?a=1&b="2"',
      });

      // Act
      const m = renderReminder(stage, ctx);

      // Assess
      expect(m.html).not.toContain('<script>');
      expect(m.html).not.toContain('<Dental>');
      expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Sons');
      expect(m.html).toContain('Harbor &lt;Dental&gt;');
      expect(m.html).toContain('<a href="https://pay.example/i?a=1&amp;b=&quot;2&quot;">Pay online</a>');
      expect(m.text).toContain('Pay online: https://pay.example/i?a=1&b="2"');
    });

    it.each(STAGES)(
      'returns a $kind message with invoice ids, dates and amounts but no clinical detail',
      (stage) => {
        // Act
        const m = renderReminder(stage, context());

        // Assess
        for (const word of CLINICAL) expect(all(m)).not.toContain(word);
        for (const id of ['INV-1', 'INV-2', '4 February 2026', '12 March 2026', 'USD 600.00', 'USD 634.50']) {
          expect(m.text).toContain(id);
          expect(m.html).toContain(id);
        }
      },
    );

    it.each(STAGES)(
      'returns a $kind message with an opt-out line only when an unsubscribe link is given',
      (stage) => {
        // Act
        const without = renderReminder(stage, context());
        const withLink = renderReminder(
          stage,
          context({ unsubscribeUrl: 'https://duebook.example/u?t=abc&c=1' }),
        );

        // Assess
        expect(all(without)).not.toContain('opt out');
        expect(withLink.text).toContain(
          'To stop receiving these emails, opt out here: https://duebook.example/u?t=abc&c=1',
        );
        expect(withLink.html).toContain('<a href="https://duebook.example/u?t=abc&amp;c=1">Unsubscribe</a>');
      },
    );

    it('returns amounts in several currencies side by side, never added', () => {
      // Act
      const m = renderReminder(
        { kind: 'reminder' },
        context({
          amounts: [
            { currency: 'USD', amountMinor: 123450 },
            { currency: 'JPY', amountMinor: 5000 },
          ],
        }),
      );

      // Assess
      expect(m.subject).toBe('Payment reminder from Harbor Dental: USD 1,234.50 and JPY 5,000 past due');
    });

    it('returns a one-line subject even when a name holds a line break', () => {
      // Act
      const m = renderReminder(
        { kind: 'reminder' },
        context({ office: { name: 'Harbor\r\nBcc: x@evil.example' } }),
      );

      // Assess
      expect(m.subject).not.toMatch(/[\r\n]/);
    });

    it('returns an error for a payment or opt-out link that is not a web link', () => {
      // Act / Assess
      expect(() =>
        renderReminder({ kind: 'reminder' }, context({ paymentLink: 'javascript:alert(1)' })),
      ).toThrow(RangeError);
      expect(() =>
        renderReminder({ kind: 'reminder' }, context({ unsubscribeUrl: 'data:text/html,hi' })),
      ).toThrow(RangeError);
      expect(() =>
        renderReminder({ kind: 'reminder' }, context({ unsubscribeUrl: 'mailto:optout@harbor.example' })),
      ).not.toThrow();
    });
  });

  describe('renderStatementEmail', () => {
    function ledger(): Ledger {
      return {
        ...emptyLedger(),
        customers: [{ row: 2, customerId: 'C-1', name: "O'Brien & <Sons>", flags: [] }],
        invoices: [
          {
            row: 2,
            invoiceId: 'INV-1',
            customerId: 'C-1',
            invoiceDate: '2026-01-05',
            dueDate: '2026-02-04',
            amountMinor: 100000,
            currency: 'USD',
            status: 'open',
            description: 'MRI lumbar spine',
          },
        ],
        payments: [
          {
            row: 2,
            paymentId: 'P-1',
            customerId: 'C-1',
            date: '2026-03-03',
            amountMinor: 40000,
            currency: 'USD',
            appliesTo: [],
            status: 'posted',
          },
        ],
      };
    }

    it('returns the period, each line with its running balance, the aging and the closing balance', () => {
      // Prepare
      const statement = buildStatement(ledger(), 'C-1', '2026-03-01', '2026-03-31');

      // Act
      const m = renderStatementEmail(statement, {
        office: { name: 'Harbor Dental', phone: '555-0100' },
        customerName: "O'Brien & <Sons>",
        payBy: '2026-04-15',
      });

      // Assess
      expect(m.subject).toBe('Statement from Harbor Dental for 1 March 2026 to 31 March 2026');
      expect(m.text).toContain('The balance on 31 March 2026 is USD 600.00.');
      expect(m.text).toMatch(/2026-03-01\s+Opening balance\s+USD 1,000.00/);
      expect(m.text).toMatch(/2026-03-03\s+Payment\s+P-1\s+USD 400.00\s+USD 600.00/);
      expect(m.text).toMatch(/Current\s+1-30 days\s+31-60 days/);
      expect(m.text).toMatch(/Totals and closing balance\s+USD 0.00\s+USD 400.00\s+USD 600.00/);
      expect(m.text).toMatch(/INV-1\s+4 February 2026\s+USD 1,000.00\s+USD 600.00/);
      expect(m.text).toContain('Please pay the balance by 15 April 2026.');
      expect(m.html).toContain('Dear O&#39;Brien &amp; &lt;Sons&gt;,');
      expect(all(m)).not.toContain('MRI');
    });

    it('returns an opt-out line when an unsubscribe link is given', () => {
      // Prepare
      const statement = buildStatement(ledger(), 'C-1', '2026-03-01', '2026-03-31');

      // Act
      const m = renderStatementEmail(statement, {
        office: { name: 'Harbor Dental' },
        customerName: 'Ann',
        unsubscribeUrl: 'https://u.example/x',
      });

      // Assess
      expect(m.text).toContain('opt out here: https://u.example/x');
      expect(m.html).toContain('<a href="https://u.example/x">Unsubscribe</a>');
    });
  });

  describe('renderHandOverSummary', () => {
    it('returns the account summary for the attorney or agency, escaped and without clinical detail', () => {
      // Prepare
      const ctx: HandOverContext = {
        ...context(),
        asOf: '2026-05-01',
        customerId: 'C-1',
        recipientName: 'Smith & <Jones> LLP',
        customerAddress: '2 Elm St',
        customerEmail: 'obrien@example.com',
        lastPaymentDate: '2026-03-03',
        noticesSent: [
          { date: '2026-02-05', description: 'Reminder' },
          { date: '2026-04-01', description: 'Final notice' },
        ],
        reason: 'No response to final notice',
      };

      // Act
      const m = renderHandOverSummary(ctx);

      // Assess
      expect(m.subject).toBe("Account hand-over from Harbor Dental: O'Brien & <Sons> (C-1)");
      expect(m.text).toContain('To Smith & <Jones> LLP,');
      expect(m.text).toMatch(/INV-1\s+5 January 2026\s+4 February 2026\s+86\s+USD 600.00/);
      expect(m.text).toMatch(/Last payment\s+3 March 2026/);
      expect(m.text).toMatch(/1 April 2026\s+Final notice/);
      expect(m.html).toContain('To Smith &amp; &lt;Jones&gt; LLP,');
      expect(m.html).toContain(
        '<title>Account hand-over from Harbor Dental: O&#39;Brien &amp; &lt;Sons&gt; (C-1)</title>',
      );
      for (const word of CLINICAL) expect(all(m)).not.toContain(word);
    });
  });

  describe('messageInvoices', () => {
    it('returns the undisputed open items, oldest due first, with ids, dates and amounts only', () => {
      // Prepare
      const ledger: Ledger = {
        ...emptyLedger(),
        invoices: [
          {
            row: 2,
            invoiceId: 'B',
            customerId: 'C-1',
            invoiceDate: '2026-02-01',
            dueDate: '2026-03-01',
            amountMinor: 500,
            currency: 'USD',
            status: 'open',
            matter: 'knee',
            description: 'MRI lumbar spine',
          },
          {
            row: 3,
            invoiceId: 'A',
            customerId: 'C-1',
            invoiceDate: '2026-01-01',
            dueDate: '2026-02-01',
            amountMinor: 700,
            currency: 'USD',
            status: 'open',
          },
          {
            row: 4,
            invoiceId: 'D',
            customerId: 'C-1',
            invoiceDate: '2026-01-01',
            dueDate: '2026-02-01',
            amountMinor: 900,
            currency: 'USD',
            status: 'disputed',
          },
          {
            row: 5,
            invoiceId: 'P',
            customerId: 'C-1',
            invoiceDate: '2026-01-01',
            dueDate: '2026-01-15',
            amountMinor: 300,
            currency: 'USD',
            status: 'open',
          },
        ],
        payments: [
          {
            row: 2,
            paymentId: 'X',
            customerId: 'C-1',
            date: '2026-01-10',
            amountMinor: 300,
            currency: 'USD',
            appliesTo: ['P'],
            status: 'posted',
          },
        ],
      };
      const accounts = buildBook(ledger, '2026-03-10').byCustomer.get('C-1') ?? [];

      // Act
      const lines = messageInvoices(accounts);

      // Assess
      expect(lines).toEqual([
        { invoiceId: 'A', invoiceDate: '2026-01-01', dueDate: '2026-02-01', currency: 'USD', openMinor: 700 },
        { invoiceId: 'B', invoiceDate: '2026-02-01', dueDate: '2026-03-01', currency: 'USD', openMinor: 500 },
      ]);
    });
  });
});
