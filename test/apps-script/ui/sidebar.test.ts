// The sidebar in headless Chromium at 300px: the customer panel, the action forms, sync progress
// and the message shown for every kind of failure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UiErrorKind } from '../../../apps-script/src/contract.js';
import { isConversation } from '../../../core/collections/contact-rules.js';
import { customerPanel, duebookActivity, hostilePanel, progress, sentMessages } from './fixtures.js';
import {
  type Answers,
  fail,
  type OpenedPage,
  type OpenOptions,
  ok,
  screenshot,
  usePages,
} from './harness.js';

const pages = usePages('sidebar');

async function open(
  answers: Answers,
  opts: Pick<OpenOptions, 'delayMs' | 'delays'> = {},
): Promise<OpenedPage> {
  const opened = await pages.open('sidebar', {
    answers: {
      sidebarCustomer: ok(customerPanel()),
      getSyncProgress: ok(progress('idle', 0, 0)),
      customerMessages: ok({ messages: [], activity: [] }),
      ...answers,
    },
    ...opts,
  });
  await opened.page.locator('#customer-name, #message [role="alert"]').first().waitFor();
  return opened;
}

const saved = (tab: string, id: string, row?: number) => ok(row ? { tab, id, row } : { tab, id });

describe('sidebar', () => {
  describe('customer panel', () => {
    it('shows who the customer is, what they owe and what happens next', async () => {
      // Prepare
      const { page, pageErrors, outsideRequests } = await open({});
      // Act
      const name = await page.locator('#customer-name').textContent();
      // Assess
      expect(name).toBe('Hartwell Dental Group');
      expect(await page.locator('#customer .secondary').textContent()).toBe('C-0042 · as of Nov 23, 2026');
      expect(await page.locator('#flags li').allTextContents()).toEqual(['Attorney']);
      expect(await page.locator('#contact-email').textContent()).toBe('billing@hartwell-dental.example');
      expect(await page.locator('#contact-address').textContent()).toBe(
        '12 Beacon Street, Suite 400, Boston, MA 02108',
      );
      expect(await page.locator('#balance .amount-big').allTextContents()).toEqual(['$4,827.50']);
      expect(await page.locator('#aging tbody tr').allTextContents()).toEqual([
        '1–30 days$1,200.00',
        '31–60 days$1,627.50',
        '61–90 days$2,000.00',
      ]);
      const first = page.locator('#open-invoices tbody tr').first();
      expect(await first.locator('td').allTextContents()).toEqual([
        'INV-2026-0871Lease dispute 2026-14',
        'Aug 20, 2026',
        '95',
        '$2,000.00',
      ]);
      expect(await page.locator('#next-action').textContent()).toBe(
        'No contact will go outThe customer is represented by an attorney; contact goes through the attorney.',
      );
      expect(await page.locator('#arrangements-list li').allTextContents()).toEqual([
        'Promise: $500.00 by Oct 15, 2026 broken',
        'Plan: $3,000.00, 6 installments from Dec 1, 2026 in good standing',
      ]);
      expect(await page.locator('#history-list > li .history-head').allTextContents()).toEqual([
        'Nov 20, 2026 Call outbound',
        'Nov 2, 2026 Email outbound · reminder-30',
        'Oct 3, 2026 Letter inbound',
      ]);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    });

    it("shows every date in the office's locale (the spreadsheet's), one format across the panel", async () => {
      const { page } = await open({ displayLocale: ok({ locale: 'de-DE' }) });
      expect(await page.locator('#customer .secondary').textContent()).toBe('C-0042 · as of 23.11.2026');
      expect(await page.locator('#open-invoices tbody tr').first().locator('td').nth(1).textContent()).toBe(
        '20.08.2026',
      );
      expect(await page.locator('#history-list > li .history-head').first().textContent()).toBe(
        '20.11.2026 Call outbound',
      );
    });

    it("shows the dates inside the backend's sentences in the same format, leaving ids that hold a date alone", async () => {
      // Prepare
      const panel = customerPanel({
        flags: [],
        blocked: undefined,
        nextAction: {
          stage: 'final-demand',
          stageLabel: 'Final demand',
          channel: 'email',
          date: '2026-11-24',
          why: 'INV-2026-10-01 is 95 days past due; the reminder went out on 2026-10-20; waits until 2026-11-24 09:00 America/Los_Angeles; held until 2026-11-25T00:00:00.000Z.',
        },
      });
      // Act
      const { page } = await open({ sidebarCustomer: ok(panel), displayLocale: ok({ locale: 'de-DE' }) });
      // Assess
      expect(await page.locator('#next-action .why').textContent()).toBe(
        'INV-2026-10-01 is 95 days past due; the reminder went out on 20.10.2026; waits until 24.11.2026, 09:00 America/Los_Angeles; held until 25.11.2026, 00:00 UTC.',
      );
    });

    it('shows the next action and why when nothing blocks contact', async () => {
      // Prepare
      const panel = customerPanel({
        flags: [],
        blocked: undefined,
        nextAction: {
          stage: 'final-demand',
          stageLabel: 'Final demand',
          channel: 'letter',
          date: '2026-11-24',
          why: 'Oldest invoice is 95 days past due; the 60-day reminder went out on 2026-10-20.',
        },
      });
      // Act
      const { page } = await open({ sidebarCustomer: ok(panel) });
      // Assess
      expect(await page.locator('#next-action .callout-title').textContent()).toBe(
        'Final demand, by letter, on Nov 24, 2026',
      );
      expect(await page.locator('#next-action .why').textContent()).toContain('95 days past due');
      expect(await page.locator('#flags').count()).toBe(0);
      expect(await page.locator('#status-note').count()).toBe(0);
    });

    it('shows the note when the next action could not be asked of the backend', async () => {
      // Prepare
      const panel = customerPanel({
        flags: [],
        blocked: undefined,
        statusNote: 'Next action not available: Cannot reach the Duebook backend at https://api.test.',
      });
      // Act
      const { page } = await open({ sidebarCustomer: ok(panel) });
      // Assess
      expect(await page.locator('#next-action').textContent()).toBe('Nothing planned.');
      expect(await page.locator('#next #status-note').textContent()).toBe(
        'Next action not available: Cannot reach the Duebook backend at https://api.test.',
      );
      expect(await page.locator('#balance .amount-big').allTextContents()).toEqual(['$4,827.50']);
    });

    it('lists the late fees and interest the compliance rules refuse under the balance, with why', async () => {
      // Prepare: the balance the server computed already leaves the refused fee out.
      const panel = customerPanel({
        notCharged: [
          "FEE-1: the customer's Fees Agreed is not yes, so no late fee may be charged (15 U.S.C. 1692f(1)); waive it or record the agreement",
        ],
      });
      // Act
      const { page, pageErrors } = await open({ sidebarCustomer: ok(panel) });
      // Assess
      expect(await page.locator('#balance #not-charged p').textContent()).toBe(
        'Not charged (left out of the balance):',
      );
      expect(await page.locator('#balance #not-charged li').allTextContents()).toEqual([
        "FEE-1: the customer's Fees Agreed is not yes, so no late fee may be charged (15 U.S.C. 1692f(1)); waive it or record the agreement",
      ]);
      expect(pageErrors).toEqual([]);
      await screenshot(page, 'sidebar-not-charged');
    });

    it('shows no such list when nothing is refused', async () => {
      const { page } = await open({});
      expect(await page.locator('#not-charged').count()).toBe(0);
    });

    it('renders markup and formulas from the sheet as plain text', async () => {
      // Prepare
      const { page, pageErrors } = await open({ sidebarCustomer: ok(hostilePanel()) });
      // Act
      const name = await page.locator('#customer-name').textContent();
      // Assess
      expect(name).toBe('<script>window.__pwned = 1</script><b>Bold & Co</b>');
      expect(await page.locator('#customer-name b, #customer-name script, img').count()).toBe(0);
      expect(await page.locator('#contact-address').textContent()).toBe(
        '<img src=x onerror="window.__pwned=2">',
      );
      expect(await page.locator('#history-list .note').textContent()).toBe(
        '=HYPERLINK("http://evil.example","x")',
      );
      expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
      expect(pageErrors).toEqual([]);
    });

    it('loads the newly selected customer on Refresh', async () => {
      // Prepare
      const { page, answer, callsTo } = await open({});
      await answer(
        'sidebarCustomer',
        ok(customerPanel({ customerId: 'C-0107', name: 'Okafor Landscaping' })),
      );
      // Act
      await page.getByRole('button', { name: 'Refresh' }).click();
      // Assess
      await expect.poll(() => page.locator('#customer-name').textContent()).toBe('Okafor Landscaping');
      expect(await callsTo('sidebarCustomer')).toHaveLength(2);
    });

    it('fits the sidebar without horizontal scrolling and looks tidy (screenshot)', async () => {
      // Prepare
      const { page } = await open({});
      await page.locator('#action-plan summary').click();
      // Act
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      const path = await screenshot(page, 'sidebar-panel-300px');
      // Assess
      expect(overflow).toBe(0);
      expect(path).toMatch(/sidebar-panel-300px\.png$/);
    });

    it('labels every input', async () => {
      // Prepare
      const { page } = await open({});
      // Every action shown (releasing a credit hold shows only for a customer on hold).
      for (const s of await page.locator('details.action:not([hidden]) summary').all()) await s.click();
      // Act
      const unlabelled = await page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
        .filter((c) => c.type !== 'hidden' && !c.labels?.length && !c.getAttribute('aria-label'))
        .map((c) => c.outerHTML)`);
      // Assess
      expect(unlabelled).toEqual([]);
    });
  });

  describe('contact history', () => {
    it('opens a sent email from its history line, as it was sent, with office and debtor times', async () => {
      // Prepare
      const { page, callsTo, pageErrors, outsideRequests } = await open({
        customerMessages: ok({ messages: sentMessages(), activity: duebookActivity() }),
      });
      const opener = page.getByRole('button', { name: 'Open the email' });
      await opener.waitFor();
      // Act
      await opener.click();
      const email = page.getByRole('group', { name: 'Email sent to billing@hartwell-dental.example' });
      // Assess
      expect(await callsTo('customerMessages')).toEqual(['C-0042']);
      // The sheet's three lines and Duebook's "not sent" line; its email line is the sheet's own.
      expect(await page.locator('#history-list > li').count()).toBe(4);
      const line = page.locator('#history-list > li[data-activity="DB-reminder-30-email-2026-08-20"]');
      expect(await line.locator('.message-subject .secondary').textContent()).toBe(
        'Payment reminder: USD 3,627.50 past due',
      );
      expect(await email.locator('.email-subject').textContent()).toBe(
        'Payment reminder: USD 3,627.50 past due',
      );
      expect(await email.locator('.email-amounts').textContent()).toBe('$3,627.50');
      expect(await email.locator('.email-when').textContent()).toBe(
        'Nov 2, 2026, 9:14 AM office time; Nov 2, 2026, 9:14 AM America/New_York for the customer',
      );
      expect(await email.locator('.email-text').textContent()).toContain('Please pay by 2026-12-04.');
      await email.getByRole('button', { name: 'Formatted' }).click();
      await email.locator('iframe').waitFor();
      expect(await email.locator('iframe').getAttribute('sandbox')).toBe('');
      await email.scrollIntoViewIfNeeded();
      await screenshot(page, 'sidebar-history-formatted-email-300px');
      expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBe(0);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await email.getByRole('button', { name: 'Text' }).click();
      await page.locator('#history').scrollIntoViewIfNeeded();
      await screenshot(page, 'sidebar-history-open-email-300px');
    });

    it('shows what the debtor did with a sent email under its history line', async () => {
      // Prepare
      const [message] = sentMessages();
      const engagement = ['opened 2026-11-02 10:01', 'clicked the pay link 2026-11-02 10:02'];
      const { page } = await open({
        customerMessages: ok({ messages: [{ ...message!, engagement }], activity: duebookActivity() }),
      });
      const line = page.locator('#history-list > li[data-activity="DB-reminder-30-email-2026-08-20"]');
      // Act
      await line.locator('.engagement').waitFor();
      // Assess
      expect(await line.locator('.engagement').textContent()).toBe(
        'Opened 2026-11-02 10:01 · clicked the pay link 2026-11-02 10:02',
      );
      await line.scrollIntoViewIfNeeded();
      await screenshot(page, 'sidebar-history-engagement-300px');
    });

    it('shows a message Duebook did not send as Not sent, with the reason and the rule', async () => {
      // Prepare, Act
      const { page } = await open({
        customerMessages: ok({ messages: sentMessages(), activity: duebookActivity() }),
      });
      // Assess
      const item = page.locator('#history-list > li.history-not-sent');
      await item.waitFor();
      expect(await page.locator('#history-list > li .history-head').allTextContents()).toEqual([
        'Nov 21, 2026 Note outbound',
        'Nov 20, 2026 Call outbound',
        'Nov 2, 2026 Email outbound · reminder-30',
        'Oct 3, 2026 Letter inbound',
      ]);
      expect(await item.locator('.history-head').textContent()).toBe('Nov 21, 2026 Note outbound');
      expect(await item.locator('p').nth(1).textContent()).toBe(
        'Not sent Duebook did not send the reminder-60 email: the customer is represented by an attorney',
      );
      expect(await item.locator('p').nth(2).textContent()).toBe('Rule: flag/attorney');
    });

    it('lists a sent message the sheet has no line for yet, and says when the archive cannot be read', async () => {
      // Prepare
      const unsynced = customerPanel({ history: [] });
      const { page, answer } = await open({
        sidebarCustomer: ok(unsynced),
        customerMessages: ok({ messages: sentMessages(), activity: [] }),
      });
      // Act
      await page.getByRole('button', { name: 'Open the email' }).waitFor();
      // Assess
      const lines = (await page.locator('#history-list > li').allInnerTexts()).map((t) => t.split(/\n+/));
      expect(lines).toEqual([
        [
          'Nov 2, 2026 Email outbound · reminder-30',
          'sent Nov 2, 2026, 9:14 AM office time',
          'Payment reminder: USD 3,627.50 past due',
          'Open the email',
          'by duebook',
        ],
      ]);
      // Act: the archive is unreachable on the next load
      await answer(
        'customerMessages',
        fail('unreachable', 'The Duebook backend is not answering right now.'),
      );
      await page.getByRole('button', { name: 'Refresh' }).click();
      // Assess
      await expect
        .poll(() => page.locator('#messages-note').textContent())
        .toBe('Sent messages not available: The Duebook backend is not answering right now.');
    });
  });

  describe('log a contact', () => {
    it('sends the contact with today as the default date and says it was logged', async () => {
      // Prepare
      const { page, callsTo } = await open({ logContact: saved('Activity', 'A-981', 212) });
      const today = (await page.evaluate(
        `(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()`,
      )) as string;
      const form = page.getByRole('form', { name: 'Log a contact' });
      await page.getByText('Log a contact').click();
      // Act
      await form.getByLabel('Type').selectOption('call');
      await form.getByLabel('Direction').selectOption('outbound');
      await form.getByLabel('Outcome').fill('Promised to pay');
      await form.getByLabel('Note').fill('Will pay $500 on Friday <b>really</b>');
      await form.getByRole('button', { name: 'Log contact' }).click();
      // Assess
      await expect
        .poll(() => form.locator('[role="status"]').textContent())
        .toBe('Call logged for Hartwell Dental Group (Activity, row 212).');
      expect(await callsTo('logContact')).toEqual([
        {
          customerId: 'C-0042',
          type: 'call',
          direction: 'outbound',
          date: today,
          outcome: 'Promised to pay',
          note: 'Will pay $500 on Friday <b>really</b>',
        },
      ]);
      expect(await form.getByLabel('Note').inputValue()).toBe('');
      await expect.poll(async () => (await callsTo('sidebarCustomer')).length).toBe(2);
    });

    it('disables the form while the call is in flight', async () => {
      // Prepare
      const { page } = await open({ logContact: saved('Activity', 'A-1') }, { delayMs: 400 });
      const form = page.getByRole('form', { name: 'Log a contact' });
      await page.getByText('Log a contact').click();
      const button = form.getByRole('button', { name: 'Log contact' });
      // Act
      await button.click();
      // Assess
      expect(await button.isDisabled()).toBe(true);
      expect(await form.getByLabel('Note').isDisabled()).toBe(true);
      await form.locator('[role="status"]').waitFor();
      expect(await button.isDisabled()).toBe(false);
    });
  });

  describe('record a promise', () => {
    it('sends date, amount and currency and confirms', async () => {
      // Prepare
      const { page, callsTo } = await open({ recordPromise: saved('Promises', 'P-18', 19) });
      await page.getByText('Record a promise to pay').click();
      const form = page.getByRole('form', { name: 'Record a promise to pay' });
      // Act
      await form.getByLabel('Promised date').fill('2026-12-05');
      await form.getByLabel('Amount').fill('250.00');
      await form.getByLabel('Note').fill('Via bank transfer');
      await form.getByRole('button', { name: 'Record promise' }).press('Enter');
      // Assess
      await expect
        .poll(() => form.locator('[role="status"]').textContent())
        .toBe('Promise recorded for Hartwell Dental Group: 250.00 USD by Dec 5, 2026.');
      expect(await callsTo('recordPromise')).toEqual([
        {
          customerId: 'C-0042',
          promisedDate: '2026-12-05',
          amount: '250.00',
          currency: 'USD',
          note: 'Via bank transfer',
        },
      ]);
    });

    it('asks for the missing fields without calling the server', async () => {
      // Prepare
      const { page, callsTo } = await open({ recordPromise: saved('Promises', 'P-18') });
      await page.getByText('Record a promise to pay').click();
      const form = page.getByRole('form', { name: 'Record a promise to pay' });
      // Act
      await form.getByLabel('Amount').fill('12,50');
      await form.getByRole('button', { name: 'Record promise' }).click();
      // Assess
      expect(await form.locator('[data-field="promisedDate"] .field-error').textContent()).toBe('Required.');
      expect(await form.getByLabel('Promised date').getAttribute('aria-invalid')).toBe('true');
      expect(await callsTo('recordPromise')).toEqual([]);
    });
  });

  describe('payment plan', () => {
    it('enables Save only after a preview and disables it again when an input changes', async () => {
      // Prepare
      const preview = {
        installments: [1, 2, 3].map((n) => ({
          number: n,
          dueDate: `2026-1${n - 1 === 0 ? 2 : 0}-0${n}`,
          amount: { currency: 'USD', minor: 30_000, text: '$300.00' },
        })),
        total: { currency: 'USD', minor: 90_000, text: '$900.00' },
      };
      const { page, callsTo } = await open({ previewPlan: ok(preview), savePlan: saved('Plans', 'PL-4', 5) });
      await page.getByText('Set up a payment plan').click();
      const form = page.getByRole('form', { name: 'Set up a payment plan' });
      const save = form.getByRole('button', { name: 'Save plan' });
      await form.getByLabel('Total').fill('900.00');
      await form.getByLabel('First payment').fill('2026-12-01');
      await form.getByLabel('Installments').fill('3');
      expect(await save.isDisabled()).toBe(true);
      // Act
      await form.getByRole('button', { name: 'Preview' }).click();
      // Assess
      await expect.poll(() => save.isDisabled()).toBe(false);
      expect(await form.locator('#plan-schedule tbody tr').count()).toBe(3);
      expect(await form.locator('#plan-schedule tfoot').textContent()).toBe('Total$900.00');
      const input = {
        customerId: 'C-0042',
        startDate: '2026-12-01',
        total: '900.00',
        currency: 'USD',
        installments: 3,
        frequency: 'monthly',
      };
      expect(await callsTo('previewPlan')).toEqual([input]);

      // Act: a change after the preview
      await form.getByLabel('Installments').fill('4');
      // Assess
      expect(await save.isDisabled()).toBe(true);
      expect(await form.locator('#plan-schedule').getAttribute('class')).toContain('stale');

      // Act: preview again, then save
      await form.getByRole('button', { name: 'Preview' }).click();
      await expect.poll(() => save.isDisabled()).toBe(false);
      await save.click();
      // Assess
      await expect
        .poll(() => form.locator('[role="status"]').textContent())
        .toBe('Payment plan saved for Hartwell Dental Group: 4 installments from Dec 1, 2026.');
      expect(await callsTo('savePlan')).toEqual([{ ...input, installments: 4 }]);
      expect(await save.isDisabled()).toBe(true);
    });
  });

  describe('post a payment', () => {
    it('sends the ticked invoices, method and reference', async () => {
      // Prepare
      const { page, callsTo } = await open({ postPayment: saved('Payments', 'PAY-77', 40) });
      await page.getByText('Post a payment').click();
      const form = page.getByRole('form', { name: 'Post a payment' });
      // Act
      await form.getByLabel('Amount').fill('1627.50');
      await form.getByLabel('Date received').fill('2026-11-22');
      await form.getByLabel('Method').selectOption('check');
      await form.getByLabel('Reference (optional)').fill('CHK 10442');
      await form.getByLabel('INV-2026-0932').check();
      await form.getByRole('button', { name: 'Post payment' }).click();
      // Assess
      await expect
        .poll(() => form.locator('[role="status"]').textContent())
        .toBe('Payment of 1627.50 USD posted for Hartwell Dental Group.');
      expect(await callsTo('postPayment')).toEqual([
        {
          customerId: 'C-0042',
          date: '2026-11-22',
          amount: '1627.50',
          currency: 'USD',
          appliesTo: ['INV-2026-0932'],
          method: 'check',
          reference: 'CHK 10442',
        },
      ]);
    });
  });

  describe('flags', () => {
    it('asks before setting deceased, and sends nothing on Cancel', async () => {
      // Prepare
      const { page, callsTo } = await open({ setFlag: saved('Customers', 'C-0042', 7) });
      await page.getByText('Set or clear a flag').click();
      // Act
      await page.getByRole('button', { name: 'Set Deceased' }).click();
      // Assess
      const dialog = page.getByRole('alertdialog');
      expect(await dialog.textContent()).toContain('stops all contact');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await dialog.isHidden()).toBe(true);
      expect(await callsTo('setFlag')).toEqual([]);

      // Act: confirm this time
      await page.getByRole('button', { name: 'Set Deceased' }).click();
      await page.getByRole('button', { name: 'Yes, set deceased' }).click();
      // Assess
      await expect
        .poll(() => page.locator('#action-flags [role="status"]').textContent())
        .toBe('Deceased set for Hartwell Dental Group.');
      expect(await callsTo('setFlag')).toEqual([{ customerId: 'C-0042', flag: 'deceased', on: true }]);
    });

    it("asks for the attorney's name and contact with the attorney flag, and sends them with it", async () => {
      // Prepare
      const { page, callsTo } = await open({
        sidebarCustomer: ok(customerPanel({ flags: [] })),
        setFlag: saved('Customers', 'C-0042', 7),
      });
      await page.getByText('Set or clear a flag').click();
      await page.getByRole('button', { name: 'Set Attorney' }).click();
      const dialog = page.getByRole('alertdialog');
      // Act: nothing filled in
      await dialog.getByRole('button', { name: 'Yes, set attorney' }).click();
      // Assess
      expect(await dialog.getByText('Required.').count()).toBe(2);
      expect(await callsTo('setFlag')).toEqual([]);
      // Act
      await dialog.getByLabel("Attorney's name").fill('Dana Whitfield, Whitfield & Cole LLP');
      await dialog.getByLabel('Phone, email or address').fill('+1 617 555 0199');
      await dialog.getByRole('button', { name: 'Yes, set attorney' }).click();
      // Assess
      await expect
        .poll(() => page.locator('#action-flags [role="status"]').textContent())
        .toBe('Attorney set for Hartwell Dental Group.');
      expect(await callsTo('setFlag')).toEqual([
        {
          customerId: 'C-0042',
          flag: 'attorney',
          on: true,
          attorneyName: 'Dana Whitfield, Whitfield & Cole LLP',
          attorneyContact: '+1 617 555 0199',
        },
      ]);
    });

    it('names the attorney under the flags, or says what is missing', async () => {
      // Prepare, Act
      const named = await open({
        sidebarCustomer: ok(
          customerPanel({ attorney: { name: 'Dana Whitfield', contact: '+1 617 555 0199' } }),
        ),
      });
      const namedText = await named.page.locator('#attorney').textContent();
      await named.context.close();
      const missing = await open({
        sidebarCustomer: ok(customerPanel({ attorney: { name: 'Dana Whitfield' } })),
      });
      // Assess
      expect(namedText).toBe('Represented by Dana Whitfield · +1 617 555 0199');
      expect(await missing.page.locator('#attorney').textContent()).toContain('contact is not on file');
    });

    it('clears a flag that is on without asking', async () => {
      // Prepare
      const { page, callsTo } = await open({ setFlag: saved('Customers', 'C-0042') });
      await page.getByText('Set or clear a flag').click();
      // Act
      await page.getByRole('button', { name: 'Clear Attorney' }).click();
      // Assess
      await expect
        .poll(() => callsTo('setFlag'))
        .toEqual([{ customerId: 'C-0042', flag: 'attorney', on: false }]);
    });
  });

  describe('contact details changed', () => {
    it('sends the new address and where it came from', async () => {
      // Prepare
      const { page, callsTo } = await open({ markContactChanged: saved('Contact Changes', 'CC-3') });
      await page.getByText('Contact details changed').click();
      const form = page.getByRole('form', { name: 'Contact details changed' });
      expect(await form.locator('#contact-current').textContent()).toBe(
        'On file: 12 Beacon Street, Suite 400, Boston, MA 02108',
      );
      // Act
      await form.getByLabel('New value').fill('1 Federal Street, Boston, MA 02110');
      await form.getByLabel('Source').selectOption('customer');
      await form.getByRole('button', { name: 'Save change' }).click();
      // Assess
      await expect
        .poll(() => callsTo('markContactChanged'))
        .toEqual([
          {
            customerId: 'C-0042',
            field: 'address',
            newValue: '1 Federal Street, Boston, MA 02110',
            source: 'customer',
          },
        ]);
    });
  });

  describe('failures', () => {
    const cases: [UiErrorKind, RegExp][] = [
      ['unreachable', /check the backend URL in .*Settings/],
      ['unauthorized', /Ask your office admin to add your Google account/],
      [
        'multiple-accounts',
        /Sign out of your other Google accounts, or open this sheet in an incognito window/,
      ],
      ['no-selection', /Select a row on a ledger tab/],
      ['other', /Try again/],
    ];
    for (const [kind, advice] of cases) {
      it(`says what to do when loading fails: ${kind}`, async () => {
        // Prepare
        const answers: Answers = { sidebarCustomer: fail(kind, `Server says ${kind}.`) };
        // Act
        const { page } = await open(answers);
        // Assess
        const alert = page.locator('#message [role="alert"]');
        expect(await alert.getAttribute('data-kind')).toBe(kind);
        expect(await alert.textContent()).toContain(`Server says ${kind}.`);
        expect(await alert.textContent()).toMatch(advice);
        expect(await page.locator('#actions').isHidden()).toBe(true);
      });
    }

    it('shows field errors from the server beside their fields (invalid)', async () => {
      // Prepare
      const { page } = await open({
        recordPromise: fail('invalid', 'The promise was not saved.', [
          { field: 'amount', message: 'More than the balance of $4,827.50.' },
          { field: 'promisedDate', message: 'Must be after today.' },
          { field: 'approvedBy', message: 'Needs a supervisor.' },
        ]),
      });
      await page.getByText('Record a promise to pay').click();
      const form = page.getByRole('form', { name: 'Record a promise to pay' });
      await form.getByLabel('Promised date').fill('2020-01-01');
      await form.getByLabel('Amount').fill('9000');
      // Act
      await form.getByRole('button', { name: 'Record promise' }).click();
      // Assess
      const alert = form.locator('[role="alert"]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-kind')).toBe('invalid');
      expect(await alert.textContent()).toContain('See the messages beside the fields');
      expect(await alert.textContent()).toContain('approvedBy: Needs a supervisor.');
      expect(await form.locator('[data-field="amount"] .field-error').textContent()).toBe(
        'More than the balance of $4,827.50.',
      );
      expect(await form.locator('[data-field="promisedDate"] .field-error').textContent()).toBe(
        'Must be after today.',
      );
      expect(await form.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    });

    it('treats a thrown server error with PERMISSION_DENIED as the multiple-accounts problem', async () => {
      // Prepare
      const answers: Answers = {
        sidebarCustomer: {
          throw:
            "We're sorry, a server error occurred while reading from storage. Error code PERMISSION_DENIED.",
        },
      };
      // Act
      const { page } = await open(answers);
      // Assess
      const alert = page.locator('#message [role="alert"]');
      expect(await alert.getAttribute('data-kind')).toBe('multiple-accounts');
      expect(await alert.textContent()).toContain('incognito window');
    });
  });

  describe('sync', () => {
    it('keeps calling continueSync while the server says continuing, with progress and rejected rows', async () => {
      // Prepare
      const { page, calls } = await open(
        {
          startSync: ok(progress('continuing', 2000, 9000)),
          continueSync: [
            ok(progress('continuing', 5000, 9000, 2)),
            ok(progress('continuing', 8000, 9000, 3)),
            ok(progress('done', 9000, 9000, 3)),
          ],
        },
        { delays: { continueSync: 300 } },
      );
      // Act
      await page.getByRole('button', { name: 'Sync now' }).click();
      // Assess: in flight
      expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
      await expect.poll(() => page.locator('#sync-count').textContent()).toBe('5,000 of 9,000 rows');
      // Assess: done
      await expect
        .poll(() => page.locator('#sync [role="status"]').textContent())
        .toBe('Sync finished with 3 rejected rows.');
      expect(await page.locator('#sync-count').textContent()).toBe('9,000 of 9,000 rows');
      expect(await page.locator('#sync-rejected').textContent()).toBe(
        '3 rows rejected: see the notes beside them in the sheet.',
      );
      expect(await page.locator('#sync-progress').getAttribute('value')).toBe('9000');
      expect(await page.locator('#sync-progress').getAttribute('max')).toBe('9000');
      const names = (await calls())
        .map((c) => c.name)
        .filter(
          (n) =>
            n !== 'sidebarCustomer' &&
            n !== 'getSyncProgress' &&
            n !== 'customerMessages' &&
            n !== 'officeStatus' &&
            n !== 'displayLocale',
        );
      expect(names).toEqual(['startSync', 'continueSync', 'continueSync', 'continueSync']);
      expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(false);
    });

    it('carries on a sync the menu left continuing when the sidebar opens', async () => {
      // Prepare, Act
      const { page, calls } = await open({
        getSyncProgress: ok(progress('continuing', 4000, 9000)),
        continueSync: ok(progress('done', 9000, 9000)),
      });
      // Assess
      await expect.poll(() => page.locator('#sync [role="status"]').textContent()).toBe('Sync finished.');
      // (each panel load also asks for the customer's sent messages, after the panel shows; the
      // sidebar asks once whether the account has an office, issue #17)
      expect(
        (await calls())
          .map((c) => c.name)
          .filter((n) => n !== 'customerMessages' && n !== 'officeStatus' && n !== 'displayLocale'),
      ).toEqual(['sidebarCustomer', 'getSyncProgress', 'continueSync', 'sidebarCustomer']);
    });

    it('leaves a finished sync alone when the sidebar opens', async () => {
      // Prepare, Act
      const { page, callsTo } = await open({ getSyncProgress: ok(progress('done', 9000, 9000)) });
      await expect.poll(async () => (await callsTo('getSyncProgress')).length).toBe(1);
      // Assess
      expect(await callsTo('continueSync')).toEqual([]);
      expect(await page.locator('.sync-progress').isHidden()).toBe(true);
    });

    it('stops and explains when a round fails', async () => {
      // Prepare
      const { page, callsTo } = await open({
        startSync: ok(progress('continuing', 100, 900)),
        continueSync: fail('unreachable', 'The backend timed out.'),
      });
      // Act
      await page.getByRole('button', { name: 'Sync now' }).click();
      // Assess
      const alert = page.locator('#sync [role="alert"]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-kind')).toBe('unreachable');
      expect(await callsTo('continueSync')).toHaveLength(1);
    });
  });

  describe('action forms at 300px', () => {
    it('returns every choice of every select readable in full (no option cut off)', async () => {
      // Prepare
      const { page } = await open({});
      for (const summary of await page.locator('#actions details.action:not([hidden]) > summary').all())
        await summary.click();
      // Act: the widest option's text in the select's own font, against the room the select gives it.
      const cut = (await page.evaluate(`[...document.querySelectorAll('#actions select')].flatMap((s) => {
        const style = getComputedStyle(s);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = style.font;
        const widest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
        // The arrow and padding take about 28px of a native select.
        const room = s.getBoundingClientRect().width - 28;
        return widest > room ? [s.name + ': ' + Math.round(widest) + ' > ' + Math.round(room)] : [];
      })`)) as string[];
      // Assess
      expect(await page.locator('#actions select').count()).toBeGreaterThan(1);
      expect(cut).toEqual([]);
    });
  });

  describe('today', () => {
    const todayList = {
      asOf: '2026-11-23',
      tasks: [
        {
          channel: 'call',
          customerId: 'C-0042',
          customerName: 'Hartwell Dental Group',
          row: 7,
          stage: 'reminder-60',
          stageLabel: '60-day reminder',
          localTime: '2026-11-23 09:00 America/New_York',
          overdue: ['USD 4,827.50'],
          why: 'Hartwell Dental Group owes USD 4,827.50 overdue, 95 days past due.',
          phone: '+1 (617) 555-0142',
          script: {
            tone: 'firm',
            opening: 'This is [your name] from Lakeside Dental. Your account has USD 4,827.50 overdue.',
            asks: ['Ask for Hartwell Dental Group by name.', 'Ask when it can be paid.'],
            message:
              'Please ask Hartwell Dental Group to call [your name] at Lakeside Dental at +1 555 0100.',
          },
        },
        {
          channel: 'letter',
          customerId: 'C-0077',
          customerName: 'Juniper Yoga Studio With A Very Long Trading Name Incorporated',
          row: 12,
          stage: 'validation-notice',
          stageLabel: 'Validation notice',
          localTime: '2026-11-23 08:00 America/Los_Angeles',
          overdue: ['USD 3,840.25'],
          why: 'Juniper owes USD 3,840.25.',
          address: '88 Pine Street, Apartment 4, San Francisco, CA 94111',
        },
      ],
    };

    it('puts Sync now and the Today list above the customer, the primary actions first', async () => {
      // Prepare, Act
      const { page } = await open({});
      // Assess
      const order = await page.evaluate(
        `[...document.querySelectorAll('#sync, #today, #customer-name')].map((e) => e.id)`,
      );
      expect(order).toEqual(['sync', 'today', 'customer-name']);
    });

    it('loads the list when opened: each call with its number, stage name and script, each letter with its address', async () => {
      // Prepare
      const { page, callsTo } = await open({ todayTasks: ok(todayList) });
      // Act
      await page.getByText("Today's calls and letters").click();
      await page.locator('#today-calls li').first().waitFor();
      // Assess
      expect(await callsTo('todayTasks')).toHaveLength(1);
      const call = page.locator('#today-calls li').first();
      expect(await call.locator('.today-who').textContent()).toBe(
        'Hartwell Dental Group · 60-day reminder, by call',
      );
      expect(await call.getByRole('link', { name: '+1 (617) 555-0142' }).getAttribute('href')).toBe(
        'tel:+16175550142',
      );
      await call.getByText('Script').click();
      expect(await call.locator('details.script').textContent()).toContain(
        'Ask for Hartwell Dental Group by name.',
      );
      expect(await page.locator('#today-letters li').textContent()).toContain('88 Pine Street');
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBe(0);
      await screenshot(page, 'sidebar today list 300px');
    });

    it("logs a call's outcome in one click, as a call the contact rules read", async () => {
      // Prepare
      const { page, callsTo } = await open({
        todayTasks: ok(todayList),
        logContact: saved('Activity', 'ACT-1', 40),
      });
      await page.getByText("Today's calls and letters").click();
      const call = page.locator('#today-calls li').first();
      // Act
      await call.getByRole('button', { name: 'Voicemail' }).click();
      // Assess
      await call.getByText('Logged: voicemail.').waitFor();
      const [logged] = (await callsTo('logContact')) as Record<string, unknown>[];
      expect(logged).toMatchObject({
        customerId: 'C-0042',
        type: 'call',
        direction: 'outbound',
        outcome: 'voicemail',
      });
      expect(await call.getByRole('button', { name: 'Spoke with them' }).isHidden()).toBe(true);
    });

    it.each([
      ['Promised to pay', 'promised-to-pay'],
      ['Refused to pay', 'refused-to-pay'],
    ])('logs "%s" as the outcome %s, which core reads as a conversation', async (label, outcome) => {
      // Prepare
      const { page, callsTo } = await open({
        todayTasks: ok(todayList),
        logContact: saved('Activity', 'ACT-1', 40),
      });
      await page.getByText("Today's calls and letters").click();
      const call = page.locator('#today-calls li').first();
      // Act
      await call.getByRole('button', { name: label }).click();
      // Assess
      await call.getByText(`Logged: ${label.toLowerCase()}.`).waitFor();
      const [logged] = (await callsTo('logContact')) as Record<string, unknown>[];
      expect(logged).toMatchObject({ customerId: 'C-0042', type: 'call', outcome });
      expect(isConversation({ type: 'call', outcome })).toBe(true);
    });

    it('shows a refused log beside the call and keeps its buttons', async () => {
      // Prepare
      const { page } = await open({
        todayTasks: ok(todayList),
        logContact: fail('unreachable', 'The backend timed out.'),
      });
      await page.getByText("Today's calls and letters").click();
      const call = page.locator('#today-calls li').first();
      // Act
      await call.getByRole('button', { name: 'Spoke with them' }).click();
      // Assess
      await call.locator('[role="alert"]').waitFor();
      expect(await call.getByRole('button', { name: 'Spoke with them' }).isVisible()).toBe(true);
    });

    it("saves each letter's printable PDF in one click, and says why when the backend has none", async () => {
      // Prepare
      const pdf = Buffer.from('%PDF-1.4\n%letter\n').toString('base64');
      const { page, callsTo, answer } = await open({
        todayTasks: ok(todayList),
        todayLetterPdf: ok({ fileName: 'letter-C-0077-2026-11-23.pdf', base64: pdf }),
      });
      await page.getByText("Today's calls and letters").click();
      const letter = page.locator('#today-letters li').first();
      const button = letter.getByRole('button', { name: /^Print the letter \(PDF\): Juniper/ });
      // Act
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      // Assess
      expect(download.suggestedFilename()).toBe('letter-C-0077-2026-11-23.pdf');
      expect(
        readFileSync(await download.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      expect(await callsTo('todayLetterPdf')).toEqual(['C-0077']);
      expect(
        await letter.getByRole('link', { name: 'Save letter-C-0077-2026-11-23.pdf again' }).count(),
      ).toBe(1);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBe(0);
      await screenshot(page, 'sidebar today letter pdf 300px');
      // A letter the backend no longer plans: the reason beside the button.
      await answer(
        'todayLetterPdf',
        fail('other', 'No letter for C-0077 today: the customer disputes the debt.'),
      );
      await button.click();
      await letter.locator('[role="alert"]').waitFor();
      expect(await letter.locator('[role="alert"]').textContent()).toContain('disputes the debt');
    });
  });

  describe('credit hold', () => {
    it('offers the release only for a customer on hold, and releases it with the reason in one call', async () => {
      // Prepare: first a customer with no hold, then one on hold.
      const held = { ...customerPanel(), flags: ['credit-hold'] };
      const { page, callsTo, answer } = await open({});
      expect(await page.locator('#action-credit-hold').isHidden()).toBe(true);
      await answer('sidebarCustomer', ok(held));
      await answer(
        'releaseCreditHold',
        ok({
          customerId: held.customerId,
          result: 'released',
          message: `Credit hold released for ${held.name}. The credit contact (credit@lakeside.example) was told.`,
        }),
      );
      await page.locator('#refresh').click();
      await page.locator('#action-credit-hold').waitFor({ state: 'visible' });
      // Act
      await page.locator('#action-credit-hold summary').click();
      await page.getByLabel('Why (told to the credit contact)').fill('Owner promised a wire on Friday');
      await answer('sidebarCustomer', ok(customerPanel()));
      await page.getByRole('button', { name: 'Release the hold' }).click();
      // Assess
      await page.getByText('was told.').waitFor();
      expect(await callsTo('releaseCreditHold')).toEqual([
        { customerId: held.customerId, note: 'Owner promised a wire on Friday' },
      ]);
      // The panel reloads without the flag; the message stays where the clerk looked.
      expect(await page.locator('#action-credit-hold').isVisible()).toBe(true);
      await screenshot(page, 'sidebar credit hold released 300px');
    });
  });
});
