// Tests for core/collections/message-templates.ts and the reminders rendered with it: placeholders checked at save, values escaped, tone by stage, the office's identity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  PLACEHOLDERS,
  renderTemplate,
  TemplateError,
  TONES,
  templateProblems,
  toneOf,
} from '../../core/collections/message-templates.js';
import {
  type ReminderContext,
  type ReminderStage,
  renderReminder,
} from '../../core/collections/templates.js';

function context(extra: Partial<ReminderContext> = {}): ReminderContext {
  return {
    office: {
      name: 'Harbor Dental Group LLC',
      tradingName: 'Harbor Dental',
      address: '1 Quay St\nBoston, MA 02110',
      phone: '555-0100',
      email: 'billing@harbor.example',
      signature: 'Maria Lopez\nBilling manager',
      footer: 'Harbor Dental Group LLC, registered in Massachusetts.',
      payment: {
        bankTransfer: 'Bank: First Harbor Bank\nAccount: 000123456\nRouting: 011000015',
        chequePayee: 'Harbor Dental Group LLC',
      },
    },
    customerName: 'Nguyễn Văn An',
    amounts: [
      { currency: 'EUR', amountMinor: 857575 },
      { currency: 'GBP', amountMinor: 96000 },
    ],
    openInvoices: [
      { invoiceId: 'INV-1', dueDate: '2026-09-01', currency: 'EUR', openMinor: 850000 },
      {
        invoiceId: 'ADJ-004',
        dueDate: '2026-10-01',
        currency: 'EUR',
        openMinor: 7575,
        kind: 'late-fee',
        onInvoiceId: 'INV-1',
      },
      { invoiceId: 'INV-7', dueDate: '2026-09-15', currency: 'GBP', openMinor: 90000 },
      {
        invoiceId: 'ADJ-009',
        dueDate: '2026-10-15',
        currency: 'GBP',
        openMinor: 6000,
        kind: 'interest',
        onInvoiceId: 'INV-7',
      },
    ],
    payBy: '2026-12-03',
    ...extra,
  };
}

const FINAL: ReminderStage = { kind: 'final-demand', handOverAfter: '2026-12-28' };

