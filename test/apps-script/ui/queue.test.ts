// The "tomorrow's queue" dialog in headless Chromium: each entry as the email it would be (or why it
// would not go), select-all, bulk approve and skip through one decideQueue call, counts shown after;
// sends that may have gone out and failed customers with their own actions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { email as emailFixture, queueEntries, settlingEntries } from './fixtures.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

/** The first bytes of a PDF, as base64 (what storedLetterPdf answers). */
const PDF_BASE64 = Buffer.from('%PDF-1.4\n%test\n').toString('base64');

const pages = usePages('queue');

async function open(answers: Answers): Promise<OpenedPage> {
  const opened = await pages.open('queue', {
    answers: {
      getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: queueEntries() }),
      ...answers,
    },
    width: 900,
    height: 600,
  });
  await opened.page.waitForFunction("document.getElementById('queue-summary').textContent !== 'Loading…'");
  return opened;
}

const allKeys = queueEntries().map(({ customerId, stage, channel, cycle }) => ({
  customerId,
  stage,
  channel,
  cycle,
}));

describe('queue dialog', () => {
  describe('list', () => {
    it('shows each planned email by its subject, with when, what it states and why', async () => {
      // Prepare
      const { page, pageErrors, outsideRequests } = await open({});
      // Act
      const rows = page.locator('tbody tr.entry-row');
      // Assess
      expect(await page.locator('#queue-summary').textContent()).toBe(
        '3 messages planned after Nov 23, 2026. Tick the ones to approve or skip. Times are office time (America/New_York).',
      );
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
        '',
        'Hartwell Dental GroupC-0042',
        'Payment reminder: USD 4,827.50 past due60-day reminder, by email · Nov 24, 2026, 9:00 AMShow email',
        '$4,827.50',
        'Oldest invoice is 61 days past due; reminder-60 not yet sent this cycle.',
      ]);
      expect(await rows.nth(2).locator('td').nth(1).textContent()).toBe('C-0230');
      expect(await rows.nth(2).locator('td').nth(2).textContent()).toBe('Final demand, by letter');
      expect(await page.locator('.details-row').first().isHidden()).toBe(true);
      expect(await page.getByRole('button', { name: /Approve/ }).isDisabled()).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'queue-dialog');
    });

    it('shows a validation-notice letter with the stored PDF to print and mail and its dispute date', async () => {
      // Prepare
      const letter = {
        customerId: 'C-0311',
        customerName: 'Dana Debtor',
        stage: 'validation-notice',
        channel: 'letter',
        cycle: '2026-10-20',
        kind: 'review',
        why: 'Print and mail the validation notice.',
        letter: {
          pdf: 'tenant/t1/letters/validation-notice/C-0311/2026-10-20.pdf',
          disputeBy: '2026-12-28',
        },
      };
      const { page } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: [letter] }),
      });
      await pages.current!.answer('storedLetterPdf', ok({ fileName: '2026-10-20.pdf', base64: PDF_BASE64 }));
      // Act: one click on the letter's button saves the PDF.
      const cell = page.locator('tbody tr.entry-row').nth(0).locator('td').nth(2);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        cell.getByRole('button', { name: 'Open the letter (PDF): Dana Debtor (C-0311)' }).click(),
      ]);
      // Assess: a button to the PDF, never the storage key as text.
      expect(await cell.locator('.letter').textContent()).toMatch(
        /^Letter to print and mail \(dispute by Dec 28, 2026\): Open the letter \(PDF\)/,
      );
      expect(await cell.textContent()).not.toContain('tenant/t1');
      expect(await pages.current!.callsTo('storedLetterPdf')).toEqual([
        'tenant/t1/letters/validation-notice/C-0311/2026-10-20.pdf',
      ]);
      expect(download.suggestedFilename()).toBe('2026-10-20.pdf');
      const saved = await download.path();
      expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
      await page.setViewportSize({ width: 300, height: 600 });
      await screenshot(page, 'queue-dialog-letter-300px');
    });

    it('shows credit-department tasks in their own section: account, balance, aging, reason, whom told', async () => {
      // Prepare
      const task = (customerId: string, notice: 'hold' | 'release', told: boolean) => ({
        customerId,
        customerName: customerId === 'C-0077' ? 'Harbor Supply Co' : 'Quay Bakery',
        stage: notice === 'release' ? 'credit-hold-release' : 'credit-hold',
        stageLabel: notice === 'release' ? 'Credit hold release' : 'Credit hold',
        channel: notice === 'release' ? 'internal:release' : 'internal:credit-hold',
        cycle: '2026-10-04',
        kind: 'task',
        why: 'Credit hold: Harbor Supply Co (C-0077).',
        credit: {
          notice,
          action: 'Credit hold',
          reason:
            notice === 'release'
              ? 'Release the credit hold on Harbor Supply Co (held 2026-11-10, stage credit-hold): a clerk decided: wire promised.'
              : 'Quay Bakery is 50 days past due on the trade-credit ladder: stage credit-hold.',
          accounts: [
            {
              balance: { currency: 'USD', minor: 120_000, text: '$1,200.00' },
              overdue: { currency: 'USD', minor: 120_000, text: '$1,200.00' },
              oldestDaysPastDue: 50,
            },
          ],
          subject: 'Credit hold',
          ...(told
            ? { notifiedTo: 'credit@lakeside.example', sentAt: '2026-11-23 09:02' }
            : { waiting: "no credit contact is set (Settings: the credit contact's email)" }),
        },
      });
      const entries = [task('C-0077', 'release', true), task('C-0078', 'hold', false), ...queueEntries()];
      const { page } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries }),
        decideQueue: ok({ changed: 1, unchanged: 0 }),
      });
      // Act
      const section = page.locator('#queue-credit section');
      const cards = section.locator('li.queue-card');
      // Assess
      expect(await section.locator('h2').textContent()).toBe('For the credit department (2)');
      expect(await cards.count()).toBe(2);
      expect(await page.locator('tbody tr.entry-row').count()).toBe(3);
      const first = cards.nth(0);
      expect(await first.locator('.credit-what').textContent()).toBe('Credit hold released');
      expect(await first.locator('.credit-accounts tbody td').allTextContents()).toEqual([
        '$1,200.00',
        '$1,200.00',
        '50 days past due',
      ]);
      expect(await first.locator('.credit-reason').textContent()).toContain('a clerk decided: wire promised');
      expect(await first.locator('.credit-told').textContent()).toBe(
        'Told credit@lakeside.example at Nov 23, 2026, 9:02 AM.',
      );
      expect(await cards.nth(1).locator('.credit-told').textContent()).toMatch(
        /^Not told yet: no credit contact/,
      );
      expect(await page.locator('#queue-summary').textContent()).toContain(
        '2 tasks for the credit department',
      );
      await screenshot(page, 'queue-dialog-credit-tasks');
      await page.setViewportSize({ width: 300, height: 600 });
      await screenshot(page, 'queue-dialog-credit-tasks-300px');
      // Done: one decideQueue call with that task's key and the task's own action (not approve).
      await first.getByRole('button', { name: 'Done' }).click();
      await page.waitForFunction("document.getElementById('message').textContent.includes('marked done')");
      expect(await pages.current!.callsTo('decideQueue')).toEqual([
        {
          decision: 'done',
          entries: [
            {
              customerId: 'C-0077',
              stage: 'credit-hold-release',
              channel: 'internal:release',
              cycle: '2026-10-04',
            },
          ],
        },
      ]);
    });

    it('shows a line that would not be sent with the reason (its date in the office locale) and the rule', async () => {
      // Prepare, Act
      const { page } = await open({});
      // Assess
      const cell = page.locator('tbody tr.entry-row').nth(1).locator('td').nth(2);
      expect(await cell.locator('.chip-not-sent').textContent()).toBe('Would not send');
      expect(await cell.locator('.not-sent-reason').textContent()).toBe(
        'nothing is due from Okafor Landscaping any more (paid, credited or no longer overdue as of Nov 23, 2026)',
      );
      expect(await cell.locator('.matter').textContent()).toBe(
        '1-day reminder, by email · send-time/nothing-due',
      );
      expect(await cell.getByRole('button', { name: 'Show email' }).count()).toBe(0);
    });

    it('opens the exact email, as text and formatted in a frame that runs and loads nothing', async () => {
      // Prepare
      const { page, pageErrors, outsideRequests } = await open({});
      // Act
      await page.getByRole('button', { name: 'Show email' }).click();
      const email = page.getByRole('group', { name: 'Email to Hartwell Dental Group (C-0042)' });
      // Assess: text first
      expect(await email.locator('.email-facts').textContent()).toBe(
        "Tobilling@hartwell-dental.exampleSubjectPayment reminder: USD 4,827.50 past dueStates$4,827.50WhenNov 24, 2026, 9:00 AM America/New_York (debtor's time)",
      );
      expect(await email.locator('.email-text').textContent()).toContain(
        'INV-2026-0932  due 2026-09-30  USD 1,627.50',
      );
      expect(await page.getByRole('button', { name: 'Hide email' }).getAttribute('aria-expanded')).toBe(
        'true',
      );
      // Act
      await email.getByRole('button', { name: 'Formatted' }).click();
      const frame = email.locator('iframe.email-html');
      await frame.waitFor();
      const inner = page.frameLocator('iframe.email-html');
      // Assess: the HTML part inside a sandbox with no permissions, its script never run
      expect(await frame.getAttribute('sandbox')).toBe('');
      expect(await inner.locator('strong').textContent()).toBe('USD 4,827.50');
      expect(await email.locator('.email-text').isHidden()).toBe(true);
      expect(await page.evaluate('window.__pwned === undefined')).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'queue-dialog-email-open');
    });

    it('shows the From and Reply-To the email will leave with, and why it is not yet the office domain', async () => {
      // Prepare: the backend's preview says the office's domain is still pending.
      const entries = queueEntries().map((e, i) =>
        i === 0
          ? {
              ...e,
              preview: emailFixture({
                from: '"Lakeside Dental" <billing@duebook.example.com>',
                replyTo: 'front-desk@lakeside.example',
                fromNote:
                  "Sent from Duebook's address under your office's name until lakeside-dental.example is verified.",
              }),
            }
          : e,
      );
      const { page, pageErrors } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries }),
      });
      // Act
      await page.getByRole('button', { name: 'Show email' }).first().click();
      const email = page.getByRole('group', { name: 'Email to Hartwell Dental Group (C-0042)' });
      // Assess
      expect(await email.locator('.email-facts').textContent()).toMatch(
        /^From"Lakeside Dental" <billing@duebook\.example\.com>Reply-tofront-desk@lakeside\.exampleTobilling@hartwell-dental\.example/,
      );
      expect(await email.locator('.email-from-note').textContent()).toBe(
        "Sent from Duebook's address under your office's name until lakeside-dental.example is verified.",
      );
      expect(pageErrors).toEqual([]);
      await screenshot(page, 'queue-dialog-email-from');
    });

    it('shows sends that may have gone out with their facts, and failed customers with their error', async () => {
      // Prepare, Act
      const { page, pageErrors } = await open({
        getQueue: ok({
          asOf: '2026-11-23',
          timeZone: 'America/New_York',
          entries: [...queueEntries(), ...settlingEntries()],
        }),
      });
      // Assess
      expect(await page.locator('#queue-summary').textContent()).toBe(
        '3 messages planned after Nov 23, 2026. Tick the ones to approve or skip. 1 send may have gone out; 1 customer could not be planned: see below. Times are office time (America/New_York).',
      );
      const uncertain = page.locator('.card-uncertain');
      expect(await page.locator('#uncertain-title').textContent()).toBe('May have been sent (1)');
      expect(await uncertain.locator('.uncertain-facts').textContent()).toBe(
        'Handed to the mail service at Nov 23, 2026, 10:02 AM (attempt 1), never confirmed.',
      );
      expect(await uncertain.locator('summary').textContent()).toBe(
        'The email as sent: Payment reminder: USD 400.00 past due',
      );
      // The email's own buttons are inside the closed details: only the decisions show.
      expect(await uncertain.getByRole('button').allTextContents()).toEqual([
        'Send again',
        "It was sent, don't resend",
      ]);
      const failed = page.locator('.card-failed');
      expect(await page.locator('#failed-title').textContent()).toBe('Could not be planned or sent (1)');
      expect(await failed.locator('.failed-reason').textContent()).toBe(
        'the open balance of Lindqvist Bakery exceeds the largest exact amount',
      );
      expect(await failed.getByRole('button').allTextContents()).toEqual(['Dismiss']);
      expect(pageErrors).toEqual([]);
      await uncertain.locator('summary').click();
      await screenshot(page, 'queue-dialog-uncertain-failed');
    });

    it('shows the text alone, and says why, for an email whose formatted part a long queue left out', async () => {
      // Prepare
      const [first, ...rest] = queueEntries();
      const long = { ...first!, preview: { ...first!.preview!, html: '', htmlOmitted: true } };
      const { page } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: [long, ...rest] }),
      });
      // Act
      await page.getByRole('button', { name: 'Show email' }).click();
      // Assess
      const email = page.getByRole('group', { name: 'Email to Hartwell Dental Group (C-0042)' });
      expect(await email.getByRole('button', { name: 'Formatted' }).count()).toBe(0);
      expect(await email.locator('.email-omitted').textContent()).toBe(
        'The formatted version is left out of this long list; the text is the same message.',
      );
      expect(await email.locator('.email-text').textContent()).toContain('Please pay by 2026-12-04.');
    });

    it('says so when nothing is planned', async () => {
      // Prepare, Act
      const { page } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: [] }),
      });
      // Assess
      expect(await page.locator('#queue-summary').textContent()).toBe(
        'Nothing is planned to go out after Nov 23, 2026.',
      );
      expect(await page.locator('table').count()).toBe(0);
    });

    it('explains a failure to load', async () => {
      // Prepare, Act
      const { page } = await open({
        getQueue: fail('unauthorized', 'Access denied for clerk@office.example.'),
      });
      // Assess
      const alert = page.getByRole('alert');
      expect(await alert.getAttribute('data-kind')).toBe('unauthorized');
      expect(await alert.textContent()).toContain('Ask your office admin to add your Google account');
    });
    it('offers Retry after a failure to load, and shows the queue when the retry succeeds', async () => {
      // Prepare
      const { page, callsTo, answer } = await open({
        getQueue: fail('unreachable', 'The backend timed out.'),
      });
      await page.getByRole('alert').waitFor();
      await answer(
        'getQueue',
        ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: queueEntries() }),
      );
      // Act
      await page.getByRole('button', { name: 'Retry' }).click();
      // Assess
      await page.locator('tbody tr').first().waitFor();
      expect(await callsTo('getQueue')).toHaveLength(2);
      expect(await page.getByRole('alert').count()).toBe(0);
    });
  });

  describe('decide', () => {
    it('approves every entry after Select all, in one call, and shows the counts', async () => {
      // Prepare
      const { page, callsTo, answer } = await open({ decideQueue: ok({ changed: 2, unchanged: 1 }) });
      // Act
      await page.getByLabel('Select all').check();
      // Assess: every box ticked
      expect(await page.locator('tbody input:checked').count()).toBe(3);
      // Act
      await answer('getQueue', ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: [] }));
      await page.getByRole('button', { name: 'Approve 3 selected' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe('Approved 2 messages; 1 unchanged (already decided or no longer planned).');
      expect(await callsTo('decideQueue')).toEqual([{ decision: 'approve', entries: allKeys }]);
      expect(await callsTo('getQueue')).toHaveLength(2);
    });

    it('says which hand-overs were refused, with the reasons, instead of counting them approved', async () => {
      // Prepare
      const { page } = await open({
        decideQueue: ok({
          changed: 2,
          unchanged: 0,
          refused: [{ customerId: 'C-0230', reasons: ['an invoice is disputed', 'a promise is open'] }],
        }),
      });
      // Act
      await page.getByLabel('Select all').check();
      await page.getByRole('button', { name: 'Approve 3 selected' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe(
          'Approved 2 messages. Not handed over, now a task to look at instead: C-0230 (an invoice is disputed; a promise is open).',
        );
    });

    it('skips only the ticked entries', async () => {
      // Prepare
      const { page, callsTo } = await open({ decideQueue: ok({ changed: 1, unchanged: 0 }) });
      // Act
      await page.getByLabel('Select Okafor Landscaping (C-0107)').check();
      // Assess: select-all shows a partial selection
      expect(await page.evaluate("document.getElementById('select-all').indeterminate")).toBe(true);
      // Act
      await page.getByRole('button', { name: 'Skip 1 selected' }).click();
      // Assess
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Skipped 1 message.');
      expect(await callsTo('decideQueue')).toEqual([{ decision: 'skip', entries: [allKeys[1]] }]);
    });

    it('sends an uncertain entry again only from its own button, one entry per call', async () => {
      // Prepare
      const { page, callsTo } = await open({
        getQueue: ok({
          asOf: '2026-11-23',
          timeZone: 'America/New_York',
          entries: [...queueEntries(), ...settlingEntries()],
        }),
        decideQueue: ok({ changed: 1, unchanged: 0 }),
      });
      // Act
      await page.getByLabel('Select all').check();
      // Assess: select-all ticks only the lines awaiting approval
      expect(await page.locator('tbody input:checked').count()).toBe(3);
      // Act
      await page.getByRole('button', { name: 'Send again' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe(
          'Brightwater Marina (C-0311): will be sent again at the next dispatch, after the same checks as any message.',
        );
      expect(await callsTo('decideQueue')).toEqual([
        {
          decision: 'approve',
          entries: [{ customerId: 'C-0311', stage: 'reminder-30', channel: 'email', cycle: '2026-10-20' }],
        },
      ]);
    });

    it('settles an uncertain entry with It was sent, and dismisses a failed one', async () => {
      // Prepare
      const { page, callsTo } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: settlingEntries() }),
        decideQueue: ok({ changed: 1, unchanged: 0 }),
      });
      // Act
      await page.getByRole('button', { name: "It was sent, don't resend" }).click();
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe('Brightwater Marina (C-0311): settled; it will not be sent again.');
      await page.getByRole('button', { name: 'Dismiss' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe('Lindqvist Bakery (C-0415): dismissed.');
      expect((await callsTo('decideQueue')).map((d) => (d as { decision: string }).decision)).toEqual([
        'skip',
        'skip',
      ]);
    });

    it('says why the backend refused a decision on one entry', async () => {
      // Prepare
      const { page } = await open({
        getQueue: ok({ asOf: '2026-11-23', timeZone: 'America/New_York', entries: settlingEntries() }),
        decideQueue: ok({
          changed: 0,
          unchanged: 0,
          refused: [{ customerId: 'C-0311', reasons: ['already sent'] }],
        }),
      });
      // Act
      await page.getByRole('button', { name: 'Send again' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe('Brightwater Marina (C-0311): not approved. already sent');
    });

    it('closes the dialog on Close', async () => {
      // Prepare
      const { page, closed } = await open({});
      // Act
      await page.getByRole('button', { name: 'Close' }).click();
      // Assess
      expect(await closed()).toBe(1);
    });
  });
});
