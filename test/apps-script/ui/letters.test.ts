// The Letters for today dialog in headless Chromium: lists the day's letters and who was left out,
// and offers the PDF the backend made as a download.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fail, launchBrowser, type OpenedPage, ok, openPage, screenshot } from './harness.js';

let browser: Browser;
let opened: OpenedPage | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await opened?.context.close();
  opened = undefined;
});

const PDF = Buffer.from('%PDF-1.7\n%test\n').toString('base64');

describe('letters for today dialog', () => {
  describe('load', () => {
    it('lists the letters and who was left out, and downloads the PDF', async () => {
      opened = await openPage(browser, 'letters', {
        answers: {
          lettersForToday: ok({
            asOf: '2026-11-23',
            letters: [
              { customerId: 'C-1014', stage: 'validation-notice' },
              { customerId: 'C-1020', stage: 'final-demand' },
            ],
            skipped: [{ customerId: 'C-1099', stage: 'final-demand', reason: 'no postal address on file' }],
            pdfBase64: PDF,
          }),
        },
        width: 560,
        height: 480,
      });
      const { page } = opened;
      await page.locator('#download').waitFor();
      expect(await page.locator('tbody tr').allTextContents()).toEqual([
        'C-1014validation-notice',
        'C-1020final-demand',
      ]);
      expect(await page.locator('#skipped').textContent()).toBe(
        'C-1099 (final-demand): no postal address on file',
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#download').click(),
      ]);
      expect(download.suggestedFilename()).toBe('letters-2026-11-23.pdf');
      await screenshot(page, 'letters-dialog');
    });

    it("shows the backend's reason when the office identity is incomplete", async () => {
      opened = await openPage(browser, 'letters', {
        answers: {
          lettersForToday: fail(
            'other',
            "no letter may go out until the office's identity is complete in Settings: the office's postal address is not set",
          ),
        },
      });
      await expect
        .poll(() => opened!.page.locator('#message').textContent())
        .toContain("the office's postal address is not set");
    });
  });
});
