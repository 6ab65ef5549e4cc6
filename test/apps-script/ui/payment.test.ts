import { describe, expect, it } from 'vitest';
import { customerPanel } from './fixtures.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

const pages = usePages('payment');

/** What `HtmlService.createTemplate(html)` with `customerId` set does to the scriptlet. */
const evaluateTemplate = (customerId: string) => (html: string) =>
  html.replace(
    '<?= customerId ?>',
    customerId.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'),
  );

async function open(answers: Answers, customerId?: string): Promise<OpenedPage> {
  const opened = await pages.open('payment', {
    answers,
    width: 420,
    height: 640,
    ...(customerId === undefined ? {} : { transform: evaluateTemplate(customerId) }),
  });
  await opened.page.getByRole('form', { name: 'Post a payment' }).waitFor();
  return opened;
}

describe('payment dialog', () => {
  describe('customer from the template', () => {
    it('posts for the prefilled customer with typed invoice ids', async () => {
      // Prepare
      const { page, callsTo, pageErrors, outsideRequests } = await open(
        { postPayment: ok({ tab: 'Payments', id: 'PAY-80', row: 41 }) },
        'C-0042',
      );
      expect(await page.getByLabel('Customer id').inputValue()).toBe('C-0042');
      // Act
      await page.getByLabel('Amount').fill('89.00');
      await page.getByLabel('Currency').fill('usd');
      await page.getByLabel('Date received').fill('2026-11-20');
      await page.getByLabel('Apply to invoices (optional)').fill('INV-2026-1102, INV-2026-1103');
      await page.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe('Payment of 89.00 USD posted for C-0042.');
      expect(await callsTo('postPayment')).toEqual([
        {
          customerId: 'C-0042',
          date: '2026-11-20',
          amount: '89.00',
          currency: 'USD',
          appliesTo: ['INV-2026-1102', 'INV-2026-1103'],
        },
      ]);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'payment-dialog');
    });
  });

  describe('open invoices to tick', () => {
    it('lists the prefilled customer open invoices as boxes and posts the ticked ones', async () => {
      // Prepare
      const invoices = customerPanel().openInvoices;
      const { page, callsTo } = await open(
        {
          customerInvoices: ok(invoices),
          postPayment: ok({ tab: 'Payments', id: 'PAY-82', row: 42 }),
        },
        'C-0042',
      );
      await page.getByRole('checkbox').first().waitFor();
      // Assess: one box per open invoice, with the amount and due date, and no typed field.
      expect(await callsTo('customerInvoices')).toEqual(['C-0042']);
      expect(await page.getByRole('checkbox').count()).toBe(invoices.length);
      expect(await page.getByLabel('Apply to invoices (optional)', { exact: true }).isVisible()).toBe(false);
      const last = invoices[invoices.length - 1]!;
      expect(await page.getByRole('checkbox', { name: new RegExp(last.invoiceId) }).count()).toBe(1);
      // The due date in the office's locale, one format with every other page (en-US here).
      const [y, m, d] = last.dueDate.split('-').map(Number) as [number, number, number];
      const due = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        Date.UTC(y, m - 1, d),
      );
      expect(await page.locator('.checklist').textContent()).toContain(`${last.open.text} open, due ${due}`);
      expect(await page.locator('.checklist').textContent()).not.toContain(last.dueDate);
      // Act
      await page.getByLabel('Amount').fill('150.00');
      await page.getByRole('checkbox', { name: new RegExp(last.invoiceId) }).check();
      await page.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      await expect.poll(async () => (await callsTo('postPayment')).length).toBe(1);
      expect(((await callsTo('postPayment'))[0] as { appliesTo: string[] }).appliesTo).toEqual([
        last.invoiceId,
      ]);
      // The list is asked again after the payment: what is open has changed.
      await expect.poll(async () => (await callsTo('customerInvoices')).length).toBe(2);
      await screenshot(page, 'payment-dialog-invoices');
    });

    it('lists the invoices of a typed customer, and falls back to typed ids for an unknown one', async () => {
      // Prepare
      const { page, answer } = await open({
        customerInvoices: fail('invalid', 'Customer C-9 is not on the Customers tab.', [
          { field: 'customerId', message: 'is not on the Customers tab' },
        ]),
      });
      // Act
      await page.getByLabel('Customer id').fill('C-9');
      await page.getByLabel('Amount').focus();
      // Assess
      await expect.poll(() => page.getByLabel('Apply to invoices (optional)').isVisible()).toBe(true);
      expect(await page.getByRole('checkbox').count()).toBe(0);
      // Act
      await answer('customerInvoices', ok(customerPanel().openInvoices));
      await page.getByLabel('Customer id').fill('C-0042');
      await page.getByLabel('Amount').focus();
      // Assess
      await expect.poll(() => page.getByRole('checkbox').count()).toBe(customerPanel().openInvoices.length);
    });
  });

  describe('customer asked', () => {
    it('asks for the customer id when the page was not evaluated as a template', async () => {
      // Prepare
      const { page, callsTo } = await open({ postPayment: ok({ tab: 'Payments', id: 'PAY-81' }) });
      // Act
      await page.getByLabel('Amount').fill('10');
      await page.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      expect(await page.locator('[data-field="customerId"] > .field-error').textContent()).toBe('Required.');
      expect(await callsTo('postPayment')).toEqual([]);
      // Act
      await page.getByLabel('Customer id').fill('C-0230');
      await page.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      await expect.poll(async () => (await callsTo('postPayment')).length).toBe(1);
      expect(((await callsTo('postPayment'))[0] as { customerId: string }).customerId).toBe('C-0230');
    });

    it('rejects an amount typed with a comma', async () => {
      // Prepare
      const { page, callsTo } = await open({}, 'C-0042');
      // Act
      await page.getByLabel('Amount').fill('1.234,50');
      await page.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      expect(await page.locator('[data-field="amount"] > .field-error').textContent()).toBe(
        'Enter the amount as digits, e.g. 125.00.',
      );
      expect(await callsTo('postPayment')).toEqual([]);
    });

    it('shows the server field errors beside their fields', async () => {
      // Prepare
      const { page } = await open(
        {
          postPayment: fail('invalid', 'Payment not posted.', [
            { field: 'appliesTo', message: 'INV-9 is not an open invoice of C-0042.' },
          ]),
        },
        'C-0042',
      );
      await page.getByLabel('Amount').fill('10');
      await page.getByLabel('Apply to invoices (optional)').fill('INV-9');
      // Act
      await page.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      await page.getByRole('alert').waitFor();
      expect(await page.locator('[data-field="appliesTo"] > .field-error').textContent()).toBe(
        'INV-9 is not an open invoice of C-0042.',
      );
    });
  });
});