describe('message-templates', () => {
  describe('templateProblems', () => {
    it('accepts every default template for its tone', () => {
      for (const tone of TONES) expect(templateProblems(DEFAULT_TEMPLATES[tone], tone)).toEqual([]);
    });

    it('refuses an unknown placeholder by its name, with the nearest known one', () => {
      const problems = templateProblems(
        { subject: 'Hello {{customer.nme}}', body: '{{overdue.total}} {{invoice.tabel}} and {{foo}}' },
        'friendly',
      );
      expect(problems).toEqual([
        {
          field: 'subject',
          message: 'unknown placeholder {{customer.nme}} (did you mean {{customer.name}}?)',
        },
        {
          field: 'body',
          message: 'unknown placeholder {{invoice.tabel}} (did you mean {{invoices.table}}?)',
        },
        { field: 'body', message: 'unknown placeholder {{foo}}' },
      ]);
    });

    it.each([
      [
        { subject: 'Due: {{invoices.table}}', body: '{{overdue.total}}' },
        'subject',
        '{{invoices.table}} cannot be in the subject',
      ],
      [
        { subject: 'Due', body: 'Here: {{invoices.table}}' },
        'body',
        '{{invoices.table}} must stand on a line of its own, with a blank line before and after',
      ],
      [
        { subject: 'Due', body: '{{overdue.total}} after {{handover.date}}' },
        'body',
        '{{handover.date}} is only known in a final notice, not in a friendly one',
      ],
      [
        { subject: 'Due', body: 'Please pay.' },
        'body',
        'must state what is owed: use {{overdue.total}} or {{invoices.table}}',
      ],
      [
        { subject: 'Due {{overdue.total', body: '{{overdue.total}}' },
        'subject',
        'a placeholder is not closed or opened: "{{overdue.total"',
      ],
      [{ subject: 'Line one\nline two', body: '{{overdue.total}}' }, 'subject', 'must be one line'],
      [{ subject: '  ', body: '{{overdue.total}}' }, 'subject', 'is empty'],
    ])('refuses %j on its %s: %s', (template, field, message) => {
      expect(templateProblems(template, 'friendly')).toContainEqual({ field, message });
    });

    it('requires a final notice to state its hand-over date', () => {
      expect(templateProblems({ subject: 'Final', body: '{{overdue.total}}' }, 'final')).toEqual([
        {
          field: 'body',
          message:
            'a final notice must state the date after which the account is handed over: use {{handover.date}}',
        },
      ]);
    });

    it('lists each placeholder once', () => {
      expect(new Set(PLACEHOLDERS.map((p) => p.name)).size).toBe(PLACEHOLDERS.length);
    });
  });

  describe('renderTemplate', () => {
    it('throws TemplateError with the problems for a template that cannot be saved', () => {
      const act = () =>
        renderTemplate({ subject: 'x', body: '{{nope}} {{overdue.total}}' }, 'friendly', {
          inline: {},
          blocks: {},
        });
      expect(act).toThrow(TemplateError);
      expect(act).toThrow('body: unknown placeholder {{nope}}');
    });

    it('prints a value holding {{...}} as written, never expanding it', () => {
      fc.assert(
        fc.property(fc.string(), (name) => {
          const out = renderTemplate(
            { subject: 'For {{customer.name}}', body: 'Dear {{customer.name}}, {{overdue.total}} is due.' },
            'friendly',
            {
              inline: { 'customer.name': `{{overdue.total}}${name}`, 'overdue.total': 'USD 1.00' },
              blocks: {},
            },
          );
          const text = out.blocks.map((b) => (b.kind === 'p' ? b.text : '')).join('');
          expect(text).toContain('{{overdue.total}}');
          expect(out.subject).not.toMatch(/[\r\n]/);
        }),
      );
    });
  });

  describe('toneOf', () => {
    it.each([
      [{ kind: 'courtesy', daysPastDue: -3 }, 'courtesy'],
      [{ kind: 'reminder', daysPastDue: 1 }, 'friendly'],
      [{ kind: 'reminder', daysPastDue: 15 }, 'friendly'],
      [{ kind: 'reminder', daysPastDue: 30 }, 'firm'],
      [{ kind: 'reminder', daysPastDue: 60 }, 'firm'],
      [{ kind: 'final-demand', daysPastDue: 75 }, 'final'],
      [{ kind: 'handover', daysPastDue: 90 }, undefined],
    ])('gives %j the %s tone', (stage, tone) => {
      expect(toneOf(stage)).toBe(tone);
    });
  });
});

