import { describe, expect, it } from 'vitest';
import type { OfficeVoice, WordingPreview } from '../../../apps-script/src/contract.js';
import { DEFAULT_TEMPLATES } from '../../../core/collections/message-templates.js';
import { renderReminder } from '../../../core/collections/templates.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

const pages = usePages('office');

function voice(overrides: Partial<OfficeVoice> = {}): OfficeVoice {
  return {
    officeName: 'Harbor Dental Group LLC',
    tradingName: 'Harbor Dental',
    officeAddress: '1 Quay St\nBoston, MA 02110',
    officePhone: '555-0100',
    officeEmail: 'billing@harbor.example',
    neutralName: '',
    signature: 'Maria Lopez\nBilling manager',
    footerText: 'Harbor Dental Group LLC is the creditor of this account.',
    paymentInstructions: {
      bankTransfer: 'Account: 000123',
      chequePayee: 'Harbor Dental Group LLC',
      chequeAddress: '',
    },
    logo: null,
    wording: [
      {
        stage: 'courtesy',
        label: 'courtesy reminder',
        tone: 'courtesy',
        ...DEFAULT_TEMPLATES.courtesy,
        own: false,
      },
      {
        stage: 'reminder-1',
        label: '1-day reminder',
        tone: 'friendly',
        ...DEFAULT_TEMPLATES.friendly,
        own: false,
      },
      { stage: 'reminder-30', label: '30-day reminder', tone: 'firm', ...DEFAULT_TEMPLATES.firm, own: false },
      { stage: 'final-demand', label: 'final demand', tone: 'final', ...DEFAULT_TEMPLATES.final, own: false },
    ],
    previewCustomerId: 'C-1001',
    ...overrides,
  };
}

/** What the backend's preview answers for a draft: core's own renderer on a fixed account. */
function previewOf(subject: string, body: string): WordingPreview {
  const m = renderReminder(
    { kind: 'reminder', tone: 'firm' },
    {
      office: {
        name: 'Harbor Dental Group LLC',
        tradingName: 'Harbor Dental',
        address: '1 Quay St, Boston, MA 02110',
      },
      customerName: 'Nguyễn <Văn> An',
      amounts: [
        { currency: 'EUR', amountMinor: 857575 },
        { currency: 'GBP', amountMinor: 96000 },
      ],
      openInvoices: [
        { invoiceId: 'INV-1', dueDate: '2026-09-01', currency: 'EUR', openMinor: 857575 },
        { invoiceId: 'INV-2', dueDate: '2026-09-15', currency: 'GBP', openMinor: 96000 },
      ],
      payBy: '2026-12-03',
      template: { subject, body },
    },
  );
  return { ...m, tone: 'firm', identityProblems: [] };
}

async function open(answers: Answers): Promise<OpenedPage> {
  const opened = await pages.open('office', {
    answers: { getOfficeVoice: ok(voice()), ...answers },
    width: 900,
    height: 1250,
  });
  await opened.page.locator('#office-form:not([hidden]), [role="alert"]').first().waitFor();
  return opened;
}

