// The "tomorrow's queue" dialog in headless Chromium: entries with reasons, select-all, bulk
// approve and skip through one decideQueue call, counts shown after.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queueEntries } from './fixtures.js';
import { type Answers, fail, launchBrowser, type OpenedPage, ok, openPage, screenshot } from './harness.js';

let browser: Browser;
let opened: OpenedPage | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (ctx) => {
  if (opened && ctx.task.result?.state === 'fail') await screenshot(opened.page, `queue ${ctx.task.name}`);
  await opened?.context.close();
  opened = undefined;
});

async function open(answers: Answers): Promise<OpenedPage> {
  opened = await openPage(browser, 'queue', {
    answers: { getQueue: ok({ asOf: '2026-11-23', entries: queueEntries() }), ...answers },
    width: 720,
    height: 520,
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
    it('shows each planned message with its reason', async () => {
      // Prepare
      const { page, pageErrors, outsideRequests } = await open({});
      // Act
      const rows = page.locator('tbody tr');
      // Assess
      expect(await page.locator('#queue-summary').textContent()).toBe(
        '3 messages planned after 2026-11-23. Tick the ones to approve or skip.',
      );
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
        '',
        'Hartwell Dental GroupC-0042',
        'reminder-60 by email2026-11-24 09:00',
        '$4,827.50',
        'Oldest invoice is 61 days past due; reminder-60 not yet sent this cycle.',
      ]);
      expect(await rows.nth(2).locator('td').nth(1).textContent()).toBe('C-0230');
      expect(await page.getByRole('button', { name: /Approve/ }).isDisabled()).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'queue-dialog');
    });

    it('says so when nothing is planned', async () => {
      // Prepare, Act
      const { page } = await open({ getQueue: ok({ asOf: '2026-11-23', entries: [] }) });
      // Assess
      expect(await page.locator('#queue-summary').textContent()).toBe(
        'Nothing is planned to go out after 2026-11-23.',
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
      await answer('getQueue', ok({ asOf: '2026-11-23', entries: [] }));
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