describe('templates (with the template engine)', () => {
  describe('renderReminder', () => {
    it('states several currencies in one phrase with the plural verb', () => {
      const m = renderReminder({ kind: 'reminder' }, context());
      expect(m.text).toContain('EUR 8,575.75 and GBP 960.00 are past due on the following:');
      expect(m.subject).toBe('Payment reminder from Harbor Dental: EUR 8,575.75 and GBP 960.00 past due');
      const one = renderReminder(
        { kind: 'reminder' },
        context({ amounts: [{ currency: 'USD', amountMinor: 40000 }], openInvoices: [] }),
      );
      expect(one.text).toContain('USD 400.00 is past due');
    });

    it('labels fees and interest as such, with the invoice they were charged on, and totals each currency', () => {
      const m = renderReminder({ kind: 'reminder' }, context());
      expect(m.text).toMatch(/Invoice INV-1\s+1 September 2026\s+EUR 8,500.00/);
      expect(m.text).toMatch(/Late fee on invoice INV-1 \(ADJ-004\)\s+1 October 2026\s+EUR 75.75/);
      expect(m.text).toMatch(/Interest on invoice INV-7 \(ADJ-009\)\s+15 October 2026\s+GBP 60.00/);
      expect(m.text).not.toContain('Invoice ADJ-004');
      expect(m.text).toMatch(/Total EUR\s+EUR 8,575.75/);
      expect(m.text).toMatch(/Total GBP\s+GBP 960.00/);
      expect(m.html).toContain('font-weight:bold');
    });

    it('changes tone from friendly to firm to final', () => {
      const friendly = renderReminder({ kind: 'reminder' }, context());
      const firm = renderReminder({ kind: 'reminder', tone: 'firm' }, context());
      const final = renderReminder(FINAL, context());
      expect(friendly.text).toContain('Please pay by 3 December 2026.');
      expect(firm.subject).toBe('Overdue account with Harbor Dental: EUR 8,575.75 and GBP 960.00 past due');
      expect(firm.text).toContain('Your account with Harbor Dental is seriously overdue.');
      expect(firm.text).toContain('work out a payment plan');
      expect(final.text).toContain(
        'the account will be handed over to a collection agency or attorney after 28 December 2026',
      );
      expect(new Set([friendly.text, firm.text, final.text]).size).toBe(3);
    });

    it("signs with the office's identity and shows its footer on every message", () => {
      for (const stage of [{ kind: 'courtesy' }, { kind: 'reminder' }, FINAL] as ReminderStage[]) {
        const m = renderReminder(stage, context());
        expect(m.text).toContain(
          'Sincerely,\nMaria Lopez\nBilling manager\nHarbor Dental\nHarbor Dental Group LLC\n1 Quay St\nBoston, MA 02110\n555-0100\nbilling@harbor.example',
        );
        expect(m.text).toContain('Harbor Dental Group LLC, registered in Massachusetts.');
      }
    });

    it("shows the pay link when there is one, else the office's payment instructions; the portal link only when there is one", () => {
      const without = renderReminder({ kind: 'reminder' }, context());
      expect(without.text).toContain(
        'To pay by bank transfer:\nBank: First Harbor Bank\nAccount: 000123456\nRouting: 011000015',
      );
      expect(without.text).toContain(
        'To pay by cheque: make it payable to Harbor Dental Group LLC and send it to 1 Quay St, Boston, MA 02110.',
      );
      expect(without.text).not.toContain('Pay online');
      expect(without.text).not.toContain('See your account');
      const linked = renderReminder(
        { kind: 'reminder' },
        context({ payLink: 'https://pay.example/s/abc', portalLink: 'https://portal.example/t/xyz' }),
      );
      expect(linked.text).toContain('Pay online: https://pay.example/s/abc');
      expect(linked.html).toContain('<a href="https://portal.example/t/xyz">');
      expect(linked.text).not.toContain('To pay by bank transfer');
    });

    it("renders the office's own wording, escaping every value in HTML and keeping it to one line in text", () => {
      const m = renderReminder(
        { kind: 'reminder' },
        context({
          customerName: '<script>alert(1)</script>\n\nPay to account 666',
          template: {
            subject: 'Hi {{customer.name}}',
            body: 'Hello {{customer.name}}, {{overdue.total}} {{overdue.is}} open.\n\n{{invoices.table}}\n\nCall {{office.phone}}.',
          },
        }),
      );
      expect(m.subject).toBe('Hi <script>alert(1)</script> Pay to account 666');
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(m.text).toContain(
        'Hello <script>alert(1)</script> Pay to account 666, EUR 8,575.75 and GBP 960.00 are open.',
      );
      expect(m.text).toContain('Call 555-0100.');
      expect(m.text).toContain('Sincerely,');
    });

    it("keeps the compliance engine's disclosures and the opt-out whatever the wording", () => {
      const m = renderReminder(
        { kind: 'reminder' },
        context({
          template: { subject: 'Balance', body: '{{overdue.total}}' },
          disclosures: ['time-barred'],
          unsubscribeUrl: 'https://api.example/v1/unsubscribe?token=t',
        }),
      );
      expect(m.text).toContain('we will not sue you for it');
      expect(m.text).toContain(
        'To stop receiving these emails, opt out here: https://api.example/v1/unsubscribe?token=t',
      );
    });

    it('refuses a saved template that no longer passes the checks', () => {
      expect(() =>
        renderReminder(
          { kind: 'reminder' },
          context({ template: { subject: 'x', body: '{{pay.bye}} {{overdue.total}}' } }),
        ),
      ).toThrow(TemplateError);
    });
  });
});