describe('office identity and wording dialog', () => {
  describe('load', () => {
    it('fills the identity and lists each stage with its tone, previewing on the active customer', async () => {
      const firm = DEFAULT_TEMPLATES.friendly;
      const { page, pageErrors, outsideRequests, callsTo } = await open({
        previewWording: ok(previewOf(firm.subject, firm.body)),
      });
      expect(await page.getByLabel('Legal name').inputValue()).toBe('Harbor Dental Group LLC');
      expect(await page.getByLabel('Postal address (remit-to)').inputValue()).toBe(
        '1 Quay St\nBoston, MA 02110',
      );
      expect(await page.getByLabel('Stage').locator('option').allTextContents()).toEqual([
        'courtesy reminder (courteous)',
        '1-day reminder (friendly)',
        '30-day reminder (firm)',
        'final demand (final notice)',
      ]);
      expect(await page.getByLabel('Preview on customer').inputValue()).toBe('C-1001');
      await expect.poll(async () => (await callsTo('previewWording')).length).toBe(1);
      await expect
        .poll(() => page.frameLocator('#preview-frame').locator('body').textContent())
        .toContain('Nguyễn <Văn> An');
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'office-dialog');
    });
  });

  describe('wording', () => {
    it('refuses an unknown placeholder as it is typed, beside the text, without asking the server', async () => {
      const { page, callsTo } = await open({ previewWording: ok(previewOf('x', '{{overdue.total}}')) });
      await expect.poll(async () => (await callsTo('previewWording')).length).toBe(1);
      await page.getByLabel('Text').fill('Dear {{customer.nam}}, {{overdue.total}} is due.');
      await expect
        .poll(() => page.locator('[data-field="body"] .field-error').textContent())
        .toBe('unknown placeholder {{customer.nam}} (did you mean {{customer.name}}?)');
      await page.waitForTimeout(600);
      expect(await callsTo('previewWording')).toHaveLength(1);
    });

    it("previews a stage's draft on the account, as the backend renders it", async () => {
      const subject = 'Still open: {{overdue.total}}';
      const body =
        'Dear {{customer.name}}, {{overdue.total}} {{overdue.is}} still unpaid.\n\n{{invoices.table}}';
      const { page, callsTo } = await open({ previewWording: ok(previewOf(subject, body)) });
      await page.getByLabel('Stage').selectOption('reminder-30');
      await page.getByLabel('Subject').fill(subject);
      await page.getByLabel('Text').fill(body);
      await expect
        .poll(async () => (await callsTo('previewWording')).at(-1))
        .toEqual({ stage: 'reminder-30', customerId: 'C-1001', subject, body });
      await expect
        .poll(() => page.locator('#preview-subject').textContent())
        .toBe('Subject: Still open: EUR 8,575.75 and GBP 960.00');
      const frame = page.frameLocator('#preview-frame');
      await expect
        .poll(() => frame.locator('body').textContent())
        .toContain('Dear Nguyễn <Văn> An, EUR 8,575.75 and GBP 960.00 are still unpaid.');
      expect(await frame.locator('script').count()).toBe(0);
      await screenshot(page, 'office-dialog-preview');
    });
  });

  describe('save', () => {
    it('sends the identity, payment instructions and the stages edited', async () => {
      const { page, callsTo } = await open({
        previewWording: ok(previewOf('x', '{{overdue.total}}')),
        saveOfficeVoice: ok(voice()),
      });
      await page.getByLabel('Trading name').fill('Harbor Smiles');
      await page.getByLabel('Cheques payable to').fill('Harbor Dental Group LLC');
      await page.getByLabel('Stage').selectOption('final-demand');
      await page.getByLabel('Subject').fill('Final notice: {{overdue.total}}');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved.');
      const [sent] = (await callsTo('saveOfficeVoice')) as Record<string, unknown>[];
      expect(sent).toMatchObject({
        officeName: 'Harbor Dental Group LLC',
        tradingName: 'Harbor Smiles',
        paymentInstructions: {
          bankTransfer: 'Account: 000123',
          chequePayee: 'Harbor Dental Group LLC',
          chequeAddress: '',
        },
        templates: {
          'final-demand': { subject: 'Final notice: {{overdue.total}}', body: DEFAULT_TEMPLATES.final.body },
        },
      });
      expect(sent).not.toHaveProperty('logo');
    });

    it("shows the backend's refusal of a stage's wording beside the text", async () => {
      const { page } = await open({
        previewWording: ok(previewOf('x', '{{overdue.total}}')),
        saveOfficeVoice: fail('invalid', 'Some settings need fixing.', [
          {
            field: 'templates.reminder-1.body',
            message: 'must state what is owed: use {{overdue.total}} or {{invoices.table}}',
          },
        ]),
      });
      await page.getByLabel('Stage').selectOption('reminder-1');
      await page.getByLabel('Subject').fill('Hello');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => page.locator('[data-field="body"] .field-error').textContent())
        .toContain('must state what is owed');
    });

    it('refuses a logo larger than 64 KB before sending it', async () => {
      const { page, callsTo } = await open({ previewWording: ok(previewOf('x', '{{overdue.total}}')) });
      await page.getByLabel('Logo').setInputFiles({
        name: 'big.png',
        mimeType: 'image/png',
        buffer: Buffer.alloc(70 * 1024, 1),
      });
      await expect
        .poll(() => page.locator('[data-field="logo"] .field-error').textContent())
        .toContain('a logo may be at most 64 KB');
      expect(await callsTo('saveOfficeVoice')).toEqual([]);
    });
  });
});
